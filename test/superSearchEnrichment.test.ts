/**
 * SuperSearch Enrichment: every operation against the sandbox (which validates bodies as Instantly's reference
 * documents them), bad input sending nothing, Instantly's 400/404 as NodeApiErrors, one item per record paired to
 * its input, and Retry On Fail: Create looks before resending; Run / Add to Resource / Run AI Enrichment are never
 * resent after an uncertain try.
 */
import { runNode, type Credentials } from './engine';
import type { Sandbox } from './sandbox';
import { addCampaign, type Campaign } from './sandbox/routes/campaigns';
import { addLeadList, type LeadList } from './sandbox/routes/leadLists';
import { addLead, leads } from './sandbox/routes/leads';
import { addEnrichment, aiEnrichments, enrichmentHistory, enrichments } from './sandbox/routes/superSearchEnrichment';
import { useSandbox } from './support/useSandbox';

const BASE = '/api/v2/supersearch-enrichment';
const UNKNOWN = '0199f36c-d715-7d47-bf95-f16400000000';

let sandbox: Sandbox;
let credentials: Credentials;
let list: LeadList;
let campaign: Campaign;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});
beforeEach(() => {
	list = addLeadList(sandbox.state, 'Prospects');
	campaign = addCampaign(sandbox.state, 'Spring launch');
});

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const onList = () => ({ resourceType: 'list', listId: byId(list.id) });
const onCampaign = () => ({ resourceType: 'campaign', campaignId: byId(campaign.id) });

const run = (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({ parameters: { resource: 'superSearchEnrichment', ...parameters }, credentials, ...extra });

const sent = () => sandbox.requests.map((r) => [r.method, r.path, r.body ?? null]);

function expectRefused(error: Awaited<ReturnType<typeof runNode>>['error'], message: string) {
	expect(sandbox.requests).toHaveLength(0);
	expect(error?.name).toBe('NodeOperationError');
	expect(error?.message).toBe(message);
	expect(error?.description).toBeTruthy();
}

const written = { kind: 'drop', processed: true } as const;

describe('SuperSearch Enrichment → Create', () => {
	it('posts {resource_id, type, limit} per item and outputs the enrichment paired to its item', async () => {
		const other = addLeadList(sandbox.state, 'Other');
		const { items, error } = await run(
			{ operation: 'create', resourceType: 'list', listId: byId('={{ $json.list }}'), enrichmentType: 'email_verification', options: { maxLeads: 250 } },
			{ items: [{ list: list.id }, { list: other.id }] },
		);
		expect(error).toBeUndefined();
		expect(sent()).toEqual([
			['POST', BASE, { resource_id: list.id, type: 'email_verification', limit: 250 }],
			['POST', BASE, { resource_id: other.id, type: 'email_verification', limit: 250 }],
		]);
		expect(items).toEqual([
			{ json: expect.objectContaining({ resource_id: list.id, enrichment_payload: { email_verification: true } }), pairedItem: { item: 0 } },
			{ json: expect.objectContaining({ resource_id: other.id, resource_type: 2 }), pairedItem: { item: 1 } },
		]);
	});

	it('takes a campaign, also by its exact name (looked up first)', async () => {
		const { items, error } = await run({ operation: 'create', resourceType: 'campaign', campaignId: byId('Spring launch'), enrichmentType: 'funding' });
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v2/campaigns', `POST ${BASE}`]);
		expect(sandbox.requests[1].body).toEqual({ resource_id: campaign.id, type: 'funding' });
		expect(items[0].json).toMatchObject({ resource_id: campaign.id, resource_type: 1 });
	});

	it('bad input sends nothing: an empty list, an unknown type, a limit out of range', async () => {
		expectRefused((await run({ operation: 'create', resourceType: 'list', listId: byId(' ') })).error, 'The parameter "List" is empty');
		expectRefused(
			(await run({ operation: 'create', ...onList(), enrichmentType: 'phone_numbers' })).error,
			'"phone_numbers" is not an enrichment type Instantly knows',
		);
		expectRefused(
			(await run({ operation: 'create', ...onList(), options: { maxLeads: 50_001 } })).error,
			'"Max Leads to Enrich" must be a whole number from 1 to 50,000 (got 50001)',
		);
	});

	it('404: a resource Instantly does not know, with Instantly’s message', async () => {
		const { error } = await run({ operation: 'create', resourceType: 'list', listId: byId(UNKNOWN) });
		expect([error?.name, error?.httpCode, error?.message]).toEqual(['NodeApiError', '404', 'Instantly answered 404: Resource not found']);
	});

	it('Retry On Fail after a lost answer: finds the enrichment it created, does not create (and run) it twice', async () => {
		sandbox.inject({ fault: written, method: 'POST', path: BASE, times: 1 });
		const { items, error } = await run({ operation: 'create', ...onList(), enrichmentType: 'news' }, { retry: { maxTries: 2 } });
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${BASE}`, `GET ${BASE}/${list.id}`]);
		expect(items).toEqual([{ json: expect.objectContaining({ enrichment_payload: { news: true } }), pairedItem: { item: 0 } }]);
		expect([...enrichmentHistory(sandbox.state).values()]).toHaveLength(1);
	});

	it('Retry On Fail when the create did not go through: looks (404), then sends it again', async () => {
		sandbox.inject({ fault: { kind: 'drop' }, method: 'POST', path: BASE, times: 1 });
		const { items, error } = await run({ operation: 'create', ...onList(), enrichmentType: 'news' }, { retry: { maxTries: 2 } });
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			`POST ${BASE} 0`,
			`GET ${BASE}/${list.id} 404`,
			`POST ${BASE} 200`,
		]);
		expect(items).toHaveLength(1);
		expect(enrichments(sandbox.state).size).toBe(1);
	});
});

describe('SuperSearch Enrichment → Get', () => {
	it('gets the enrichment of a list or a campaign by its ID in the path', async () => {
		addEnrichment(sandbox.state, list.id, { type: 'work_email_enrichment' });
		addEnrichment(sandbox.state, campaign.id, { type: 'joblisting' });
		const a = await run({ operation: 'get', ...onList() });
		const b = await run({ operation: 'get', ...onCampaign() });
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${BASE}/${list.id}`, `GET ${BASE}/${campaign.id}`]);
		expect(a.items).toEqual([{ json: expect.objectContaining({ resource_id: list.id, resource_type: 2 }), pairedItem: { item: 0 } }]);
		expect(b.items[0].json).toMatchObject({ resource_id: campaign.id, resource_type: 1, enrichment_payload: { joblisting: true } });
	});

	it('404 for a resource without an enrichment, with Instantly’s message', async () => {
		const { error } = await run({ operation: 'get', ...onList() });
		expect([error?.name, error?.httpCode, error?.message]).toEqual([
			'NodeApiError',
			'404',
			'Instantly answered 404: No enrichment found for this resource',
		]);
	});

	it('an empty campaign sends nothing', async () => {
		expectRefused((await run({ operation: 'get', resourceType: 'campaign', campaignId: byId('  ') })).error, 'The parameter "Campaign" is empty');
	});
});

describe('SuperSearch Enrichment → Run', () => {
	it('posts {resource_id} with the options where added', async () => {
		addEnrichment(sandbox.state, list.id, { type: 'work_email_enrichment' });
		const lead = addLead(sandbox.state, { email: 'jane@acme.com' }, { list_id: list.id });
		const { items, error } = await run({ operation: 'run', ...onList(), options: { leadIds: ` ${lead.id} `, maxLeads: 5 } });
		expect(error).toBeUndefined();
		expect(sent()).toEqual([['POST', `${BASE}/run`, { resource_id: list.id, lead_ids: [lead.id], limit: 5 }]]);
		expect(items).toEqual([{ json: expect.objectContaining({ resource_id: list.id }), pairedItem: { item: 0 } }]);
		expect(leads(sandbox.state).get(lead.id)?.enriched).toBe(true);
	});

	it('an AI column with Overwrite', async () => {
		addEnrichment(sandbox.state, list.id, { type: 'ai_enrichment' });
		await run({ operation: 'run', ...onList(), options: { columnName: 'icebreaker', overwrite: true } });
		expect(sandbox.requests[0].body).toEqual({ resource_id: list.id, column_name: 'icebreaker', overwrite: true });
	});

	it('bad input sends nothing: lead IDs that are not IDs, Overwrite without a column, a limit of 0', async () => {
		expectRefused((await run({ operation: 'run', ...onList(), options: { leadIds: 'jane@acme.com' } })).error, '"jane@acme.com" in option "Lead IDs" is not a lead ID');
		expectRefused((await run({ operation: 'run', ...onList(), options: { leadIds: ' , ' } })).error, 'Option "Lead IDs" is empty');
		expectRefused((await run({ operation: 'run', ...onList(), options: { overwrite: true } })).error, 'Option "Overwrite AI Column" needs "AI Column to Run"');
		expectRefused((await run({ operation: 'run', ...onList(), options: { maxLeads: 0 } })).error, '"Max Leads to Enrich" must be a whole number of at least 1 (got 0)');
	});

	it('404: a resource without an enrichment', async () => {
		const { error } = await run({ operation: 'run', ...onCampaign() });
		expect([error?.name, error?.httpCode, error?.message]).toEqual(['NodeApiError', '404', 'Instantly answered 404: No enrichment found for this resource']);
	});

	it('Retry On Fail after a lost answer: not sent again (it may have started paid work); the error says what to check', async () => {
		addEnrichment(sandbox.state, list.id, { type: 'work_email_enrichment' });
		sandbox.inject({ fault: written, method: 'POST', path: `${BASE}/run`, times: 1 });
		const { error } = await run({ operation: 'run', ...onList() }, { retry: { maxTries: 3 } });
		expect(error?.message).toBe('Not sent again: an earlier try may already have done it');
		expect(error?.description).toContain(`(POST ${BASE}/run)`);
		expect(error?.description).toContain('uses credits');
		expect(error?.description).toContain('Check in Instantly whether it took effect');
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${BASE}/run`]);
	});

	it('Retry On Fail after a refusal (a clear answer): sent again', async () => {
		addEnrichment(sandbox.state, list.id, { type: 'work_email_enrichment' });
		sandbox.inject({ fault: { kind: 'status', status: 400, body: { message: 'try later' } }, method: 'POST', path: `${BASE}/run`, times: 1 });
		const { items, error } = await run({ operation: 'run', ...onList() }, { retry: { maxTries: 2 } });
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => r.status)).toEqual([400, 200]);
		expect(items).toHaveLength(1);
	});
});

describe('SuperSearch Enrichment → Add to Resource', () => {
	const filters = { title: { include: ['CEO'] }, locations: [{ country: 'United States' }] };

	it('posts the search with resource_id and resource_type; the leads found are in the list (Lead → Get Many sees them)', async () => {
		const { items, error } = await run({
			operation: 'addToResource',
			...onList(),
			searchFilters: JSON.stringify(filters),
			maxLeads: 3,
			options: { searchName: ' US CEOs ', workEmailEnrichment: true, skipRowsWithoutEmail: true },
		});
		expect(error).toBeUndefined();
		expect(sent()).toEqual([
			[
				'POST',
				`${BASE}/enrich-leads-from-supersearch`,
				{
					search_filters: filters,
					limit: 3,
					resource_id: list.id,
					resource_type: 2,
					search_name: 'US CEOs',
					work_email_enrichment: true,
					skip_rows_without_email: true,
				},
			],
		]);
		expect(items).toEqual([{ json: expect.objectContaining({ resource_id: list.id, leads_added: 3 }), pairedItem: { item: 0 } }]);

		sandbox.requests.length = 0;
		const got = await runNode({
			parameters: { resource: 'lead', operation: 'getAll', returnAll: true, filters: { listId: byId(list.id) } },
			credentials,
		});
		expect(got.error).toBeUndefined();
		expect(got.items).toHaveLength(3);
		expect(got.items.map((i) => i.json.email)).toEqual(['ada.byron@analytical-engines.io', 'grace.hopper@cobol-works.io', 'alan.turing@bombe-labs.io']);
	});

	it('into a campaign: resource_type 1, the leads are the campaign’s', async () => {
		await run({ operation: 'addToResource', ...onCampaign(), searchFilters: filters, maxLeads: 2 });
		expect(sandbox.requests[0].body).toMatchObject({ resource_id: campaign.id, resource_type: 1, limit: 2 });
		expect([...leads(sandbox.state).values()].filter((l) => l.campaign === campaign.id)).toHaveLength(2);
	});

	it('bad input sends nothing: filters that are not JSON, empty filters, a limit out of range', async () => {
		expectRefused((await run({ operation: 'addToResource', ...onList(), searchFilters: '{ title: CEO', maxLeads: 1 })).error, '"Search Filters (JSON)" is not a JSON object');
		expectRefused((await run({ operation: 'addToResource', ...onList(), searchFilters: '{}', maxLeads: 1 })).error, '"Search Filters (JSON)" is empty');
		expectRefused(
			(await run({ operation: 'addToResource', ...onList(), searchFilters: filters, maxLeads: 0 })).error,
			'"Max Leads to Add" must be a whole number from 1 to 50,000 (got 0)',
		);
	});

	it('404: a list Instantly does not know', async () => {
		const { error } = await run({ operation: 'addToResource', resourceType: 'list', listId: byId(UNKNOWN), searchFilters: filters, maxLeads: 1 });
		expect([error?.name, error?.httpCode, error?.message]).toEqual(['NodeApiError', '404', 'Instantly answered 404: Resource not found']);
	});

	it('Retry On Fail after a lost answer: not sent again, so no lead is added twice', async () => {
		sandbox.inject({ fault: written, method: 'POST', path: `${BASE}/enrich-leads-from-supersearch`, times: 1 });
		const { error } = await run({ operation: 'addToResource', ...onList(), searchFilters: filters, maxLeads: 2 }, { retry: { maxTries: 3 } });
		expect(error?.message).toBe('Not sent again: an earlier try may already have done it');
		expect(error?.description).toContain('uses credits');
		expect(sandbox.requests).toHaveLength(1);
		expect(leads(sandbox.state).size).toBe(2);
	});
});

describe('SuperSearch Enrichment → Run AI Enrichment', () => {
	it('posts resource_id, resource_type, output_column, model_version and the prompt', async () => {
		const { items, error } = await run({
			operation: 'createAiEnrichment',
			...onCampaign(),
			outputColumn: ' icebreaker ',
			modelVersion: 'gpt-4.1',
			prompt: 'Write a one-line icebreaker for {{first_name}}',
			options: { inputColumns: 'first_name, company_name', overwrite: false, maxLeads: 10 },
		});
		expect(error).toBeUndefined();
		expect(sent()).toEqual([
			[
				'POST',
				`${BASE}/ai`,
				{
					resource_id: campaign.id,
					resource_type: 1,
					output_column: 'icebreaker',
					model_version: 'gpt-4.1',
					prompt: 'Write a one-line icebreaker for {{first_name}}',
					input_columns: ['first_name', 'company_name'],
					overwrite: false,
					limit: 10,
				},
			],
		]);
		expect(items).toEqual([{ json: expect.objectContaining({ output_column: 'icebreaker', model_version: 'gpt-4.1' }), pairedItem: { item: 0 } }]);
		expect(aiEnrichments(sandbox.state).size).toBe(1);
	});

	it('a template instead of a prompt', async () => {
		await run({ operation: 'createAiEnrichment', ...onList(), outputColumn: 'line', modelVersion: 'gpt-4o', options: { templateId: 12 } });
		expect(sandbox.requests[0].body).toEqual({ resource_id: list.id, resource_type: 2, output_column: 'line', model_version: 'gpt-4o', template_id: 12 });
	});

	it('bad input sends nothing: no output column, neither prompt nor template, an unknown model', async () => {
		expectRefused((await run({ operation: 'createAiEnrichment', ...onList(), outputColumn: ' ', prompt: 'x' })).error, 'The parameter "Output Column" is empty');
		expectRefused((await run({ operation: 'createAiEnrichment', ...onList(), outputColumn: 'x', prompt: '  ' })).error, 'Give a Prompt or a Template ID');
		expectRefused(
			(await run({ operation: 'createAiEnrichment', ...onList(), outputColumn: 'x', prompt: 'y', modelVersion: 'gpt-2' })).error,
			'"gpt-2" is not a model this node offers',
		);
	});

	it('Retry On Fail after a lost answer: not sent again', async () => {
		sandbox.inject({ fault: written, method: 'POST', path: `${BASE}/ai`, times: 1 });
		const { error } = await run({ operation: 'createAiEnrichment', ...onList(), outputColumn: 'x', prompt: 'y' }, { retry: { maxTries: 2 } });
		expect(error?.message).toBe('Not sent again: an earlier try may already have done it');
		expect(sandbox.requests).toHaveLength(1);
		expect(aiEnrichments(sandbox.state).size).toBe(1);
	});
});

describe('SuperSearch Enrichment → Get History', () => {
	/** `count` history entries of the list, put straight into the sandbox (n = 0 … count - 1, oldest first). */
	function seedHistory(count: number, resourceId = list.id) {
		for (let n = 0; n < count; n++) {
			const id = sandbox.state.newId();
			enrichmentHistory(sandbox.state).set(id, { id, resource_id: resourceId, action: 'run', timestamp_created: sandbox.state.now(), n });
		}
	}
	const history = () => sandbox.requests.map((r) => [r.method, r.path, r.query]);
	const page = (limit: number, offset: number) => ['GET', `${BASE}/history/${list.id}`, { limit: String(limit), offset: String(offset) }];

	it('one item per history entry, paired to its input item', async () => {
		await run({ operation: 'create', ...onList(), enrichmentType: 'news' });
		await run({ operation: 'create', ...onList(), enrichmentType: 'funding' });
		sandbox.requests.length = 0;
		const { items, error } = await run({ operation: 'getHistory', ...onList(), limit: 10 }, { items: [{}, {}] });
		expect(error).toBeUndefined();
		expect(history()).toEqual([page(10, 0), page(10, 0)]);
		expect(items.map((i) => [i.json.type, i.pairedItem])).toEqual([
			['news', { item: 0 }],
			['funding', { item: 0 }],
			['news', { item: 1 }],
			['funding', { item: 1 }],
		]);
	});

	it('Return All over 250 entries: pages at offsets 0, 100, 200, every entry out once', async () => {
		seedHistory(250);
		seedHistory(3, campaign.id);
		const { items, error } = await run({ operation: 'getHistory', ...onList(), returnAll: true });
		expect(error).toBeUndefined();
		expect(history()).toEqual([page(100, 0), page(100, 100), page(100, 200)]);
		expect(items.map((i) => i.json.n)).toEqual(Array.from({ length: 250 }, (_, n) => n));
		expect(items.every((i) => i.json.resource_id === list.id && (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('Return All over exactly 200 entries: a third page finds nothing and ends it', async () => {
		seedHistory(200);
		const { items } = await run({ operation: 'getHistory', ...onList(), returnAll: true });
		expect(history()).toEqual([page(100, 0), page(100, 100), page(100, 200)]);
		expect(new Set(items.map((i) => i.json.id)).size).toBe(200);
	});

	it('Limit 150: exactly 150, the second page asking for 50', async () => {
		seedHistory(400);
		const { items, error } = await run({ operation: 'getHistory', ...onList(), limit: 150 });
		expect(error).toBeUndefined();
		expect(history()).toEqual([page(100, 0), page(50, 100)]);
		expect(items.map((i) => i.json.n)).toEqual(Array.from({ length: 150 }, (_, n) => n));
	});

	it('the sandbox refuses a page over 100, as Instantly does', async () => {
		const response = await fetch(`${sandbox.url}${BASE}/history/${list.id}?limit=101`, { headers: { authorization: `Bearer ${sandbox.apiKey}` } });
		expect(response.status).toBe(400);
	});

	it('Retry On Fail: a read is simply sent again', async () => {
		sandbox.inject({ fault: { kind: 'drop' }, method: 'GET', path: `${BASE}/history`, times: 1 });
		const { items, error } = await run({ operation: 'getHistory', ...onList() }, { retry: { maxTries: 2 } });
		expect(error).toBeUndefined();
		expect(items).toEqual([]);
		expect(sandbox.requests).toHaveLength(2);
	});

	it('bad input sends nothing: a limit out of range', async () => {
		expectRefused((await run({ operation: 'getHistory', ...onList(), limit: 0 })).error, 'Limit must be a whole number from 1 to 50,000 (got 0)');
		expectRefused((await run({ operation: 'getHistory', ...onList(), limit: 50_001 })).error, 'Limit must be a whole number from 1 to 50,000 (got 50001)');
		expectRefused((await run({ operation: 'getHistory', ...onList(), limit: 2.5 })).error, 'Limit must be a whole number from 1 to 50,000 (got 2.5)');
	});

	it('404: a campaign Instantly does not know', async () => {
		const { error } = await run({ operation: 'getHistory', resourceType: 'campaign', campaignId: byId(UNKNOWN) });
		expect([error?.name, error?.httpCode, error?.message]).toEqual(['NodeApiError', '404', 'Instantly answered 404: Resource not found']);
	});
});
