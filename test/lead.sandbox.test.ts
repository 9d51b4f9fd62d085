/**
 * The sandbox's lead endpoints answer as Instantly documents them — the node's tests rely on it, so
 * its validation and counts are checked here directly, without the node in between.
 */
import { InstantlyV2Api } from '../credentials/InstantlyV2Api.credentials';
import { startSandbox, type Sandbox } from './sandbox';
import { backgroundJobs, planBackgroundJobs } from './sandbox/routes/backgroundJobs';
import { addBlockListEntry } from './sandbox/routes/blockListEntries';
import { addCampaign, type Campaign } from './sandbox/routes/campaigns';
import { addLeadList, type LeadList } from './sandbox/routes/leadLists';
import { addLead, leads } from './sandbox/routes/leads';

let sandbox: Sandbox;
let campaign: Campaign;
let list: LeadList;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => {
	sandbox.reset();
	campaign = addCampaign(sandbox.state, 'Spring launch');
	list = addLeadList(sandbox.state, 'Webinar');
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: {
			authorization: `Bearer ${sandbox.apiKey}`,
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, json: await response.json() };
}

const bad = (message: string) => ({ statusCode: 400, error: 'Bad Request', message });

describe('POST /leads/add', () => {
	test('counts each reason a lead is not created, and indexes the created ones', async () => {
		addBlockListEntry(sandbox.state, 'blocked.com');
		addLead(sandbox.state, { email: 'here@acme.com' }, { campaign: campaign.id });
		addLead(sandbox.state, { email: 'elsewhere@acme.com' }, { list_id: list.id });
		const { status, json } = await call('POST', '/api/v2/leads/add', {
			campaign_id: campaign.id,
			skip_if_in_list: true,
			leads: [
				{ email: 'new@acme.com', first_name: 'New' },
				{ email: 'NEW@acme.com' },
				{ email: 'x@blocked.com' },
				{ email: 'here@acme.com' },
				{ email: 'elsewhere@acme.com' },
				{ email: 'broken' },
				{ first_name: 'No email' },
				{ email: 'second@acme.com', phone: '+1' },
			],
		});

		expect(status).toBe(200);
		const created = [...leads(sandbox.state).values()].filter((l) => l.email === 'new@acme.com' || l.email === 'second@acme.com');
		expect(json).toEqual({
			status: 'success',
			total_sent: 8,
			leads_uploaded: 2,
			in_blocklist: 1,
			blocklist_used: expect.any(String),
			duplicated_leads: 1,
			skipped_count: 1,
			invalid_email_count: 2,
			incomplete_count: 0,
			duplicate_email_count: 1,
			remaining_in_plan: 99_998,
			created_leads: [
				{ index: 0, id: created[0].id, email: 'new@acme.com', first_name: 'New', last_name: null, phone: null },
				{ index: 7, id: created[1].id, email: 'second@acme.com', first_name: null, last_name: null, phone: '+1' },
			],
		});
	});

	test('a list counts leads with neither email nor name as incomplete, and has no plan count', async () => {
		const { json } = await call('POST', '/api/v2/leads/add', {
			list_id: list.id,
			leads: [{ first_name: 'Only a name' }, { company_name: 'Nothing else' }],
		});

		expect(json).toMatchObject({ leads_uploaded: 1, incomplete_count: 1, remaining_in_plan: null });
	});

	test.each([
		['both destinations', { campaign_id: 'C', list_id: 'L', leads: [{ email: 'a@b.co' }] }, 'You must provide either campaign_id or list_id, but not both'],
		['no destination', { leads: [{ email: 'a@b.co' }] }, 'You must provide either campaign_id or list_id, but not both'],
		['an unknown lead field', { campaign_id: 'C', leads: [{ email: 'a@b.co', company: 'x' }] }, 'body/leads/0 must NOT have additional properties'],
		['more than 1,000 leads', { campaign_id: 'C', leads: Array.from({ length: 1001 }, () => ({})) }, 'body/leads must NOT have more than 1000 items'],
		['no leads', { campaign_id: 'C', leads: [] }, 'body/leads must NOT have fewer than 1 items'],
		['a custom variable that is an object', { campaign_id: 'C', leads: [{ email: 'a@b.co', custom_variables: { a: {} } }] }, 'body/leads/0/custom_variables/a must be string,number,boolean,null'],
	])('rejects %s with 400', async (_, body, message) => {
		const resolved = JSON.parse(JSON.stringify(body).replace('"C"', `"${campaign.id}"`).replace('"L"', `"${list.id}"`));
		const { status, json } = await call('POST', '/api/v2/leads/add', resolved);

		expect([status, json]).toEqual([400, bad(message)]);
		expect(leads(sandbox.state).size).toBe(0);
	});
});

describe('the other lead endpoints', () => {
	test('PATCH /leads/{id} accepts only the lead fields, and not an empty body', async () => {
		const lead = addLead(sandbox.state, { email: 'a@acme.com' }, { campaign: campaign.id });

		expect(await call('PATCH', `/api/v2/leads/${lead.id}`, { email: 'b@acme.com' })).toEqual({
			status: 400,
			json: bad('body must NOT have additional properties'),
		});
		expect(await call('PATCH', `/api/v2/leads/${lead.id}`, {})).toEqual({
			status: 400,
			json: bad('body must NOT have fewer than 1 properties'),
		});
		expect((await call('PATCH', `/api/v2/leads/${lead.id}`, { first_name: 'Ann' })).json).toMatchObject({ first_name: 'Ann' });
	});

	test('POST /leads takes `campaign`, not `campaign_id`, and needs an email for a campaign', async () => {
		expect((await call('POST', '/api/v2/leads', { email: 'a@acme.com', campaign_id: campaign.id })).json).toEqual(
			bad('body must NOT have additional properties'),
		);
		expect((await call('POST', '/api/v2/leads', { first_name: 'A', campaign: campaign.id })).status).toBe(400);
		expect((await call('POST', '/api/v2/leads', { first_name: 'A', list_id: list.id })).status).toBe(200);
	});

	test('the credential test request, POST /leads/list {limit: 1}, answers one lead', async () => {
		addLead(sandbox.state, { email: 'a@acme.com' });
		addLead(sandbox.state, { email: 'b@acme.com' });
		const { request } = new InstantlyV2Api().test;

		const { status, json } = await call(String(request.method), String(request.url), request.body);
		expect(status).toBe(200);
		expect(json.items).toHaveLength(1);
		expect(json.next_starting_after).toBe(json.items[0].id);
	});

	test('DELETE /leads without a limit deletes every match (why the node requires one)', async () => {
		for (let i = 0; i < 5; i++) addLead(sandbox.state, { email: `l${i}@acme.com` }, { campaign: campaign.id });

		expect((await call('DELETE', '/api/v2/leads', { campaign_id: campaign.id })).json).toEqual({ count: 5 });
		expect((await call('DELETE', '/api/v2/leads', { campaign_id: campaign.id, limit: 0 })).json).toEqual(bad('body/limit must be >= 1'));
	});

	test('a move job is pending, then in progress, then done after the planned polls', async () => {
		const lead = addLead(sandbox.state, { email: 'a@acme.com' }, { list_id: list.id });
		planBackgroundJobs(sandbox.state, { polls: 3 });
		const { json: job } = await call('POST', '/api/v2/leads/move', { to_campaign_id: campaign.id, list_id: list.id });

		expect(job).toMatchObject({ type: 'move-leads', status: 'pending', progress: 0 });
		const seen = [];
		for (let i = 0; i < 4; i++) seen.push((await call('GET', `/api/v2/background-jobs/${job.id}`)).json.status);
		expect(seen).toEqual(['in-progress', 'in-progress', 'success', 'success']);
		expect(leads(sandbox.state).get(lead.id)).toMatchObject({ campaign: campaign.id, list_id: null });
		expect(backgroundJobs(sandbox.state).get(job.id)?.data).toMatchObject({ leads_moved: 1 });
	});

	test('GET /campaigns and /lead-lists search by name and page with a cursor', async () => {
		addCampaign(sandbox.state, 'Spring follow-up');
		addCampaign(sandbox.state, 'Winter');
		const first = await call('GET', '/api/v2/campaigns?search=spring&limit=1');
		expect(first.json.items.map((c: Campaign) => c.name)).toEqual(['Spring launch']);
		const second = await call('GET', `/api/v2/campaigns?search=spring&limit=1&starting_after=${first.json.next_starting_after}`);
		expect(second.json).toEqual({ items: [expect.objectContaining({ name: 'Spring follow-up' })] });

		addLeadList(sandbox.state, 'Newsletter');
		expect((await call('GET', '/api/v2/lead-lists?search=news')).json.items.map((l: LeadList) => l.name)).toEqual(['Newsletter']);
	});
});
