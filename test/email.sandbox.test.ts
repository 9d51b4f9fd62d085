import axios, { type AxiosRequestConfig } from 'axios';

import { seedDemo } from './sandbox/demo';
import { addAccount } from './sandbox/routes/accounts';
import { emails } from './sandbox/routes/emails';
import { fireEvent } from './sandbox/routes/webhooks';
import { startSandbox, type Sandbox } from './sandbox';

// The sandbox's Unibox: what the Email resource and the reply loop rely on.
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	sandbox.rateLimit = false;
	seedDemo(sandbox.state);
});

function call(config: AxiosRequestConfig) {
	return axios.request({
		baseURL: sandbox.url,
		validateStatus: () => true,
		...config,
		headers: { Authorization: `Bearer ${sandbox.apiKey}` },
	});
}

const received = () => [...emails(sandbox.state).values()].find((e) => e.ue_type === 2 && e.is_unread)!;

describe('POST /emails/reply', () => {
	it('stores the reply in the thread of the email answered, from the account given', async () => {
		const answered = received();
		const res = await call({
			method: 'POST',
			url: '/api/v2/emails/reply',
			data: { reply_to_uuid: answered.id, eaccount: 'alex@outreach-demo.io', subject: 'Re: x', body: { text: 'Hi' }, cc_address_email_list: 'a@b.io, c@d.io' },
		});
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({
			thread_id: answered.thread_id,
			lead: answered.lead,
			eaccount: 'alex@outreach-demo.io',
			from_address_email: 'alex@outreach-demo.io',
			to_address_email_list: answered.lead,
			ue_type: 3,
			body: { text: 'Hi' },
			cc_address_email_list: 'a@b.io,c@d.io',
		});
	});

	it.each([
		[{ eaccount: 'alex@outreach-demo.io', subject: 's', body: { text: 'x' } }, 400, "body must have required property 'reply_to_uuid'"],
		[{ reply_to_uuid: 'nope', eaccount: 'alex@outreach-demo.io', subject: 's', body: { text: 'x' } }, 400, 'body/reply_to_uuid must match format "uuid"'],
		[{ subject: 's', body: { text: 'x' } }, 400, "body must have required property 'reply_to_uuid'"],
		[{ ID: 1, eaccount: 'alex@outreach-demo.io', subject: 's', body: {} }, 400, 'body/body must have text or html'],
		[{ ID: 1, eaccount: 'alex@outreach-demo.io', subject: 's', body: { text: 'x' }, bcc_address_email_list: 'a@b.io,nope' }, 400, 'body/bcc_address_email_list must be a comma-separated list of email addresses ("nope" is not one)'],
		[{ ID: 1, eaccount: 'nobody@elsewhere.io', subject: 's', body: { text: 'x' } }, 404, 'Account not found'],
		[{ ID: 1, reply_to_uuid: '019a0000-0000-7000-8000-00000000ffff', eaccount: 'alex@outreach-demo.io', subject: 's', body: { text: 'x' } }, 404, 'Email to reply to not found'],
	])('refuses %j with %i', async (data, status, message) => {
		const { ID, ...body } = data as Record<string, unknown>;
		if (ID) body.reply_to_uuid ??= received().id;
		const res = await call({ method: 'POST', url: '/api/v2/emails/reply', data: body });
		expect([res.status, res.data.message]).toEqual([status, message]);
	});
});

describe('GET /emails', () => {
	it('filters by type, account, lead, unread, thread search and pages with an opaque cursor', async () => {
		const all = [...emails(sandbox.state).values()];
		const list = async (params: Record<string, unknown>) => (await call({ url: '/api/v2/emails', params })).data;
		expect((await list({ email_type: 'received' })).items.every((e: { ue_type: number }) => e.ue_type === 2)).toBe(true);
		expect((await list({ eaccount: 'sam@outreach-demo.io' })).items).toHaveLength(3);
		expect((await list({ lead: 'JANE.DOE@northwind.io' })).items).toHaveLength(2);
		expect((await list({ is_unread: true })).items).toHaveLength(1);
		const thread = all[0].thread_id;
		expect((await list({ search: `thread:${thread}` })).items.map((e: { id: string }) => e.id)).toEqual(
			all.filter((e) => e.thread_id === thread).map((e) => e.id).reverse(),
		);
		expect((await list({ latest_of_thread: true })).items).toHaveLength(3);

		const first = await list({ limit: 2, sort_order: 'asc' });
		expect(first.items.map((e: { id: string }) => e.id)).toEqual(all.slice(0, 2).map((e) => e.id));
		expect(first.next_starting_after).not.toContain(all[1].id);
		const second = await list({ limit: 100, sort_order: 'asc', starting_after: first.next_starting_after });
		expect(second.items.map((e: { id: string }) => e.id)).toEqual(all.slice(2).map((e) => e.id));
		expect(second.next_starting_after).toBeUndefined();
		const bad = await call({ url: '/api/v2/emails', params: { starting_after: 'garbage' } });
		expect(bad.status).toBe(400);
	});
});

it('gets, patches, deletes, counts unread and marks a thread as read', async () => {
	const email = received();
	expect((await call({ url: '/api/v2/emails/unread/count' })).data).toEqual({ count: 1 });
	expect((await call({ url: `/api/v2/emails/${email.id}` })).data.id).toBe(email.id);
	const patched = await call({ method: 'PATCH', url: `/api/v2/emails/${email.id}`, data: { reminder_ts: '2026-12-10T09:00:00.000Z' } });
	expect(patched.data.reminder_ts).toBe('2026-12-10T09:00:00.000Z');
	expect((await call({ method: 'PATCH', url: `/api/v2/emails/${email.id}`, data: { is_read: true } })).status).toBe(400);
	expect((await call({ method: 'POST', url: `/api/v2/emails/threads/${email.thread_id}/mark-as-read` })).data).toEqual({ success: true });
	expect((await call({ url: '/api/v2/emails/unread/count' })).data).toEqual({ count: 0 });
	expect((await call({ method: 'DELETE', url: `/api/v2/emails/${email.id}` })).status).toBe(200);
	expect((await call({ url: `/api/v2/emails/${email.id}` })).status).toBe(404);
});

it('puts a reply_received event’s reply in the Unibox under the event’s email_id, from a workspace account', async () => {
	addAccount(sandbox.state, { email: 'zed@outreach-demo.io' });
	const { payload } = await fireEvent(sandbox.state, { event_type: 'reply_received', lead_email: 'raj.patel@contoso.com' });
	expect(payload.email_account).toBe('alex@outreach-demo.io');
	const reply = emails(sandbox.state).get(String(payload.email_id))!;
	expect(reply).toMatchObject({ ue_type: 2, lead: 'raj.patel@contoso.com', eaccount: 'alex@outreach-demo.io', is_unread: true, subject: payload.reply_subject });
	const thread = [...emails(sandbox.state).values()].filter((e) => e.thread_id === reply.thread_id);
	expect(thread.map((e) => e.ue_type)).toEqual([1, 2]);
	// Other events leave the Unibox alone.
	const before = emails(sandbox.state).size;
	await fireEvent(sandbox.state, { event_type: 'lead_interested', lead_email: 'raj.patel@contoso.com' });
	expect(emails(sandbox.state).size).toBe(before);
});
