import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Instantly } from '../nodes/Instantly/Instantly.node';
import { recoverReply } from '../nodes/Instantly/resources/email/reply';
import { routedOperations } from '../nodes/Instantly/shared/routing';

import { runNode, type Credentials } from './engine';
import type { Sandbox } from './sandbox';
import { addAccount } from './sandbox/routes/accounts';
import { addCampaign } from './sandbox/routes/campaigns';
import { addLeadList } from './sandbox/routes/leadLists';
import { addLead } from './sandbox/routes/leads';
import { addEmail, addReceivedReply, emails, type Email } from './sandbox/routes/emails';
import { useSandbox } from './support/useSandbox';

const EMAILS = '/api/v2/emails';
const TOOL_TYPE = 'n8n-nodes-instantly-v2.instantlyTool';
const ALEX = 'alex@outreach-demo.io';

let sandbox: Sandbox;
let credentials: Credentials;
let received: Email;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});
beforeEach(() => {
	addAccount(sandbox.state, { email: ALEX });
	addAccount(sandbox.state, { email: 'sam@outreach-demo.io' });
	// A lead's reply, as a reply_received event leaves it in the Unibox (after the campaign's email).
	received = addReceivedReply(sandbox.state, {
		email_id: '019a0000-beef-7000-8000-0000000000e1',
		lead_email: 'jane@northwind.io',
		email_account: ALEX,
		email_subject: 'Quick question',
		reply_subject: 'Re: Quick question',
		reply_text: 'Sounds interesting, can we talk on Tuesday?',
	})!;
	sandbox.resetLog();
});

const sent = () => sandbox.requests.map((r) => [r.method, r.path, r.query, r.body]);
const run = (parameters: INodeParameters, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({ parameters: { resource: 'email', ...parameters }, credentials, ...extra });
const account = (email: string) => ({ __rl: true, mode: 'email', value: email });
const replies = () => [...emails(sandbox.state).values()].filter((e) => e.ue_type === 3);

const reply = (overrides: INodeParameters = {}): INodeParameters => ({
	operation: 'reply',
	replyToEmailId: '={{ $json.email_id }}',
	eaccount: account('={{ $json.email_account }}'),
	subject: '={{ $json.reply_subject }}',
	bodyText: 'Tuesday works. 10am?',
	...overrides,
});
const event = () => ({ email_id: received.id, email_account: ALEX, reply_subject: 'Re: Quick question' });

function expectRefused(error: Awaited<ReturnType<typeof runNode>>['error'], message: string) {
	expect(sandbox.requests).toHaveLength(0);
	expect(error?.name).toBe('NodeOperationError');
	expect(error?.message).toBe(message);
	expect(error?.description).toBeTruthy();
}

describe('Email → Reply', () => {
	it('maps the trigger’s email_id and email_account in and posts the reply; it lands in the thread, from the account', async () => {
		const { items, error } = await run(reply(), { items: [event()] });
		expect(error).toBeUndefined();
		expect(sent()).toEqual([
			['POST', `${EMAILS}/reply`, {}, { reply_to_uuid: received.id, eaccount: ALEX, subject: 'Re: Quick question', body: { text: 'Tuesday works. 10am?' } }],
		]);
		const [stored] = replies();
		expect(stored).toMatchObject({ thread_id: received.thread_id, eaccount: ALEX, from_address_email: ALEX, lead: 'jane@northwind.io' });
		expect(items).toEqual([{ json: stored, pairedItem: { item: 0 } }]);
	});

	it('sends HTML, CC/BCC (commas or a list) as comma-separated text, the reminder as ISO and the assignee', async () => {
		const { error } = await run(
			reply({
				options: {
					bodyHtml: '<p>Tuesday works.</p>',
					cc: ' ops@northwind.io ,  cfo@northwind.io ',
					bcc: '={{ ["crm@acme.io", "boss@acme.io"] }}',
					reminderTs: '2026-12-10T09:30:00',
					assignedTo: '0199f36c-d715-7d47-bf95-f163e8f9fc46',
				},
			}),
			{ items: [event()] },
		);
		expect(error).toBeUndefined();
		const body = sandbox.requests[0].body as IDataObject;
		expect(body).toEqual({
			reply_to_uuid: received.id,
			eaccount: ALEX,
			subject: 'Re: Quick question',
			body: { text: 'Tuesday works. 10am?', html: '<p>Tuesday works.</p>' },
			cc_address_email_list: 'ops@northwind.io,cfo@northwind.io',
			bcc_address_email_list: 'crm@acme.io,boss@acme.io',
			reminder_ts: new Date('2026-12-10T09:30:00').toISOString(),
			assigned_to: '0199f36c-d715-7d47-bf95-f163e8f9fc46',
		});
	});

	it('takes an HTML body alone', async () => {
		const { error } = await run(reply({ bodyText: '', options: { bodyHtml: '<p>Hi</p>' } }), { items: [event()] });
		expect(error).toBeUndefined();
		expect((sandbox.requests[0].body as IDataObject).body).toEqual({ html: '<p>Hi</p>' });
	});

	it.each([
		[{ replyToEmailId: '={{ $json.missing }}' }, 'The parameter "Reply To Email ID" is empty'],
		[{ replyToEmailId: 'jane@northwind.io' }, '"jane@northwind.io" in "Reply To Email ID" is not an ID'],
		[{ eaccount: account('={{ $json.missing }}') }, 'The parameter "From Account" is empty'],
		[{ eaccount: account('alex at outreach') }, '"alex at outreach" in "From Account" is not an email address'],
		[{ subject: '  ' }, 'The parameter "Subject" is empty'],
		[{ bodyText: ' ' }, 'The reply has no body'],
		[{ options: { cc: 'ops@northwind.io, nope' } }, '"nope" in "Options → CC" is not a valid email address'],
		[{ options: { bcc: '={{ ["crm@acme", "x@y.io"] }}' } }, '"crm@acme" in "Options → BCC" is not a valid email address'],
		[{ options: { reminderTs: 'next tuesday' } }, '"next tuesday" in "Options → Reminder" is not a date'],
		[{ options: { assignedTo: 'Alex' } }, '"Alex" in "Options → Assigned To" is not an ID'],
	])('refuses %j before sending anything', async (overrides, message) => {
		const { error } = await run(reply(overrides as INodeParameters), { items: [event()] });
		expectRefused(error, message);
		expect(replies()).toHaveLength(0);
	});

	it('Instantly’s errors are NodeApiErrors with its message: 404 for an unknown email, 404 for a foreign account, 401', async () => {
		const missing = '019a0000-dead-7bee-8f00-0000000000aa';
		const unknown = await run(reply(), { items: [{ ...event(), email_id: missing }] });
		expect([unknown.error?.name, unknown.error?.httpCode, unknown.error?.message]).toEqual(['NodeApiError', '404', 'Instantly answered 404: Email to reply to not found']);
		const foreign = await run(reply(), { items: [{ ...event(), email_account: 'kim@elsewhere.io' }] });
		expect(foreign.error?.message).toBe('Instantly answered 404: Account not found');
		const denied = await runNode({ parameters: { resource: 'email', ...reply() }, items: [event()], credentials: { ...credentials, apiKey: 'wrong-key' } });
		expect([denied.error?.httpCode, denied.error?.message]).toEqual(['401', 'Instantly answered 401: Invalid API key']);
		expect(denied.error?.message).not.toContain('wrong-key');
		expect(replies()).toHaveLength(0);
	});

	it('is never resent after a 5xx or a dropped connection, and the error says to look in the Unibox thread', async () => {
		sandbox.inject({ fault: { kind: 'status', status: 503 }, method: 'POST', path: `${EMAILS}/reply`, times: 1 });
		const unavailable = await run(reply(), { items: [event()] });
		expect(sandbox.requests).toHaveLength(1);
		expect(unavailable.error?.httpCode).toBe('503');
		expect(unavailable.error?.description).toMatch(/not sent again.*look in|Unibox/);

		sandbox.resetLog();
		sandbox.inject({ fault: { kind: 'drop', processed: true }, method: 'POST', path: `${EMAILS}/reply`, times: 1 });
		const dropped = await run(reply(), { items: [event()] });
		expect(sandbox.requests).toHaveLength(1);
		expect(dropped.error?.message).toBe('The connection to Instantly was interrupted');
		expect(dropped.error?.description).toContain('open the thread in Instantly’s Unibox and look whether it went out before sending it again');
		expect(replies()).toHaveLength(1);
	});

	it('Retry On Fail does not send a reply twice when the first try’s answer was lost', async () => {
		sandbox.inject({ fault: { kind: 'drop', processed: true }, method: 'POST', path: `${EMAILS}/reply`, times: 1 });
		const { items, error } = await run(reply(), { items: [event()], retry: { maxTries: 3 } });
		expect(error).toBeUndefined();
		expect(sandbox.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
		expect(replies()).toHaveLength(1);
		expect(items).toEqual([{ json: replies()[0], pairedItem: { item: 0 } }]);
	});

	it('Retry On Fail after a 404 (nothing sent) sends the reply once the email exists', async () => {
		sandbox.inject({ fault: { kind: 'status', status: 404, body: { statusCode: 404, error: 'Not Found', message: 'Email to reply to not found' } }, method: 'POST', times: 1 });
		const { items, error } = await run(reply(), { items: [event()], retry: { maxTries: 2 } });
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => r.status)).toEqual([404, 200]);
		expect(replies()).toHaveLength(1);
		expect(items).toHaveLength(1);
	});
});

describe('recover (Reply)', () => {
	/**
	 * `recover` runs with an item's context; until execute.ts calls it, the test calls it from Get Unread Count's
	 * output hook (a real IExecuteSingleFunctions of a real run) and puts out what it found.
	 */
	async function recover(body: IDataObject) {
		const operations = routedOperations(new Instantly().description.properties);
		const route = operations.find((o) => o.resource === 'email' && o.operation === 'getUnreadCount')!.route;
		route.output = async function (this, _response) {
			const found = await recoverReply.call(this, { method: 'POST', url: `${EMAILS}/reply`, body, itemIndex: 0 });
			return found ?? [{ recovered: false }];
		};
		try {
			const result = await run({ operation: 'getUnreadCount' });
			return { ...result, requests: sandbox.requests.slice(1).map((r) => [r.method, r.path, r.query]) };
		} finally {
			delete route.output;
		}
	}
	const body = () => ({ reply_to_uuid: received.id, eaccount: ALEX, subject: 'Re: Quick question', body: { text: 'Tuesday works. 10am?' } });

	it('finds a reply that went out: in the thread, from the account, same subject and body', async () => {
		await run(reply(), { items: [event()] });
		sandbox.resetLog();
		const { items, requests } = await recover(body());
		expect(items.map((i) => i.json)).toEqual([replies()[0]]);
		expect(requests).toEqual([
			['GET', `${EMAILS}/${received.id}`, {}],
			['GET', EMAILS, { search: `thread:${received.thread_id}`, eaccount: ALEX, sort_order: 'desc', limit: '100' }],
		]);
	});

	it('finds nothing when the reply did not go out, or differs (another body, another account, another thread)', async () => {
		expect((await recover(body())).items.map((i) => i.json)).toEqual([{ recovered: false }]);
		await run(reply({ bodyText: 'Something else' }), { items: [event()] });
		await run(reply(), { items: [{ ...event(), email_account: 'sam@outreach-demo.io' }] });
		const other = addEmail(sandbox.state, { lead: 'raj@contoso.com', eaccount: ALEX, ue_type: 2, subject: 'Re: Hi' });
		await run(reply(), { items: [{ ...event(), email_id: other.id }] });
		expect((await recover(body())).items.map((i) => i.json)).toEqual([{ recovered: false }]);
	});
});

describe('Email → Get, Update, Delete, Mark Thread as Read, Get Unread Count', () => {
	it('gets one email by ID; updates is_unread and the reminder; deletes it', async () => {
		const get = await run({ operation: 'get', emailId: received.id });
		expect(get.items).toEqual([{ json: emails(sandbox.state).get(received.id), pairedItem: { item: 0 } }]);
		const update = await run({ operation: 'update', emailId: received.id, updateFields: { isUnread: false, reminderTs: '2026-12-10T09:30:00Z' } });
		expect(update.error).toBeUndefined();
		expect(update.items[0].json).toMatchObject({ is_unread: false, reminder_ts: '2026-12-10T09:30:00.000Z' });
		const removed = await run({ operation: 'delete', emailId: received.id });
		expect(removed.items[0].json.id).toBe(received.id);
		expect(emails(sandbox.state).has(received.id)).toBe(false);
		expect(sent()).toEqual([
			['GET', `${EMAILS}/${received.id}`, {}, undefined],
			['PATCH', `${EMAILS}/${received.id}`, {}, { is_unread: false, reminder_ts: '2026-12-10T09:30:00.000Z' }],
			['DELETE', `${EMAILS}/${received.id}`, {}, undefined],
		]);
	});

	it('counts unread emails and marks a thread as read', async () => {
		const before = await run({ operation: 'getUnreadCount' });
		expect(before.items).toEqual([{ json: { count: 1 }, pairedItem: { item: 0 } }]);
		const marked = await run({ operation: 'markThreadAsRead', threadId: received.thread_id });
		expect(marked.error).toBeUndefined();
		expect((await run({ operation: 'getUnreadCount' })).items[0].json).toEqual({ count: 0 });
		expect(sent()).toEqual([
			['GET', `${EMAILS}/unread/count`, {}, undefined],
			['POST', `${EMAILS}/threads/${received.thread_id}/mark-as-read`, {}, undefined],
			['GET', `${EMAILS}/unread/count`, {}, undefined],
		]);
	});

	it.each([
		[{ operation: 'get', emailId: '={{ $json.missing }}' }, 'The parameter "Email ID" is empty'],
		[{ operation: 'delete', emailId: 'abc' }, '"abc" in "Email ID" is not an ID'],
		[{ operation: 'update', emailId: '019a0000-0000-7000-8000-0000000000e1', updateFields: {} }, 'Nothing to update: add at least one field to update'],
		[{ operation: 'markThreadAsRead', threadId: 'jane@northwind.io' }, '"jane@northwind.io" in "Thread ID" is not an ID'],
	])('refuses %j before sending anything', async (parameters, message) => {
		expectRefused((await run(parameters as INodeParameters)).error, message);
	});

	it('a missing email is Instantly’s 404', async () => {
		const { error } = await run({ operation: 'get', emailId: '019a0000-dead-7bee-8f00-0000000000aa' });
		expect([error?.name, error?.httpCode, error?.message]).toEqual(['NodeApiError', '404', 'Instantly answered 404: Resource not found']);
	});
});

describe('Email → Get Many', () => {
	it('sends every filter as Instantly names it (campaign and list by name too) and puts out one item per email', async () => {
		const campaign = addCampaign(sandbox.state, 'Q3 Outreach');
		const list = addLeadList(sandbox.state, 'Conference');
		addLead(sandbox.state, { email: 'jane@northwind.io' }, { list_id: list.id });
		for (const e of emails(sandbox.state).values()) e.campaign_id = campaign.id;
		sandbox.resetLog();
		const { items, error } = await run({
			operation: 'getAll',
			returnAll: true,
			filters: {
				campaignId: { __rl: true, mode: 'id', value: 'Q3 Outreach' },
				listId: { __rl: true, mode: 'list', value: list.id },
				eaccount: `${ALEX}, sam@outreach-demo.io`,
				lead: 'jane@northwind.io',
				emailType: 'received',
				isUnread: true,
				search: 'Tuesday',
				latestOfThread: true,
				sortOrder: 'asc',
				minTimestampCreated: '2020-01-01T00:00:00Z',
				maxTimestampCreated: '2099-01-01T00:00:00Z',
			},
		});
		expect(error).toBeUndefined();
		expect(sent()[1]).toEqual([
			'GET',
			EMAILS,
			{
				campaign_id: campaign.id,
				list_id: list.id,
				eaccount: `${ALEX},sam@outreach-demo.io`,
				lead: 'jane@northwind.io',
				email_type: 'received',
				is_unread: 'true',
				search: 'Tuesday',
				latest_of_thread: 'true',
				sort_order: 'asc',
				min_timestamp_created: '2020-01-01T00:00:00.000Z',
				max_timestamp_created: '2099-01-01T00:00:00.000Z',
				limit: '100',
			},
			undefined,
		]);
		expect(items).toEqual([{ json: emails(sandbox.state).get(received.id), pairedItem: { item: 0 } }]);
	});

	it('Return All follows the opaque cursor; Limit stops early', async () => {
		for (let i = 0; i < 250; i++) addEmail(sandbox.state, { lead: `l${i}@x.io`, eaccount: ALEX, ue_type: 1, subject: `#${i}` });
		const all = await run({ operation: 'getAll', returnAll: true });
		expect(all.items).toHaveLength(252);
		expect(new Set(all.items.map((i) => i.json.id)).size).toBe(252);
		expect(sandbox.requests.map((r) => r.query.limit)).toEqual(['100', '100', '100']);
		expect(sandbox.requests[1].query.starting_after).toBeTruthy();
		sandbox.resetLog();
		const some = await run({ operation: 'getAll', limit: 120 });
		expect(some.items).toHaveLength(120);
		expect(sandbox.requests.map((r) => r.query.limit)).toEqual(['100', '20']);
	});

	it.each([
		[{ lead: 'jane' }, '"jane" in "Filters → Lead Email" is not a valid email address'],
		[{ eaccount: '' }, 'The parameter "Filters → Sending Accounts" is empty'],
		[{ emailType: 'spam' }, '"spam" in "Filters → Email Type" is not an email type'],
		[{ minTimestampCreated: 'yesterday' }, '"yesterday" in "Filters → Received After" is not a date'],
	])('refuses the filter %j before sending anything', async (filters, message) => {
		expectRefused((await run({ operation: 'getAll', limit: 5, filters })).error, message);
	});
});

describe('As an AI Agent’s tool', () => {
	const tool = reply({
		replyToEmailId: "={{ $fromAI('email_id', 'The ID of the email to answer') }}",
		eaccount: account("={{ $fromAI('account', 'The sending account the lead wrote to') }}"),
		subject: "={{ $fromAI('subject', 'The subject of the reply') }}",
		bodyText: "={{ $fromAI('body', 'The text of the reply') }}",
	});

	it('"Reply to the lead" with the model’s subject and body: the reply goes out, and the model gets the sent email', async () => {
		const args = { email_id: received.id, account: ALEX, subject: 'Re: Quick question', body: 'Happy to! Tuesday 10am?' };
		const { items, error } = await run(tool, { items: [args], type: TOOL_TYPE });
		expect(error).toBeUndefined();
		expect(sent()).toEqual([['POST', `${EMAILS}/reply`, {}, { reply_to_uuid: received.id, eaccount: ALEX, subject: 'Re: Quick question', body: { text: 'Happy to! Tuesday 10am?' } }]]);
		expect(items.map((i) => i.json)).toEqual(replies());
	});

	it('a bad argument from the model is one line, and nothing is sent', async () => {
		const { error } = await run(tool, { items: [{ email_id: 'jane@northwind.io', account: ALEX, subject: 'Re', body: 'x' }], type: TOOL_TYPE });
		expect(error?.message).toBe('"jane@northwind.io" in "Reply To Email ID" is not an ID. Reply To Email ID takes a UUID such as 0199f36c-d715-7d47-bf95-f1626b43ea03.');
		expect(sandbox.requests).toHaveLength(0);
	});
});
