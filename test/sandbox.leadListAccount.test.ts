import axios, { type AxiosRequestConfig } from 'axios';

import { accounts, addAccount } from './sandbox/routes/accounts';
import { addLead, leads } from './sandbox/routes/leads';
import { addLeadList, leadLists } from './sandbox/routes/leadLists';
import { startSandbox, type Sandbox } from './sandbox';

// The sandbox's lead lists and sending accounts, pinned on what the node relies on.
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

function call(config: AxiosRequestConfig) {
	return axios.request({
		baseURL: sandbox.url,
		validateStatus: () => true,
		...config,
		headers: { Authorization: `Bearer ${sandbox.apiKey}` },
	});
}

describe('lead lists', () => {
	it('creates a list with a required name, and refuses a missing or wrongly typed field', async () => {
		const created = await call({ method: 'POST', url: '/api/v2/lead-lists', data: { name: 'Week 49', has_enrichment_task: true } });
		expect(created.status).toBe(200);
		expect(created.data).toMatchObject({ name: 'Week 49', has_enrichment_task: true });
		expect(leadLists(sandbox.state).get(created.data.id)).toEqual(created.data);
		const missing = await call({ method: 'POST', url: '/api/v2/lead-lists', data: { has_enrichment_task: true } });
		expect([missing.status, missing.data.message]).toEqual([400, "body must have required property 'name'"]);
		const owner = await call({ method: 'POST', url: '/api/v2/lead-lists', data: { name: 'x', owned_by: 'me' } });
		expect([owner.status, owner.data.message]).toEqual([400, 'body/owned_by must match format "uuid"']);
	});

	it('patches a list with a non-empty body, and 404s an unknown one', async () => {
		const list = addLeadList(sandbox.state, 'Old');
		const patched = await call({ method: 'PATCH', url: `/api/v2/lead-lists/${list.id}`, data: { name: 'New' } });
		expect([patched.status, patched.data.name]).toEqual([200, 'New']);
		const empty = await call({ method: 'PATCH', url: `/api/v2/lead-lists/${list.id}`, data: {} });
		expect([empty.status, empty.data.message]).toEqual([400, 'body must NOT have fewer than 1 properties']);
		const unknown = await call({ method: 'GET', url: `/api/v2/lead-lists/${sandbox.state.newId()}` });
		expect(unknown.status).toBe(404);
	});

	it('deletes a list together with its leads, leaving other leads alone', async () => {
		const list = addLeadList(sandbox.state, 'Gone');
		const other = addLeadList(sandbox.state, 'Stays');
		addLead(sandbox.state, { email: 'a@x.io' }, { list_id: list.id });
		const kept = addLead(sandbox.state, { email: 'b@x.io' }, { list_id: other.id });
		const deleted = await call({ method: 'DELETE', url: `/api/v2/lead-lists/${list.id}` });
		expect([deleted.status, deleted.data.id]).toEqual([200, list.id]);
		expect([...leadLists(sandbox.state).keys()]).toEqual([other.id]);
		expect([...leads(sandbox.state).values()].map((l) => l.id)).toEqual([kept.id]);
		expect((await call({ method: 'DELETE', url: `/api/v2/lead-lists/${list.id}` })).status).toBe(404);
	});
});

describe('sending accounts', () => {
	beforeEach(() => {
		addAccount(sandbox.state, { email: 'alex@outreach-demo.io', stat_warmup_score: 98 });
		addAccount(sandbox.state, { email: 'kim@outreach-demo.io', status: 2, warmup_status: 0, stat_warmup_score: 74 });
	});

	it('pauses (status 2) and resumes (status 1) an account by email; an unknown one is a 404', async () => {
		const paused = await call({ method: 'POST', url: '/api/v2/accounts/alex%40outreach-demo.io/pause' });
		expect([paused.status, paused.data.status]).toEqual([200, 2]);
		const resumed = await call({ method: 'POST', url: '/api/v2/accounts/kim@outreach-demo.io/resume' });
		expect([resumed.status, resumed.data.status]).toEqual([200, 1]);
		expect(accounts(sandbox.state).get('kim@outreach-demo.io')?.status).toBe(1);
		const unknown = await call({ method: 'POST', url: '/api/v2/accounts/nobody@outreach-demo.io/pause' });
		expect([unknown.status, unknown.data.message]).toEqual([404, 'Account not found']);
	});

	it('enables and disables warmup as background jobs that set warmup_status when they succeed', async () => {
		const job = await call({ method: 'POST', url: '/api/v2/accounts/warmup/enable', data: { emails: ['kim@outreach-demo.io'] } });
		expect(job.status).toBe(200);
		expect(job.data).toMatchObject({ type: 'enable-warmup', status: 'pending', data: { emails: ['kim@outreach-demo.io'] } });
		expect(accounts(sandbox.state).get('kim@outreach-demo.io')?.warmup_status).toBe(0);
		let status = job.data.status;
		for (let polls = 0; polls < 5 && status !== 'success'; polls++) {
			status = (await call({ url: `/api/v2/background-jobs/${job.data.id}` })).data.status;
		}
		expect(status).toBe('success');
		expect(accounts(sandbox.state).get('kim@outreach-demo.io')?.warmup_status).toBe(1);

		const all = await call({ method: 'POST', url: '/api/v2/accounts/warmup/disable', data: { include_all_emails: true } });
		expect(all.data.data.emails).toEqual(['alex@outreach-demo.io', 'kim@outreach-demo.io']);
	});

	it('refuses warmup changes for unknown accounts, malformed emails or none', async () => {
		const unknown = await call({ method: 'POST', url: '/api/v2/accounts/warmup/enable', data: { emails: ['nobody@outreach-demo.io'] } });
		expect([unknown.status, unknown.data.message]).toEqual([400, 'Account(s) not found in this workspace: nobody@outreach-demo.io']);
		const malformed = await call({ method: 'POST', url: '/api/v2/accounts/warmup/disable', data: { emails: ['nope'] } });
		expect([malformed.status, malformed.data.message]).toEqual([400, 'body/emails/0 must match format "email"']);
		const none = await call({ method: 'POST', url: '/api/v2/accounts/warmup/disable', data: { emails: [] } });
		expect(none.status).toBe(400);
	});

	it('answers warmup analytics per account and day, with totals that add up to the health score', async () => {
		const res = await call({
			method: 'POST',
			url: '/api/v2/accounts/warmup-analytics',
			data: { emails: ['alex@outreach-demo.io', 'kim@outreach-demo.io'] },
		});
		expect(res.status).toBe(200);
		const alex = res.data.aggregate_data['alex@outreach-demo.io'];
		expect(alex).toEqual({ sent: 70, landed_inbox: 70, landed_spam: 0, received: 70, health_score: 98, health_score_label: '98%' });
		const days = Object.values(res.data.email_date_data['alex@outreach-demo.io']) as Array<Record<string, number>>;
		expect(days).toHaveLength(7);
		expect(days.reduce((sum, day) => sum + day.landed_inbox, 0)).toBe(alex.landed_inbox);
		// Warmup paused: nothing sent, the score as the account carries it.
		expect(res.data.aggregate_data['kim@outreach-demo.io']).toMatchObject({ sent: 0, health_score: 74 });
		const unknown = await call({ method: 'POST', url: '/api/v2/accounts/warmup-analytics', data: { emails: ['x@y.io'] } });
		expect(unknown.status).toBe(400);
		const missing = await call({ method: 'POST', url: '/api/v2/accounts/warmup-analytics', data: {} });
		expect([missing.status, missing.data.message]).toEqual([400, "body must have required property 'emails'"]);
	});
});
