/**
 * The ID fields are resource locators. A workflow saved before that stored a plain string; one saved
 * after stores `{__rl: true, mode, value}`. Both must send the same request, through the real engine.
 */
import type { IDataObject, INodeParameterResourceLocator, INodeParameters, INodeProperties } from 'n8n-workflow';

import { runNode, type Credentials } from './engine';
import { Instantly } from '../nodes/Instantly/Instantly.node';
import { addBlockListEntry, blockListEntries } from './sandbox/routes/blockListEntries';
import { addCampaign } from './sandbox/routes/campaigns';
import { addLeadLabel, leadLabels } from './sandbox/routes/leadLabels';
import { addLeadList } from './sandbox/routes/leadLists';
import { addLead, leads } from './sandbox/routes/leads';
import type { Sandbox } from './sandbox';
import { useSandbox } from './support/useSandbox';

let sandbox: Sandbox;
let credentials: Credentials;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});

type Saved = string | INodeParameterResourceLocator;

/** How a workflow may have stored the ID, and the input items it runs with. */
const FORMS: Array<[string, (id: string) => Saved, (id: string) => IDataObject[]]> = [
	['a plain string (workflow saved before the locator)', (id) => id, () => [{}]],
	['From List', (id) => ({ __rl: true, mode: 'list', value: id, cachedResultName: 'picked in the editor' }), () => [{}]],
	['By ID', (id) => ({ __rl: true, mode: 'id', value: ` ${id} ` }), () => [{}]],
	['By ID, mapped from the input', () => ({ __rl: true, mode: 'id', value: '={{ $json.id }}' }), (id) => [{ id }]],
	['a plain expression (older workflow)', () => '={{ $json.id }}', (id) => [{ id }]],
];

interface ResourceCase {
	resource: string;
	param: string;
	path: string;
	add: () => { id: string };
	exists: (id: string) => boolean;
	update: { parameters: INodeParameters; body: Record<string, unknown> };
}

const RESOURCES: ResourceCase[] = [
	{
		resource: 'blockListEntry',
		param: 'blockListEntryId',
		path: '/api/v2/block-lists-entries',
		add: () => addBlockListEntry(sandbox.state, 'old.com'),
		exists: (id) => blockListEntries(sandbox.state).has(id),
		update: { parameters: { blValue: 'new.com' }, body: { bl_value: 'new.com' } },
	},
	{
		resource: 'leadLabel',
		param: 'leadLabelId',
		path: '/api/v2/lead-labels',
		add: () => addLeadLabel(sandbox.state, { label: 'Hot Lead', interest_status_label: 'positive' }),
		exists: (id) => leadLabels(sandbox.state).has(id),
		update: { parameters: { updateFields: { label: 'Warm Lead' } }, body: { label: 'Warm Lead' } },
	},
	{
		resource: 'lead',
		param: 'leadId',
		path: '/api/v2/leads',
		add: () => addLead(sandbox.state, { email: `lead-${leads(sandbox.state).size}@acme.com` }),
		exists: (id) => leads(sandbox.state).has(id),
		update: { parameters: { updateFields: { firstName: 'Ada' } }, body: { first_name: 'Ada' } },
	},
];

describe.each(RESOURCES)('$resource → $param', (r) => {
	const run = (operation: string, saved: Saved, items: IDataObject[], extra: INodeParameters = {}) =>
		runNode({ parameters: { resource: r.resource, operation, [r.param]: saved, ...extra }, items, credentials });

	describe.each(FORMS)('stored as %s', (_form, store, inputs) => {
		it('Get: GET …/{id}, outputs the record', async () => {
			const record = r.add();
			const { items, error } = await run('get', store(record.id), inputs(record.id));
			expect(error).toBeUndefined();
			expect(sandbox.requests.map((q) => [q.method, q.path, q.rawBody])).toEqual([['GET', `${r.path}/${record.id}`, '']]);
			expect(items.map((i) => [i.json.id, i.pairedItem])).toEqual([[record.id, { item: 0 }]]);
		});

		it('Update: PATCH …/{id} with the fields', async () => {
			const record = r.add();
			const { items, error } = await run('update', store(record.id), inputs(record.id), r.update.parameters);
			expect(error).toBeUndefined();
			expect(sandbox.requests.map((q) => [q.method, q.path, q.body])).toEqual([
				['PATCH', `${r.path}/${record.id}`, r.update.body],
			]);
			expect(items[0].json).toMatchObject({ id: record.id, ...r.update.body });
		});

		it('Delete: DELETE …/{id}, and the record is gone', async () => {
			const record = r.add();
			const other = r.add();
			const { items, error } = await run('delete', store(record.id), inputs(record.id));
			expect(error).toBeUndefined();
			expect(sandbox.requests.map((q) => [q.method, q.path])).toEqual([['DELETE', `${r.path}/${record.id}`]]);
			expect(items[0].json.id).toBe(record.id);
			expect(r.exists(record.id)).toBe(false);
			expect(r.exists(other.id)).toBe(true);
		});
	});

	it('one run, many items: each item’s locator value picks its own record', async () => {
		const records = [r.add(), r.add(), r.add()];
		const { items } = await run(
			'get',
			{ __rl: true, mode: 'id', value: '={{ $json.id }}' },
			records.map(({ id }) => ({ id })),
		);
		expect(sandbox.requests.map((q) => q.path).sort()).toEqual(records.map(({ id }) => `${r.path}/${id}`).sort());
		expect(items.map((i) => [i.json.id, i.pairedItem])).toEqual(records.map(({ id }, item) => [id, { item }]));
	});

	it('nothing picked: n8n refuses before the node runs, naming the field', async () => {
		const field = locatorField(r.param, { resource: r.resource, operation: 'delete' });
		await expect(run('delete', { __rl: true, mode: 'list', value: '' }, [{}])).rejects.toThrow(
			`Parameter "${field.displayName}" is required`,
		);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('an expression that gives nothing: refused by the node, nothing sent', async () => {
		const { error } = await run('delete', { __rl: true, mode: 'id', value: '={{ $json.id }}' }, [{ id: '  ' }]);
		expect(error?.message).toMatch(/^The parameter ".+" is empty$/);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('the ID is URL-encoded into the path, whatever the mode', async () => {
		await run('get', { __rl: true, mode: 'id', value: 'a/b?c' }, [{}]);
		expect(sandbox.requests.map((q) => [q.path, q.query])).toEqual([[`${r.path}/a%2Fb%3Fc`, {}]]);
	});
});

describe('locator fields as the editor shows them', () => {
	it.each([
		['blockListEntryId', 'Block List Entry', 'searchBlockListEntries'],
		['leadLabelId', 'Lead Label', 'searchLeadLabels'],
		['leadId', 'Lead', 'searchLeads'],
		['destinationLeadId', 'Destination Lead', 'searchLeads'],
		['listId', 'List', 'searchLeadLists'],
		['toListId', 'Destination List', 'searchLeadLists'],
	])('%s: "From List" (searchable) and "By ID" only — no app address to parse', (name, displayName, method) => {
		const field = locatorField(name);
		expect(field).toMatchObject({ type: 'resourceLocator', required: true, default: { mode: 'list', value: '' } });
		expect(new Instantly().description.properties.filter((p) => p.name === name).map((p) => p.displayName)).toContain(displayName);
		expect(field.modes?.map((m) => [m.name, m.type])).toEqual([
			['list', 'list'],
			['id', 'string'],
		]);
		expect(field.modes?.[0].typeOptions).toEqual({ searchListMethod: method, searchable: true });
		expect(field.modes?.[1].placeholder).toMatch(/^e\.g\. /);
	});
});

/**
 * Every top-level property of that name (one per operation) is the same kind of locator, with the
 * same modes; returns the one shown for `where`, or the first.
 */
function locatorField(name: string, where?: { resource: string; operation: string }): INodeProperties {
	const fields = new Instantly().description.properties.filter((p) => p.name === name);
	expect(fields.length).toBeGreaterThan(0);
	const sameness = (f: INodeProperties) => ({ type: f.type, default: f.default, modes: f.modes });
	for (const f of fields) expect(sameness(f)).toEqual(sameness(fields[0]));
	const shown = where
		? fields.find(
				(f) =>
					f.displayOptions?.show?.resource?.includes(where.resource) &&
					f.displayOptions?.show?.operation?.includes(where.operation),
			)
		: fields[0];
	expect(shown).toBeDefined();
	return shown!;
}

/* ------------------------------------------------------------------------------------------ */
/* Lead: the campaign, list and lead IDs that go into request bodies, in every stored form.     */
/* ------------------------------------------------------------------------------------------ */

const appUrl = (id: string, page = '/analytics') => `https://app.instantly.ai/app/campaign/${id}${page}`;

/** Forms only a campaign has: its address in Instantly's app. */
const CAMPAIGN_FORMS: Array<[string, (id: string) => Saved, (id: string) => IDataObject[]]> = [
	...FORMS,
	['By URL (the analytics page)', (id) => ({ __rl: true, mode: 'url', value: appUrl(id) }), () => [{}]],
	['By URL (the leads page, with a query)', (id) => ({ __rl: true, mode: 'url', value: appUrl(id, '/leads?tab=all') }), () => [{}]],
	['By URL (no page)', (id) => ({ __rl: true, mode: 'url', value: appUrl(id, '') }), () => [{}]],
];

interface BodyCase {
	name: string;
	kind: 'campaign' | 'list' | 'lead';
	/** The node parameters with the ID stored as `saved` (one ID, or a source and a destination). */
	parameters: (saved: Saved, other: string) => INodeParameters;
	method: string;
	path: string;
	/** The body fields that must carry the picked ID (`id`) and, where there is one, the other record's. */
	body: (id: string, other: string) => IDataObject;
}

const BODY_CASES: BodyCase[] = [
	{
		name: 'Add Many → campaignId',
		kind: 'campaign',
		parameters: (campaignId) => ({ operation: 'addMany', addTo: 'campaign', campaignId, email: 'jane@acme.com' }),
		method: 'POST',
		path: '/api/v2/leads/add',
		body: (id) => ({ campaign_id: id }),
	},
	{
		name: 'Add Many → listId',
		kind: 'list',
		parameters: (listId) => ({ operation: 'addMany', addTo: 'list', listId, email: 'jane@acme.com' }),
		method: 'POST',
		path: '/api/v2/leads/add',
		body: (id) => ({ list_id: id }),
	},
	{
		name: 'Create → campaignId (sent as `campaign`)',
		kind: 'campaign',
		parameters: (campaignId) => ({ operation: 'create', addTo: 'campaign', campaignId, email: 'jane@acme.com' }),
		method: 'POST',
		path: '/api/v2/leads',
		body: (id) => ({ campaign: id }),
	},
	{
		name: 'Create → listId',
		kind: 'list',
		parameters: (listId) => ({ operation: 'create', addTo: 'list', listId, email: 'jane@acme.com' }),
		method: 'POST',
		path: '/api/v2/leads',
		body: (id) => ({ list_id: id }),
	},
	{
		name: 'Delete Many → campaignId',
		kind: 'campaign',
		parameters: (campaignId) => ({ operation: 'deleteMany', deleteFrom: 'campaign', campaignId, limit: 5 }),
		method: 'DELETE',
		path: '/api/v2/leads',
		body: (id) => ({ campaign_id: id, limit: 5 }),
	},
	{
		name: 'Delete Many → listId',
		kind: 'list',
		parameters: (listId) => ({ operation: 'deleteMany', deleteFrom: 'list', listId, limit: 5 }),
		method: 'DELETE',
		path: '/api/v2/leads',
		body: (id) => ({ list_id: id, limit: 5 }),
	},
	{
		name: 'Get Many → filters.campaignId (sent as `campaign`)',
		kind: 'campaign',
		parameters: (campaignId) => ({ operation: 'getAll', returnAll: true, filters: { campaignId } }),
		method: 'POST',
		path: '/api/v2/leads/list',
		body: (id) => ({ campaign: id }),
	},
	{
		name: 'Get Many → filters.listId',
		kind: 'list',
		parameters: (listId) => ({ operation: 'getAll', returnAll: true, filters: { listId } }),
		method: 'POST',
		path: '/api/v2/leads/list',
		body: (id) => ({ list_id: id }),
	},
	{
		name: 'Move → toCampaignId (from a source campaign)',
		kind: 'campaign',
		parameters: (toCampaignId, source) => ({ operation: 'move', moveTo: 'campaign', toCampaignId, filters: { campaignId: source } }),
		method: 'POST',
		path: '/api/v2/leads/move',
		body: (id, source) => ({ to_campaign_id: id, campaign: source }),
	},
	{
		name: 'Move → filters.campaignId, the source (sent as `campaign`)',
		kind: 'campaign',
		parameters: (campaignId, destination) => ({ operation: 'move', moveTo: 'campaign', toCampaignId: destination, filters: { campaignId } }),
		method: 'POST',
		path: '/api/v2/leads/move',
		body: (id, destination) => ({ campaign: id, to_campaign_id: destination }),
	},
	{
		name: 'Move → toListId (from a source list)',
		kind: 'list',
		parameters: (toListId, source) => ({ operation: 'move', moveTo: 'list', toListId, filters: { listId: source } }),
		method: 'POST',
		path: '/api/v2/leads/move',
		body: (id, source) => ({ to_list_id: id, list_id: source }),
	},
	{
		name: 'Move → filters.listId, the source',
		kind: 'list',
		parameters: (listId, destination) => ({ operation: 'move', moveTo: 'list', toListId: destination, filters: { listId } }),
		method: 'POST',
		path: '/api/v2/leads/move',
		body: (id, destination) => ({ list_id: id, to_list_id: destination }),
	},
	{
		name: 'Update Interest Status → additionalFields.campaignId',
		kind: 'campaign',
		parameters: (campaignId) => ({
			operation: 'updateInterestStatus',
			leadEmail: 'jane@acme.com',
			interestValue: 1,
			additionalFields: { campaignId },
		}),
		method: 'POST',
		path: '/api/v2/leads/update-interest-status',
		body: (id) => ({ campaign_id: id }),
	},
	{
		name: 'Update Interest Status → additionalFields.listId',
		kind: 'list',
		parameters: (listId) => ({
			operation: 'updateInterestStatus',
			leadEmail: 'jane@acme.com',
			interestValue: 1,
			additionalFields: { listId },
		}),
		method: 'POST',
		path: '/api/v2/leads/update-interest-status',
		body: (id) => ({ list_id: id }),
	},
	{
		name: 'Merge → leadId (the lead merged away)',
		kind: 'lead',
		parameters: (leadId, destination) => ({ operation: 'merge', leadId, destinationLeadId: destination }),
		method: 'POST',
		path: '/api/v2/leads/merge',
		body: (id, destination) => ({ lead_id: id, destination_lead_id: destination }),
	},
	{
		name: 'Merge → destinationLeadId',
		kind: 'lead',
		parameters: (destinationLeadId, source) => ({ operation: 'merge', leadId: source, destinationLeadId }),
		method: 'POST',
		path: '/api/v2/leads/merge',
		body: (id, source) => ({ destination_lead_id: id, lead_id: source }),
	},
];

/** Two records of the kind: the one the field under test picks, and another for the operation's second ID. */
function twoOf(kind: BodyCase['kind']): [string, string] {
	const state = sandbox.state;
	if (kind === 'campaign') return [addCampaign(state, 'Picked').id, addCampaign(state, 'Other').id];
	if (kind === 'list') return [addLeadList(state, 'Picked').id, addLeadList(state, 'Other').id];
	return [addLead(state, { email: 'picked@acme.com' }).id, addLead(state, { email: 'other@acme.com' }).id];
}

describe.each(BODY_CASES)('Lead: $name', (c) => {
	const forms = c.kind === 'campaign' ? CAMPAIGN_FORMS : FORMS;

	it.each(forms)('stored as %s: the ID reaches the body', async (_form, store, inputs) => {
		const [id, other] = twoOf(c.kind);
		const { error } = await runNode({
			parameters: { resource: 'lead', ...c.parameters(store(id), other) },
			items: inputs(id),
			credentials,
		});
		expect(error).toBeUndefined();
		const sent = sandbox.requestsTo(c.method, c.path);
		expect(sent).toHaveLength(1);
		expect(sent[0].body).toMatchObject(c.body(id, other));
	});
});

const BAD_URLS = [
	['another site', 'https://example.com/app/campaign/019a0000-0000-7000-8000-000000000001/analytics'],
	['a campaign address without an ID', 'https://app.instantly.ai/app/campaigns'],
	['an ID cut short', 'https://app.instantly.ai/app/campaign/019a0000-0000-7000-8000/analytics'],
];

/** One operation of each kind: declarative with the ID in the body, and the batching custom operation. */
const CAMPAIGN_OPERATIONS = (campaignId: Saved): INodeParameters[] => [
	{ operation: 'create', addTo: 'campaign', campaignId, email: 'jane@acme.com' },
	{ operation: 'addMany', addTo: 'campaign', campaignId, email: 'jane@acme.com' },
	{ operation: 'deleteMany', deleteFrom: 'campaign', campaignId, limit: 5 },
];

describe('Lead: campaign By URL', () => {
	it.each(BAD_URLS)('typed in: %s is refused by n8n before the node runs', async (_what, url) => {
		for (const parameters of CAMPAIGN_OPERATIONS({ __rl: true, mode: 'url', value: url })) {
			await expect(runNode({ parameters: { resource: 'lead', ...parameters }, credentials })).rejects.toThrow(
				'Not an Instantly URL of this kind',
			);
		}
		expect(sandbox.requests).toHaveLength(0);
	});

	it.each(BAD_URLS)('mapped by an expression: %s fails that item, naming the field, and nothing is sent', async (_what, url) => {
		for (const parameters of CAMPAIGN_OPERATIONS({ __rl: true, mode: 'url', value: '={{ $json.url }}' })) {
			const { error, items } = await runNode({ parameters: { resource: 'lead', ...parameters }, items: [{ url }], credentials });
			expect(items).toHaveLength(0);
			expect(error?.message).toMatch(/Campaign parameter's value is invalid.*URL/);
		}
		expect(sandbox.requests).toHaveLength(0);
	});

	it('every campaign field offers By URL with the same pattern, and the pattern pulls out the ID', () => {
		const id = '0199f36c-d715-7d47-bf95-f1626b43ea03';
		const names = ['campaignId', 'toCampaignId'];
		const fields = new Instantly().description.properties.flatMap(function all(p): INodeProperties[] {
			const nested = (p.options ?? []).filter((o): o is INodeProperties => 'type' in o).flatMap(all);
			return names.includes(p.name) ? [p, ...nested] : nested;
		});
		// campaignId on Add Many, Create, Delete Many; Get Many's and Move's filter; Update Interest Status; toCampaignId.
		expect(fields.length).toBeGreaterThanOrEqual(7);
		for (const field of fields) {
			expect(field.type).toBe('resourceLocator');
			const modes = field.modes ?? [];
			expect(modes.map((m) => m.name)).toEqual(['list', 'id', 'url']);
			expect(modes[0].typeOptions?.searchListMethod).toBe('searchCampaigns');
			const url = modes[2];
			const regex = String(url.extractValue?.regex);
			expect(new RegExp(regex).exec(appUrl(id))?.[1]).toBe(id);
			expect(new RegExp(regex).exec(appUrl(id.toUpperCase(), '/sequences'))?.[1]).toBe(id.toUpperCase());
			expect(new RegExp(regex).test('https://app.instantly.ai/app/campaigns')).toBe(false);
			expect(url.placeholder).toMatch(/^e\.g\. https:\/\/app\.instantly\.ai\/app\/campaign\//);
		}
	});
});

describe('Lead: the other ID fields', () => {
	it.each([
		['leadId', 'searchLeads'],
		['destinationLeadId', 'searchLeads'],
		['listId', 'searchLeadLists'],
		['toListId', 'searchLeadLists'],
	])('%s is a locator searched with %s, without By URL', (name, method) => {
		const fields = new Instantly().description.properties.filter((p) => p.name === name);
		expect(fields.length).toBeGreaterThan(0);
		for (const field of fields) {
			expect(field.type).toBe('resourceLocator');
			expect(field.modes?.map((m) => [m.name, m.typeOptions?.searchListMethod])).toEqual([
				['list', method],
				['id', undefined],
			]);
		}
	});

	it('Block List ID stays a plain ID: Instantly has no endpoint that lists block lists', async () => {
		const options = new Instantly().description.properties.filter(
			(p) => p.name === 'options' && p.displayOptions?.show?.resource?.includes('lead'),
		);
		const blocklist = options.flatMap((o) => (o.options ?? []) as INodeProperties[]).filter((o) => o.name === 'blocklistId');
		expect(blocklist.length).toBe(2); // Create and Add Many
		for (const field of blocklist) expect(field.type).toBe('string');

		const blocklistId = '019a0000-0000-7000-8000-0000000b10c0';
		const { error } = await runNode({
			parameters: { resource: 'lead', operation: 'create', addTo: 'none', email: 'jane@acme.com', options: { blocklistId: ` ${blocklistId} ` } },
			credentials,
		});
		expect(error).toBeUndefined();
		expect(sandbox.requestsTo('POST', '/api/v2/leads')[0].body).toMatchObject({ blocklist_id: blocklistId });
	});

	it('an old Merge saved with two plain strings still merges', async () => {
		const [source, destination] = twoOf('lead');
		const { error, items } = await runNode({
			parameters: { resource: 'lead', operation: 'merge', leadId: source, destinationLeadId: destination },
			credentials,
		});
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', '/api/v2/leads/merge', { lead_id: source, destination_lead_id: destination }],
		]);
		expect(items).toHaveLength(1);
		expect(leads(sandbox.state).has(source)).toBe(false);
	});
});
