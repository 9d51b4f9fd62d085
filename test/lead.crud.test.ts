import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode } from './engine';
import { startSandbox, type Sandbox } from './sandbox';
import { addCampaign, type Campaign } from './sandbox/routes/campaigns';
import { addLeadList, type LeadList } from './sandbox/routes/leadLists';
import { addLead, leads, type Lead } from './sandbox/routes/leads';

let sandbox: Sandbox;
let credentials: { apiKey: string; baseUrl: string };
let campaign: Campaign;
let list: LeadList;

beforeAll(async () => {
	sandbox = await startSandbox();
	credentials = { apiKey: sandbox.apiKey, baseUrl: sandbox.url };
});
afterAll(() => sandbox.close());
beforeEach(() => {
	sandbox.reset();
	campaign = addCampaign(sandbox.state, 'Spring launch');
	list = addLeadList(sandbox.state, 'Webinar');
});

const lead = (parameters: INodeParameters): INodeParameters => ({ resource: 'lead', ...parameters });

/** A lead as the API sends it (JSON round trip). */
const asJson = (record: Lead | undefined) => JSON.parse(JSON.stringify(record)) as IDataObject;

function seed(count: number, where: { campaign?: string; list_id?: string } = { campaign: campaign.id }): Lead[] {
	return Array.from({ length: count }, (_, i) =>
		addLead(sandbox.state, { email: `lead${i}@acme.com`, first_name: `Lead${i}` }, where),
	);
}

describe('Create', () => {
	test('in a campaign: the body names it `campaign`, and the output is the new lead', async () => {
		const { items, error } = await runNode({
			parameters: lead({
				operation: 'create',
				email: '={{ $json.email }}',
				addTo: 'campaign',
				campaignId: ` ${campaign.id} `,
				leadFields: { firstName: 'Jane', lastName: '', companyName: '={{ $json.company }}', ltInterestStatus: 1 },
				options: { skipIfInWorkspace: true, verifyLeadsOnImport: false },
			}),
			items: [{ email: ' jane@acme.com', company: 'Acme' }],
			credentials,
		});

		expect(error).toBeUndefined();
		const [request] = sandbox.requests;
		expect([request.method, request.path, request.headers.authorization]).toEqual([
			'POST',
			'/api/v2/leads',
			`Bearer ${sandbox.apiKey}`,
		]);
		expect(request.body).toEqual({
			email: 'jane@acme.com',
			campaign: campaign.id,
			first_name: 'Jane',
			company_name: 'Acme',
			lt_interest_status: 1,
			skip_if_in_workspace: true,
			verify_leads_on_import: false,
		});
		const created = [...leads(sandbox.state).values()];
		expect(created).toHaveLength(1);
		expect(items).toEqual([{ json: asJson(created[0]), pairedItem: { item: 0 } }]);
		expect(created[0]).toMatchObject({ campaign: campaign.id, list_id: null, email: 'jane@acme.com' });
	});

	test('in a list, with a name and no email: `list_id`, and no empty email is sent', async () => {
		await runNode({
			parameters: lead({
				operation: 'create',
				email: '',
				addTo: 'list',
				listId: list.id,
				leadFields: { firstName: 'Tom', customVariables: { variable: [{ key: 'source', value: 'booth' }] } },
				options: { blocklistId: '0199f36c-d715-7d47-bf95-f164c0b10c01' },
			}),
			credentials,
		});

		expect(sandbox.requests[0].body).toEqual({
			list_id: list.id,
			first_name: 'Tom',
			custom_variables: { source: 'booth' },
			blocklist_id: '0199f36c-d715-7d47-bf95-f164c0b10c01',
		});
		expect([...leads(sandbox.state).values()][0]).toMatchObject({ list_id: list.id, email: null, payload: { source: 'booth' } });
	});

	test('in neither: no campaign or list field', async () => {
		await runNode({ parameters: lead({ operation: 'create', email: 'solo@acme.com', addTo: 'none' }), credentials });

		expect(sandbox.requests[0].body).toEqual({ email: 'solo@acme.com' });
	});

	test.each([
		['a campaign lead without an email', { addTo: 'campaign', email: '' }, 'The parameter "Email" is empty: a lead added to a campaign needs an email address'],
		['a malformed email', { addTo: 'none', email: 'jane(at)acme.com' }, '"jane(at)acme.com" in "Email" is not a valid email address'],
		['a list lead with neither email nor name', { addTo: 'list', email: ' ' }, 'The lead has neither an email nor a name'],
		['an added but empty Block List ID', { addTo: 'none', email: 'a@acme.com', options: { blocklistId: ' ' } }, 'Block List ID is empty'],
		['a custom variable without a name', { addTo: 'none', email: 'a@acme.com', leadFields: { customVariables: { variable: [{ key: '', value: 'x' }] } } }, 'Lead Fields → Custom Variables: a variable has a value but no name'],
		['a workspace member ID that is not one', { addTo: 'none', email: 'a@acme.com', leadFields: { assignedTo: 'bob' } }, 'Lead Fields → Assigned To: "bob" is not a workspace member ID'],
	])('%s fails before sending', async (_, parameters, message) => {
		const { error } = await runNode({
			parameters: lead({ operation: 'create', campaignId: campaign.id, listId: list.id, ...parameters } as INodeParameters),
			credentials,
		});

		expect(error?.message).toBe(message);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('several items: an invalid one stops all of them, unless "Continue" makes it an error item', async () => {
		const parameters = lead({ operation: 'create', email: '={{ $json.email }}', addTo: 'campaign', campaignId: campaign.id });
		const input = [{ email: 'a@acme.com' }, { email: 'nope' }, { email: 'b@acme.com' }];

		const stopped = await runNode({ parameters, items: input, credentials });
		expect(stopped.error?.message).toBe('"nope" in "Email" is not a valid email address');
		expect(sandbox.requests).toHaveLength(0);

		const continued = await runNode({ parameters, items: input, credentials, onError: 'continueRegularOutput' });
		expect(sandbox.requests.map((r) => (r.body as IDataObject).email)).toEqual(['a@acme.com', 'b@acme.com']);
		expect(continued.items.map((item) => [item.pairedItem, item.json.email ?? item.json.error])).toEqual([
			[{ item: 0 }, 'a@acme.com'],
			[{ item: 1 }, '"nope" in "Email" is not a valid email address'],
			[{ item: 2 }, 'b@acme.com'],
		]);
	});

	test('an unknown campaign surfaces Instantly’s 404', async () => {
		const { error } = await runNode({
			parameters: lead({ operation: 'create', email: 'a@acme.com', campaignId: '0199f36c-0000-7000-8000-000000000000' }),
			credentials,
		});

		expect(error?.message).toBe('Instantly answered 404: Campaign not found');
		expect(JSON.stringify(error)).not.toContain(sandbox.apiKey);
	});
});

describe('Get', () => {
	test('GET /leads/{id}: the lead, paired', async () => {
		const [first, second] = seed(2);
		const { items } = await runNode({
			parameters: lead({ operation: 'get', leadId: '={{ $json.id }}' }),
			items: [{ id: first.id }, { id: second.id }],
			credentials,
		});

		expect(sandbox.requests.map((r) => [r.method, r.path, r.rawBody])).toEqual([
			['GET', `/api/v2/leads/${first.id}`, ''],
			['GET', `/api/v2/leads/${second.id}`, ''],
		]);
		expect(items).toEqual([
			{ json: asJson(first), pairedItem: { item: 0 } },
			{ json: asJson(second), pairedItem: { item: 1 } },
		]);
	});

	test('an unknown id: 404 with a hint, or an error item with "Continue"', async () => {
		const parameters = lead({ operation: 'get', leadId: '0199f36c-0000-7000-8000-000000000000' });

		const { error } = await runNode({ parameters, credentials });
		expect(error?.message).toBe('Instantly answered 404: Resource not found');
		expect(error?.description).toContain('check the ID');

		const { items } = await runNode({ parameters, credentials, onError: 'continueRegularOutput' });
		expect(items).toEqual([
			expect.objectContaining({ json: expect.objectContaining({ error: 'Instantly answered 404: Resource not found' }), pairedItem: { item: 0 } }),
		]);
	});
});

describe('Get Many', () => {
	test('POST /leads/list with the cursor in the body: Return All follows it to the end', async () => {
		const all = seed(250);
		const { items } = await runNode({ parameters: lead({ operation: 'getAll', returnAll: true }), credentials });

		const requests = sandbox.requestsTo('POST', '/api/v2/leads/list');
		expect(requests.map((r) => [r.query, r.body])).toEqual([
			[{}, { limit: 100 }],
			[{}, { limit: 100, starting_after: all[99].id }],
			[{}, { limit: 100, starting_after: all[199].id }],
		]);
		expect(items.map((item) => item.json.id)).toEqual(all.map((l) => l.id));
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test.each([
		[1, [1]],
		[100, [100]],
		[150, [100, 50]],
	])('Limit %i: exactly that many leads, asking each page for what is missing (%j)', async (limit, pages) => {
		seed(250);
		const { items } = await runNode({ parameters: lead({ operation: 'getAll', limit }), credentials });

		expect(sandbox.requests.map((r) => (r.body as IDataObject).limit)).toEqual(pages);
		expect(items).toHaveLength(limit);
	});

	test('every filter is sent under Instantly’s name', async () => {
		const wanted = seed(3);
		addLead(sandbox.state, { email: 'lead0@acme.com', first_name: 'Copy' }, { list_id: list.id });
		const { items } = await runNode({
			parameters: lead({
				operation: 'getAll',
				returnAll: true,
				filters: {
					campaignId: campaign.id,
					search: 'lead',
					filter: 'FILTER_VAL_ACTIVE',
					inCampaign: true,
					inList: false,
					ids: `${wanted[0].id}, ${wanted[1].id},${wanted[2].id}`,
					excludedIds: '={{ [$json.skip] }}',
					contacts: 'lead0@acme.com, lead2@acme.com',
					distinctContacts: true,
				},
			}),
			items: [{ skip: wanted[2].id }],
			credentials,
		});

		expect(sandbox.requests[0].body).toEqual({
			campaign: campaign.id,
			search: 'lead',
			filter: 'FILTER_VAL_ACTIVE',
			in_campaign: true,
			in_list: false,
			ids: wanted.map((l) => l.id),
			excluded_ids: [wanted[2].id],
			contacts: ['lead0@acme.com', 'lead2@acme.com'],
			distinct_contacts: true,
			limit: 100,
		});
		expect(items.map((item) => item.json.id)).toEqual([wanted[0].id]);
	});

	test('a list filter: `list_id`, kept on every page', async () => {
		const inList = seed(150, { list_id: list.id });
		seed(1);
		const { items } = await runNode({ parameters: lead({ operation: 'getAll', returnAll: true, filters: { listId: list.id } }), credentials });

		expect(sandbox.requests.map((r) => r.body)).toEqual([
			{ list_id: list.id, limit: 100 },
			{ list_id: list.id, limit: 100, starting_after: inList[99].id },
		]);
		expect(items.map((item) => item.json.id)).toEqual(inList.map((l) => l.id));
	});

	test.each([
		['an added but empty campaign filter', { campaignId: '' }, 'Filter "Campaign" is empty'],
		['an added but empty ID list', { ids: ' , ' }, 'Filter "Lead IDs" is empty'],
	])('%s fails before sending', async (_, filters, message) => {
		const { error } = await runNode({ parameters: lead({ operation: 'getAll', filters }), credentials });

		expect(error?.message).toBe(message);
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('Update', () => {
	test('PATCH /leads/{id} with only the mapped fields; the output is the updated lead', async () => {
		const [target] = seed(1);
		const { items, error } = await runNode({
			parameters: lead({
				operation: 'update',
				leadId: target.id,
				updateFields: {
					lastName: 'Smith',
					website: '',
					plValueLead: '={{ $json.value }}',
					ltInterestStatus: '-1',
					customVariables: { variable: [{ key: 'tier', value: 'gold' }] },
				},
			}),
			items: [{ value: 900 }],
			credentials,
		});

		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			[
				'PATCH',
				`/api/v2/leads/${target.id}`,
				{ last_name: 'Smith', pl_value_lead: '900', lt_interest_status: -1, custom_variables: { tier: 'gold' } },
			],
		]);
		const updated = leads(sandbox.state).get(target.id);
		expect(updated).toMatchObject({ last_name: 'Smith', pl_value_lead: '900', lt_interest_status: -1, payload: { tier: 'gold' } });
		expect(items).toEqual([{ json: asJson(updated), pairedItem: { item: 0 } }]);
	});

	test.each([
		['no field', {}],
		['only blank fields', { firstName: ' ', customVariables: { variable: [{ key: 'a', value: '' }] } }],
	])('%s: fails before sending, saying to add a field', async (_, updateFields) => {
		const [target] = seed(1);
		const { error } = await runNode({ parameters: lead({ operation: 'update', leadId: target.id, updateFields }), credentials });

		expect(error?.message).toBe('Nothing to update: add a field under "Update Fields" and give it a value');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('an interest status that is not a number is named', async () => {
		const [target] = seed(1);
		const { error } = await runNode({
			parameters: lead({ operation: 'update', leadId: target.id, updateFields: { ltInterestStatus: 'warm' } }),
			credentials,
		});

		expect(error?.message).toBe('Update Fields → Interest Status: "warm" is not an interest status');
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('Delete', () => {
	test('DELETE /leads/{id} without a body; the output is the deleted lead', async () => {
		const [target, kept] = seed(2);
		const { items } = await runNode({ parameters: lead({ operation: 'delete', leadId: target.id }), credentials });

		const [request] = sandbox.requests;
		expect([request.method, request.path, request.rawBody, request.headers['content-type']]).toEqual([
			'DELETE',
			`/api/v2/leads/${target.id}`,
			'',
			undefined,
		]);
		expect(items).toEqual([{ json: asJson(target), pairedItem: { item: 0 } }]);
		expect([...leads(sandbox.state).keys()]).toEqual([kept.id]);
	});
});

describe('Merge', () => {
	test('POST /leads/merge {lead_id, destination_lead_id}; the output is the lead that remains', async () => {
		const source = addLead(sandbox.state, { email: 'old@acme.com', phone: '+1 555 0100' }, { campaign: campaign.id });
		const destination = addLead(sandbox.state, { email: 'new@acme.com', first_name: 'Jane' }, { campaign: campaign.id });
		const { items } = await runNode({
			parameters: lead({ operation: 'merge', leadId: source.id, destinationLeadId: destination.id }),
			credentials,
		});

		expect(sandbox.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', '/api/v2/leads/merge', { lead_id: source.id, destination_lead_id: destination.id }],
		]);
		expect(items).toEqual([{ json: asJson(leads(sandbox.state).get(destination.id)), pairedItem: { item: 0 } }]);
		expect(items[0].json).toMatchObject({ id: destination.id, first_name: 'Jane', phone: '+1 555 0100' });
		expect(leads(sandbox.state).has(source.id)).toBe(false);
	});

	test('a lead cannot be merged into itself: fails before sending', async () => {
		const [only] = seed(1);
		const { error } = await runNode({
			parameters: lead({ operation: 'merge', leadId: only.id, destinationLeadId: ` ${only.id}` }),
			credentials,
		});

		expect(error?.message).toBe('A lead cannot be merged into itself');
		expect(sandbox.requests).toHaveLength(0);
	});
});
