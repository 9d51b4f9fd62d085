import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { createLimiterRegistry, useLimiterRegistry, type LimiterRegistry } from '../nodes/Instantly/shared/limiterRegistry';
import { runNode } from './engine';
import { startSandbox, type Sandbox } from './sandbox';
import { backgroundJobs, planBackgroundJobs } from './sandbox/routes/backgroundJobs';
import { addCampaign, type Campaign } from './sandbox/routes/campaigns';
import { addLeadList, type LeadList } from './sandbox/routes/leadLists';
import { addLead, leads, type Lead } from './sandbox/routes/leads';
import { SkippingClock } from './virtualTime';

let sandbox: Sandbox;
let credentials: { apiKey: string; baseUrl: string };
let campaign: Campaign;
let other: Campaign;
let list: LeadList;

beforeAll(async () => {
	sandbox = await startSandbox();
	credentials = { apiKey: sandbox.apiKey, baseUrl: sandbox.url };
});
afterAll(() => sandbox.close());
beforeEach(() => {
	sandbox.reset();
	campaign = addCampaign(sandbox.state, 'Spring launch');
	other = addCampaign(sandbox.state, 'Autumn launch');
	list = addLeadList(sandbox.state, 'Webinar');
});

const lead = (parameters: INodeParameters): INodeParameters => ({ resource: 'lead', ...parameters });

function seed(count: number, where: { campaign?: string; list_id?: string } = { campaign: campaign.id }): Lead[] {
	return Array.from({ length: count }, (_, i) =>
		addLead(sandbox.state, { email: `lead${i}@acme.com`, first_name: `Lead${i}` }, where),
	);
}

describe('Delete Many', () => {
	test('DELETE /leads with a JSON body: campaign_id, limit and the filters; the output is the count', async () => {
		const seeded = seed(5);
		seeded[3].status = 3;
		seeded[4].status = 3;
		const { items, error } = await runNode({
			parameters: lead({
				operation: 'deleteMany',
				deleteFrom: 'campaign',
				campaignId: campaign.id,
				limit: 1,
				filters: { status: 3, ids: `${seeded[3].id},${seeded[4].id}` },
			}),
			credentials,
		});

		expect(error).toBeUndefined();
		const [request] = sandbox.requests;
		expect([request.method, request.path, request.headers['content-type']]).toEqual([
			'DELETE',
			'/api/v2/leads',
			expect.stringContaining('application/json'),
		]);
		expect(request.body).toEqual({
			campaign_id: campaign.id,
			limit: 1,
			status: 3,
			ids: [seeded[3].id, seeded[4].id],
		});
		expect(items).toEqual([{ json: { count: 1 }, pairedItem: { item: 0 } }]);
		expect(leads(sandbox.state).size).toBe(4);
	});

	test('from a list: `list_id`; only that list’s leads go, up to the limit', async () => {
		const inList = seed(3, { list_id: list.id });
		seed(2);
		const { items } = await runNode({
			parameters: lead({ operation: 'deleteMany', deleteFrom: 'list', listId: list.id, limit: 10 }),
			credentials,
		});

		expect(sandbox.requests[0].body).toEqual({ list_id: list.id, limit: 10 });
		expect(items[0].json).toEqual({ count: 3 });
		expect(inList.some((l) => leads(sandbox.state).has(l.id))).toBe(false);
		expect(leads(sandbox.state).size).toBe(2);
	});

	test.each([
		['no limit', { limit: null }, '"Max Leads to Delete" must be a whole number from 1 to 10,000 (got nothing)'],
		['a limit above 10,000', { limit: '={{ 20000 }}' }, '"Max Leads to Delete" must be a whole number from 1 to 10,000 (got 20000)'],
		['an empty ID filter', { limit: 5, filters: { ids: '' } }, 'Filter "Lead IDs" is empty'],
		['an empty campaign', { limit: 5, campaignId: '={{ "" }}' }, 'The parameter "Campaign" is empty'],
	])('%s fails before sending, and nothing is deleted', async (_, parameters, message) => {
		seed(3);
		const { error } = await runNode({
			parameters: lead({ operation: 'deleteMany', deleteFrom: 'campaign', campaignId: campaign.id, ...parameters } as INodeParameters),
			credentials,
		});

		expect(error?.message).toBe(message);
		expect(sandbox.requests).toHaveLength(0);
		expect(leads(sandbox.state).size).toBe(3);
	});
});

describe('Move', () => {
	// Move's job polling waits on the requests' clock: here one that jumps over every wait, so the
	// waits it asks for are exact and a five-minute limit takes no time.
	let clock: SkippingClock;
	let previous: LimiterRegistry;
	beforeEach(() => {
		clock = new SkippingClock();
		previous = useLimiterRegistry(createLimiterRegistry({ clock }));
	});
	afterEach(() => useLimiterRegistry(previous));

	const move = (extra: INodeParameters = {}) =>
		lead({
			operation: 'move',
			moveTo: 'campaign',
			toCampaignId: other.id,
			filters: { campaignId: campaign.id },
			...extra,
		});

	test('POST /leads/move with the destination as to_campaign_id and the source as `campaign`; outputs the job', async () => {
		const seeded = seed(3);
		const { items, error } = await runNode({
			parameters: move({
				filters: { campaignId: campaign.id, ids: `${seeded[0].id}, ${seeded[1].id}`, limit: 5, search: 'lead', filter: 'FILTER_VAL_ACTIVE', contacts: 'lead0@acme.com,lead1@acme.com' },
				options: { copyLeads: true, checkDuplicates: true, checkDuplicatesInCampaigns: false, skipLeadsInVerification: true, resetInterestStatus: true },
			}),
			credentials,
		});

		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			[
				'POST',
				'/api/v2/leads/move',
				{
					to_campaign_id: other.id,
					campaign: campaign.id,
					ids: [seeded[0].id, seeded[1].id],
					limit: 5,
					search: 'lead',
					filter: 'FILTER_VAL_ACTIVE',
					contacts: ['lead0@acme.com', 'lead1@acme.com'],
					copy_leads: true,
					check_duplicates: true,
					check_duplicates_in_campaigns: false,
					skip_leads_in_verification: true,
					reset_interest_status: true,
				},
			],
		]);
		const job = [...backgroundJobs(sandbox.state).values()][0];
		expect(items).toEqual([{ json: expect.objectContaining({ id: job.id, type: 'move-leads', status: 'pending' }), pairedItem: { item: 0 } }]);
	});

	test('to a list: to_list_id', async () => {
		seed(1);
		await runNode({ parameters: move({ moveTo: 'list', toListId: list.id, filters: { listId: list.id } }), credentials });

		expect(sandbox.requests[0].body).toEqual({ to_list_id: list.id, list_id: list.id });
	});

	test('Wait for Completion polls the job until it succeeds and outputs the finished job', async () => {
		const seeded = seed(2);
		const { items, error } = await runNode({ parameters: move({ options: { waitForCompletion: true } }), credentials });

		expect(error).toBeUndefined();
		const job = [...backgroundJobs(sandbox.state).values()][0];
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /api/v2/leads/move',
			`GET /api/v2/background-jobs/${job.id}`,
			`GET /api/v2/background-jobs/${job.id}`,
		]);
		expect(items).toEqual([
			{ json: expect.objectContaining({ id: job.id, status: 'success', progress: 100 }), pairedItem: { item: 0 } },
		]);
		// Soon at first, then backing off: 0.5 s, then 1 s.
		expect(clock.sleeps).toEqual([500, 1000]);
		expect(seeded.map((l) => leads(sandbox.state).get(l.id)?.campaign)).toEqual([other.id, other.id]);
	});

	test('Wait for Completion: a failed job fails the node with the reason and the job ID', async () => {
		seed(1);
		planBackgroundJobs(sandbox.state, { polls: 1, outcome: 'failed', error: 'Destination campaign is archived' });
		const { error } = await runNode({ parameters: move({ options: { waitForCompletion: true } }), credentials });

		const job = [...backgroundJobs(sandbox.state).values()][0];
		expect(clock.sleeps).toEqual([500]);
		expect(error?.message).toBe('Instantly could not move the leads: the move job failed');
		expect(error?.description).toBe(
			`Background job ${job.id}: Destination campaign is archived. Check the destination and the filters, then run the node again.`,
		);
		expect(leads(sandbox.state).get([...leads(sandbox.state).keys()][0])?.campaign).toBe(campaign.id);
	});

	test('Wait for Completion: a job still running at the time limit fails clearly; with "Continue" it is an error item', async () => {
		seed(1);
		planBackgroundJobs(sandbox.state, { outcome: 'never' });
		const { items, error } = await runNode({
			parameters: move({ options: { waitForCompletion: true, waitTimeLimit: 1 } }),
			credentials,
			onError: 'continueRegularOutput',
		});

		expect(error).toBeUndefined();
		// 0.5 s, then what is left of the limit (another 0.5 s): two polls, and the limit is up.
		expect(clock.sleeps).toEqual([500, 500]);
		expect(clock.now()).toBe(1000);
		const job = [...backgroundJobs(sandbox.state).values()][0];
		expect(sandbox.requestsTo('GET', `/api/v2/background-jobs/${job.id}`)).toHaveLength(2);
		// n8n keeps only the message in an error item's JSON; the description travels on its error.
		expect(items).toEqual([
			expect.objectContaining({ json: { error: 'The move did not finish within 1 seconds' }, pairedItem: { item: 0 } }),
		]);
		expect(items[0].error?.description).toContain(`background job ${job.id}, status "in-progress"`);
	});

	test.each([
		['no filter at all', { filters: {} }, 'Choose which leads to move: add a filter under "Leads to Move"'],
		['lead IDs without a source', { filters: { ids: 'a,b' } }, 'Lead IDs need a source: add "Source Campaign" or "Source List" under "Leads to Move"'],
		['an empty destination', { toCampaignId: '={{ "" }}' }, 'The parameter "Destination Campaign" is empty'],
	])('%s fails before sending', async (_, extra, message) => {
		const { error } = await runNode({ parameters: move(extra as INodeParameters), credentials });

		expect(error?.message).toBe(message);
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('Update Interest Status', () => {
	test('POST /leads/update-interest-status {lead_email, interest_value}: the 202 becomes a clear item', async () => {
		const [target] = seed(1);
		const { items, error } = await runNode({
			parameters: lead({
				operation: 'updateInterestStatus',
				leadEmail: '={{ $json.email }}',
				interestValue: '={{ $json.status }}',
				additionalFields: { campaignId: campaign.id, disableAutoInterest: true, aiInterestValue: 1 },
			}),
			items: [{ email: ' lead0@acme.com ', status: '-1' }],
			credentials,
		});

		expect(error).toBeUndefined();
		const [request] = sandbox.requests;
		expect([request.method, request.path, request.status]).toEqual(['POST', '/api/v2/leads/update-interest-status', 202]);
		expect(request.body).toEqual({
			lead_email: 'lead0@acme.com',
			interest_value: -1,
			campaign_id: campaign.id,
			disable_auto_interest: true,
			ai_interest_value: 1,
		});
		expect(items).toEqual([
			{
				json: {
					status: 'accepted',
					lead_email: 'lead0@acme.com',
					interest_value: -1,
					message: 'Lead interest status update background job submitted',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(leads(sandbox.state).get(target.id)?.lt_interest_status).toBe(-1);
	});

	test('a chosen status is sent as its number; an expression giving null resets the lead', async () => {
		const [target] = seed(1);
		target.lt_interest_status = 2;
		await runNode({ parameters: lead({ operation: 'updateInterestStatus', leadEmail: 'lead0@acme.com', interestValue: 4 }), credentials });
		expect((sandbox.requests[0].body as IDataObject).interest_value).toBe(4);

		await runNode({ parameters: lead({ operation: 'updateInterestStatus', leadEmail: 'lead0@acme.com', interestValue: '={{ null }}' }), credentials });
		expect(sandbox.requests[1].body).toEqual({ lead_email: 'lead0@acme.com', interest_value: null });
		expect(leads(sandbox.state).get(target.id)?.lt_interest_status).toBeUndefined();
	});

	test.each([
		['a malformed email', { leadEmail: 'lead0-at-acme' }, '"lead0-at-acme" in "Lead Email" is not a valid email address'],
		['a status that is neither a number nor a name', { leadEmail: 'a@acme.com', interestValue: '={{ "2.5" }}' }, '"2.5" in "Interest Status" is not an interest status'],
	])('%s fails before sending', async (_, parameters, message) => {
		const { error } = await runNode({ parameters: lead({ operation: 'updateInterestStatus', interestValue: 1, ...parameters }), credentials });

		expect(error?.message).toBe(message);
		expect(sandbox.requests).toHaveLength(0);
	});
});
