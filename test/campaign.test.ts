import { runNode, type Credentials } from './engine';
import { addCampaign, campaigns } from './sandbox/routes/campaigns';
import type { Sandbox } from './sandbox';
import { useSandbox } from './support/useSandbox';

const CAMPAIGNS = '/api/v2/campaigns';
const TOOL_TYPE = 'n8n-nodes-instantly-v2.instantlyTool';

let sandbox: Sandbox;
let credentials: Credentials;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});

const sent = () => sandbox.requests.map((r) => [r.method, r.path, r.query, r.body]);

const run = (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({ parameters: { resource: 'campaign', ...parameters }, credentials, ...extra });

/** Bad input: a NodeOperationError naming the field, nothing sent. */
function expectRefused(result: Awaited<ReturnType<typeof runNode>>, message: string) {
	expect(sandbox.requests).toHaveLength(0);
	expect(result.items).toHaveLength(0);
	expect(result.error?.name).toBe('NodeOperationError');
	expect(result.error?.message).toBe(message);
	expect(result.error?.description).toBeTruthy();
}

const WEEKDAYS = { '0': false, '1': true, '2': true, '3': true, '4': true, '5': true, '6': false };
const schedule = { timezone: 'America/Chicago', days: ['1', '2', '3', '4', '5'], from: '09:00', to: '17:00' };

describe('Campaign → Create', () => {
	it('posts name, one schedule, the sequence and the options, and outputs the created campaign', async () => {
		const { items, error } = await run({
			operation: 'create',
			name: ' Q4 Launch ',
			schedule,
			sequenceSteps: {
				steps: [
					{ subject: 'Quick question, {{firstName}}', body: 'Hi {{firstName}}', delay: 2 },
					{ subject: '', body: 'Bumping this', delay: 3 },
				],
			},
			options: { dailyLimit: 40, emailList: ['alex@outreach-demo.io', 'sam@outreach-demo.io'], stopOnReply: true, linkTracking: false, openTracking: true, textOnly: false },
		});
		expect(error).toBeUndefined();
		expect(sent()).toEqual([
			[
				'POST',
				CAMPAIGNS,
				{},
				{
					name: 'Q4 Launch',
					campaign_schedule: {
						schedules: [{ name: 'Default schedule', timing: { from: '09:00', to: '17:00' }, days: WEEKDAYS, timezone: 'America/Chicago' }],
					},
					sequences: [
						{
							steps: [
								{ type: 'email', delay: 2, variants: [{ subject: 'Quick question, {{firstName}}', body: 'Hi {{firstName}}' }] },
								{ type: 'email', delay: 3, variants: [{ subject: '', body: 'Bumping this' }] },
							],
						},
					],
					daily_limit: 40,
					email_list: ['alex@outreach-demo.io', 'sam@outreach-demo.io'],
					stop_on_reply: true,
					link_tracking: false,
					open_tracking: true,
					text_only: false,
				},
			],
		]);
		const [created] = [...campaigns(sandbox.state).values()];
		expect(items).toEqual([{ json: created, pairedItem: { item: 0 } }]);
		expect(created).toMatchObject({ name: 'Q4 Launch', status: 0, daily_limit: 40 });
	});

	it('takes what an expression or an AI Agent gives: day names, "9:00", a common time zone name, accounts as text', async () => {
		const { error } = await run(
			{
				operation: 'create',
				name: '={{ $json.name }}',
				schedule: { timezone: '={{ $json.tz }}', days: '={{ $json.days }}', from: '9:00', to: '17:30' },
				options: { emailList: '={{ $json.accounts }}' },
			},
			{ items: [{ name: 'EU push', tz: 'Europe/London', days: 'Mon, tue,Wednesday', accounts: 'alex@outreach-demo.io, sam@outreach-demo.io' }] },
		);
		expect(error).toBeUndefined();
		expect(sandbox.requests[0].body).toEqual({
			name: 'EU push',
			campaign_schedule: {
				schedules: [
					{
						name: 'Default schedule',
						timing: { from: '09:00', to: '17:30' },
						days: { '0': false, '1': true, '2': true, '3': true, '4': false, '5': false, '6': false },
						timezone: 'Europe/Isle_of_Man',
					},
				],
			},
			email_list: ['alex@outreach-demo.io', 'sam@outreach-demo.io'],
		});
	});

	it('with the schedule left as it comes: weekdays 09:00–17:00, America/Chicago; no sequence, no options', async () => {
		const { error } = await run({ operation: 'create', name: 'Defaults' });
		expect(error).toBeUndefined();
		expect(sandbox.requests[0].body).toEqual({
			name: 'Defaults',
			campaign_schedule: { schedules: [{ name: 'Default schedule', timing: { from: '09:00', to: '17:00' }, days: WEEKDAYS, timezone: 'America/Chicago' }] },
		});
	});

	it.each([
		[{ schedule: { ...schedule, timezone: 'Mars/Olympus_Mons' } }, '"Mars/Olympus_Mons" in "Schedule → Timezone" is not a time zone Instantly accepts'],
		[{ schedule: { ...schedule, from: '25:00' } }, '"25:00" in "Schedule → From" is not a time'],
		[{ schedule: { ...schedule, from: '18:00' } }, 'The schedule ends (17:00) before it starts (18:00)'],
		[{ schedule: { ...schedule, days: [] } }, 'The schedule has no days to send on'],
		[{ schedule: { ...schedule, days: '={{ "Mon, Funday" }}' } }, '"Funday" in "Schedule → Days" is not a day of the week'],
		[{ name: '={{ " " }}' }, 'The parameter "Name" is empty'],
		[{ options: { dailyLimit: 0 } }, '"0" in "Options → Daily Limit" is not a whole number of at least 1'],
		[{ options: { emailList: '={{ "alex@" }}' } }, '"alex@" in "Options → Sending Accounts" is not an email address'],
		[{ sequenceSteps: { steps: [{ subject: '', body: 'x', delay: 1 }] } }, 'The first sequence step has no subject'],
	])('refuses %j before sending anything', async (parameters, message) => {
		expectRefused(await run({ operation: 'create', name: 'X', schedule, ...parameters }), message);
	});

	it('Instantly (the sandbox) answers a time zone outside its list with a 400, as Instantly does', async () => {
		// What the node's check protects from: the same body with the zone Instantly refuses.
		const response = await fetch(`${sandbox.url}${CAMPAIGNS}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				name: 'X',
				campaign_schedule: { schedules: [{ name: 'S', timing: { from: '09:00', to: '17:00' }, days: WEEKDAYS, timezone: 'America/New_York' }] },
			}),
		});
		expect(response.status).toBe(400);
		expect(((await response.json()) as { message: string }).message).toBe(
			'body/campaign_schedule/schedules/0/timezone must be equal to one of the allowed values',
		);
	});
});

describe('Campaign → Get, Get Many', () => {
	it('gets one campaign by ID, by URL, or by its exact name (looked up)', async () => {
		const campaign = addCampaign(sandbox.state, 'Q3 Outreach');
		const url = `https://app.instantly.ai/app/campaign/${campaign.id}/analytics`;
		for (const campaignId of [campaign.id, { __rl: true, mode: 'url', value: url }, { __rl: true, mode: 'id', value: 'q3 outreach' }]) {
			const { items, error } = await run({ operation: 'get', campaignId });
			expect(error).toBeUndefined();
			expect(items).toEqual([{ json: campaign, pairedItem: { item: 0 } }]);
		}
		expect(sent()).toEqual([
			['GET', `${CAMPAIGNS}/${campaign.id}`, {}, undefined],
			['GET', `${CAMPAIGNS}/${campaign.id}`, {}, undefined],
			['GET', CAMPAIGNS, { search: 'q3 outreach', limit: '100' }, undefined],
			['GET', `${CAMPAIGNS}/${campaign.id}`, {}, undefined],
		]);
	});

	it('lists with search, status (by name too) and tags, one item per campaign', async () => {
		addCampaign(sandbox.state, 'Q3 Outreach', 1);
		const paused = addCampaign(sandbox.state, 'Q3 Paused', 2, { email_tag_list: ['019a0000-0000-7000-8000-0000000000aa'] });
		addCampaign(sandbox.state, 'Other', 2);
		const byNumber = await run({ operation: 'getAll', returnAll: true, filters: { search: 'Q3', status: 2 } });
		const byName = await run({ operation: 'getAll', limit: 10, filters: { status: '={{ "paused" }}', tagIds: '019a0000-0000-7000-8000-0000000000aa' } });
		expect(byNumber.items).toEqual([{ json: paused, pairedItem: { item: 0 } }]);
		expect(byName.items.map((i) => i.json.id)).toEqual([paused.id]);
		expect(sandbox.requests.map((r) => r.query)).toEqual([
			{ search: 'Q3', status: '2', limit: '100' },
			{ status: '2', tag_ids: '019a0000-0000-7000-8000-0000000000aa', limit: '10' },
		]);
	});

	it('refuses a status that is not one', async () => {
		expectRefused(await run({ operation: 'getAll', limit: 5, filters: { status: '={{ "sleeping" }}' } }), '"sleeping" in "Filters → Status" is not a campaign status');
	});
});

describe('Campaign → Update, Activate, Pause, Delete', () => {
	it('patches only the fields added', async () => {
		const campaign = addCampaign(sandbox.state, 'Old');
		const { items, error } = await run({ operation: 'update', campaignId: campaign.id, updateFields: { name: ' New ', dailyLimit: '={{ "25" }}', openTracking: true } });
		expect(error).toBeUndefined();
		expect(sent()).toEqual([['PATCH', `${CAMPAIGNS}/${campaign.id}`, {}, { name: 'New', daily_limit: 25, open_tracking: true }]]);
		expect(items[0].json).toMatchObject({ id: campaign.id, name: 'New', daily_limit: 25, open_tracking: true });
	});

	it('refuses an empty update', async () => {
		const campaign = addCampaign(sandbox.state, 'Old');
		expectRefused(await run({ operation: 'update', campaignId: campaign.id, updateFields: {} }), 'Nothing to update: add at least one field to update');
	});

	it('activates and pauses (bodiless POSTs) and deletes, one item per input item', async () => {
		const a = addCampaign(sandbox.state, 'A', 0);
		const b = addCampaign(sandbox.state, 'B', 0);
		const items = [{ id: a.id }, { id: b.id }];
		const activated = await run({ operation: 'activate', campaignId: '={{ $json.id }}' }, { items });
		expect(activated.items.map((i) => [i.json.status, i.pairedItem])).toEqual([[1, { item: 0 }], [1, { item: 1 }]]);
		const paused = await run({ operation: 'pause', campaignId: '={{ $json.id }}' }, { items });
		expect(paused.items.map((i) => i.json.status)).toEqual([2, 2]);
		const deleted = await run({ operation: 'delete', campaignId: a.id });
		expect(deleted.items).toEqual([{ json: expect.objectContaining({ id: a.id }), pairedItem: { item: 0 } }]);
		expect(campaigns(sandbox.state).has(a.id)).toBe(false);
		expect(sandbox.requests.map((r) => [r.method, r.path, r.rawBody, r.headers['content-type']])).toEqual([
			['POST', `${CAMPAIGNS}/${a.id}/activate`, '', undefined],
			['POST', `${CAMPAIGNS}/${b.id}/activate`, '', undefined],
			['POST', `${CAMPAIGNS}/${a.id}/pause`, '', undefined],
			['POST', `${CAMPAIGNS}/${b.id}/pause`, '', undefined],
			['DELETE', `${CAMPAIGNS}/${a.id}`, '', undefined],
		]);
	});

	it('as an AI Agent’s tool: "pause Q3 Outreach" pauses the campaign of that name', async () => {
		const campaign = addCampaign(sandbox.state, 'Q3 Outreach', 1);
		const { items, error } = await run({ operation: 'pause', campaignId: 'Q3 Outreach' }, { type: TOOL_TYPE });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ id: campaign.id, status: 2 });
		expect(sandbox.requests.at(-1)?.path).toBe(`${CAMPAIGNS}/${campaign.id}/pause`);
	});
});

describe('API errors', () => {
	it('404 on an unknown campaign, 401 on a bad key (never shown), 400 with Instantly’s reason', async () => {
		const missing = '019a0000-0000-7000-8000-00000000dead';
		const notFound = await run({ operation: 'activate', campaignId: missing });
		expect([notFound.error?.name, notFound.error?.httpCode, notFound.error?.message]).toEqual(['NodeApiError', '404', 'Instantly answered 404: Resource not found']);

		const secret = 'sk_live_CAMPAIGN_SECRET_1234567890';
		const unauthorized = await runNode({ parameters: { resource: 'campaign', operation: 'getAll', returnAll: true }, credentials: { apiKey: secret, baseUrl: sandbox.url } });
		expect([unauthorized.error?.name, unauthorized.error?.httpCode]).toEqual(['NodeApiError', '401']);
		expect(JSON.stringify({ e: unauthorized.error, m: unauthorized.error?.message, d: unauthorized.error?.description })).not.toContain(secret);

		const campaign = addCampaign(sandbox.state, 'C');
		sandbox.inject({ fault: { kind: 'status', status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'Campaign has no sending accounts' } }, path: `${CAMPAIGNS}/${campaign.id}/activate`, times: 1 });
		const bad = await run({ operation: 'activate', campaignId: campaign.id });
		expect([bad.error?.name, bad.error?.httpCode, bad.error?.message]).toEqual(['NodeApiError', '400', 'Instantly answered 400: Campaign has no sending accounts']);
	});
});
