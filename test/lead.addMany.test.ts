import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode } from './engine';
import { startSandbox, type Sandbox } from './sandbox';
import { addBlockListEntry } from './sandbox/routes/blockListEntries';
import { addCampaign, type Campaign } from './sandbox/routes/campaigns';
import { addLeadList } from './sandbox/routes/leadLists';
import { addLead, leads } from './sandbox/routes/leads';

let sandbox: Sandbox;
let credentials: { apiKey: string; baseUrl: string };
let campaign: Campaign;

beforeAll(async () => {
	sandbox = await startSandbox();
	credentials = { apiKey: sandbox.apiKey, baseUrl: sandbox.url };
});
afterAll(() => sandbox.close());
beforeEach(() => {
	sandbox.reset();
	campaign = addCampaign(sandbox.state, 'Spring launch');
});

const ADD = '/api/v2/leads/add';

/** Rows as a Google Sheets node would hand them over. */
function rows(count: number, from = 0): IDataObject[] {
	return Array.from({ length: count }, (_, i) => ({
		Email: `person${from + i}@example${(from + i) % 7}.com`,
		'First Name': `First${from + i}`,
		Company: `Company ${from + i}`,
	}));
}

function addMany(extra: INodeParameters = {}): INodeParameters {
	return {
		resource: 'lead',
		operation: 'addMany',
		addTo: 'campaign',
		campaignId: campaign.id,
		email: '={{ $json.Email }}',
		leadFields: { firstName: '={{ $json["First Name"] }}', companyName: '={{ $json.Company }}' },
		...extra,
	};
}

/** The sandbox's lead id for each email, to check the ids the node reports against what was created. */
function idsByEmail(): Map<string, string> {
	return new Map([...leads(sandbox.state).values()].map((lead) => [String(lead.email), lead.id]));
}

function bodies(): Array<{ campaign_id?: string; list_id?: string; leads: IDataObject[] }> {
	return sandbox.requestsTo('POST', ADD).map((r) => r.body as never);
}

describe('Add Many: batching', () => {
	test('one item: one request with exactly the mapped lead, and one output item with the new lead’s id', async () => {
		const { items, error } = await runNode({ parameters: addMany(), items: rows(1), credentials });

		expect(error).toBeUndefined();
		const requests = sandbox.requestsTo('POST', ADD);
		expect(requests).toHaveLength(1);
		expect(requests[0].headers.authorization).toBe(`Bearer ${sandbox.apiKey}`);
		expect(requests[0].body).toEqual({
			campaign_id: campaign.id,
			leads: [{ email: 'person0@example0.com', first_name: 'First0', company_name: 'Company 0' }],
		});
		const id = idsByEmail().get('person0@example0.com');
		expect(id).toBeDefined();
		// Lean per-lead items: what a user maps next. The batch's counts are in "One Summary per Batch".
		expect(items).toEqual([{ json: { status: 'created', id, email: 'person0@example0.com', batch: 1 }, pairedItem: { item: 0 } }]);
	});

	test.each([
		[1000, [1000]],
		[1001, [1000, 1]],
		[2500, [1000, 1000, 500]],
	])('%i items: ⌈N/1000⌉ requests of %j leads, in input order, each item paired to its lead', async (count, sizes) => {
		const input = rows(count);
		const { items, error } = await runNode({ parameters: addMany(), items: input, credentials });

		expect(error).toBeUndefined();
		const sent = bodies();
		expect(sent.map((b) => b.leads.length)).toEqual(sizes);
		expect(sent.every((b) => b.campaign_id === campaign.id)).toBe(true);
		expect(sent.flatMap((b) => b.leads.map((l) => l.email))).toEqual(input.map((row) => row.Email));

		const ids = idsByEmail();
		expect(ids.size).toBe(count);
		expect(items).toHaveLength(count);
		items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.status).toBe('created');
			expect(item.json.email).toBe(input[i].Email);
			expect(item.json.id).toBe(ids.get(String(input[i].Email)));
			expect(item.json.batch).toBe(Math.floor(i / 1000) + 1);
		});
	});

	test('Batch Size splits the run into smaller requests', async () => {
		const { items } = await runNode({ parameters: addMany({ options: { batchSize: 300 } }), items: rows(1000), credentials });

		expect(bodies().map((b) => b.leads.length)).toEqual([300, 300, 300, 100]);
		expect(items.map((item) => item.json.batch)).toEqual(
			Array.from({ length: 1000 }, (_, i) => Math.floor(i / 300) + 1),
		);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(1000);
	});

	test('items whose expressions give different campaigns are batched per campaign', async () => {
		const other = addCampaign(sandbox.state, 'Autumn launch');
		const input: IDataObject[] = rows(5).map((row, i) => ({ ...row, campaign: i % 2 ? other.id : campaign.id }));
		const { items } = await runNode({ parameters: addMany({ campaignId: '={{ $json.campaign }}' }), items: input, credentials });

		expect(bodies().map((b) => [b.campaign_id, b.leads.map((l) => l.email)])).toEqual([
			[campaign.id, [input[0].Email, input[2].Email, input[4].Email]],
			[other.id, [input[1].Email, input[3].Email]],
		]);
		expect(items.map((item) => item.pairedItem)).toEqual(input.map((_, i) => ({ item: i })));
		expect(items.every((item) => item.json.status === 'created')).toBe(true);
		// Each item's lead is in the campaign its own expression named.
		const inCampaign = new Map([...leads(sandbox.state).values()].map((l) => [l.id, l.campaign]));
		expect(items.map((item) => inCampaign.get(String(item.json.id)))).toEqual(input.map((row) => row.campaign));
	});

	test('Batch Size above 1,000 fails before anything is sent', async () => {
		const { error } = await runNode({ parameters: addMany({ options: { batchSize: 1001 } }), items: rows(3), credentials });

		expect(error?.message).toBe('"Batch Size" must be a whole number from 1 to 1,000 (got 1001)');
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('Add Many: what is sent', () => {
	test('every lead field is mapped to Instantly’s name; blank ones and unknown keys are left out', async () => {
		const owner = '0199f36c-d715-7d47-bf95-f163e8f9fc46';
		const parameters = addMany({
			email: '={{ $json.email }}',
			leadFields: {
				firstName: '={{ $json.first }}',
				lastName: '  Doe ',
				companyName: '={{ $json.company }}',
				jobTitle: 'CTO',
				phone: '={{ $json.phone }}',
				website: 'https://acme.com',
				personalization: 'Loved your post',
				ltInterestStatus: 2,
				plValueLead: '={{ $json.value }}',
				assignedTo: owner,
				customVariables: {
					variable: [
						{ key: 'plan', value: '={{ $json.plan }}' },
						{ key: 'seats', value: '={{ $json.seats }}' },
						{ key: 'trial', value: '={{ $json.trial }}' },
						{ key: 'empty', value: '' },
					],
				},
				notALeadField: 'ignored',
			},
		});
		await runNode({
			parameters,
			items: [
				{ email: ' jane@acme.com ', first: 'Jane', company: '', phone: 5550100, value: 'High', plan: 'Pro', seats: 12, trial: false },
			],
			credentials,
		});

		expect(bodies()[0].leads).toEqual([
			{
				email: 'jane@acme.com',
				first_name: 'Jane',
				last_name: 'Doe',
				job_title: 'CTO',
				phone: '5550100',
				website: 'https://acme.com',
				personalization: 'Loved your post',
				lt_interest_status: 2,
				pl_value_lead: 'High',
				assigned_to: owner,
				custom_variables: { plan: 'Pro', seats: 12, trial: false },
			},
		]);
	});

	test('the options become the body fields of every request', async () => {
		const blocklist = '0199f36c-d715-7d47-bf95-f164c0b10c01';
		const member = '0199f36c-d715-7d47-bf95-f163e8f9fc46';
		await runNode({
			parameters: addMany({
				options: {
					blocklistId: blocklist,
					assignedTo: member,
					verifyLeadsOnImport: true,
					skipIfInWorkspace: false,
					skipIfInCampaign: true,
					skipIfInList: true,
					batchSize: 2,
				},
			}),
			items: rows(3),
			credentials,
		});

		const sent = sandbox.requestsTo('POST', ADD).map((r) => {
			const { leads: sentLeads, ...rest } = r.body as IDataObject;
			return [rest, (sentLeads as unknown[]).length];
		});
		const expected = {
			campaign_id: campaign.id,
			blocklist_id: blocklist,
			assigned_to: member,
			verify_leads_on_import: true,
			skip_if_in_workspace: false,
			skip_if_in_campaign: true,
			skip_if_in_list: true,
		};
		expect(sent).toEqual([
			[expected, 2],
			[expected, 1],
		]);
	});

	test('to a list: `list_id`, and a lead with a name but no email is accepted', async () => {
		const list = addLeadList(sandbox.state, 'Webinar');
		const { items, error } = await runNode({
			parameters: addMany({ addTo: 'list', listId: list.id, campaignId: undefined }),
			items: [{ Email: '', 'First Name': 'Nomail', Company: 'Acme' }, ...rows(1)],
			credentials,
		});

		expect(error).toBeUndefined();
		expect(bodies()).toEqual([
			{
				list_id: list.id,
				leads: [
					{ first_name: 'Nomail', company_name: 'Acme' },
					{ email: 'person0@example0.com', first_name: 'First0', company_name: 'Company 0' },
				],
			},
		]);
		// A lead without an email is named by its name instead.
		expect(items.map((item) => item.json)).toEqual([
			{ status: 'created', id: expect.any(String), first_name: 'Nomail', batch: 1 },
			{ status: 'created', id: expect.any(String), email: 'person0@example0.com', batch: 1 },
		]);
		expect(items[0].json.id).toBe([...leads(sandbox.state).values()].find((l) => l.first_name === 'Nomail')?.id);
	});
});

describe('Add Many: leads Instantly does not create', () => {
	test('a lead already in the campaign is reported as such, and keeps its pairing', async () => {
		addLead(sandbox.state, { email: 'person1@example1.com' }, { campaign: campaign.id });
		const { items } = await runNode({ parameters: addMany(), items: rows(3), credentials });

		expect(items.map((item) => [item.pairedItem, item.json.status])).toEqual([
			[{ item: 0 }, 'created'],
			[{ item: 1 }, 'alreadyInCampaign'],
			[{ item: 2 }, 'created'],
		]);
		expect(items[1].json).toEqual({
			status: 'alreadyInCampaign',
			email: 'person1@example1.com',
			reason: 'Not added: the lead is already in this campaign',
			batch: 1,
		});
		expect(items[1].json.id).toBeUndefined();
	});

	test('an email or domain on the block list', async () => {
		addBlockListEntry(sandbox.state, 'example2.com');
		const { items } = await runNode({ parameters: addMany(), items: rows(4), credentials });

		expect(items.map((item) => item.json.status)).toEqual(['created', 'created', 'blocklisted', 'created']);
		expect(items[2].json.reason).toBe('Not added: the email or its domain is on the block list');
	});

	test('a repeated email in the same batch names the item it repeats', async () => {
		const input = [...rows(2), { ...rows(1)[0], 'First Name': 'Again' }];
		const { items } = await runNode({ parameters: addMany(), items: input, credentials });

		expect(items.map((item) => item.json.status)).toEqual(['created', 'created', 'duplicateInInput']);
		expect(items[2].json.reason).toBe('Not added: the same email is on item 0, earlier in this batch');
	});

	test('a repeated email in a later batch is already in the campaign, added by the earlier item', async () => {
		const input = [...rows(2), rows(1)[0]];
		const { items } = await runNode({ parameters: addMany({ options: { batchSize: 2 } }), items: input, credentials });

		expect(sandbox.requestsTo('POST', ADD)).toHaveLength(2);
		expect(items[2].json).toMatchObject({
			status: 'alreadyInCampaign',
			reason: 'Not added: the lead is already in this campaign (item 0 of this run added it)',
		});
	});

	test('Skip If in Workspace skips a lead that exists elsewhere', async () => {
		const list = addLeadList(sandbox.state, 'Old list');
		addLead(sandbox.state, { email: 'person0@example0.com' }, { list_id: list.id });
		const { items } = await runNode({ parameters: addMany({ options: { skipIfInWorkspace: true } }), items: rows(2), credentials });

		expect(items[0].json).toMatchObject({ status: 'skipped', reason: expect.stringContaining('"Skip If" option') });
		expect(items[1].json.status).toBe('created');
	});

	test('when a batch has several reasons, each lead not created quotes the counts instead of guessing', async () => {
		addLead(sandbox.state, { email: 'person1@example1.com' }, { campaign: campaign.id });
		addBlockListEntry(sandbox.state, 'person2@example2.com');
		const { items } = await runNode({ parameters: addMany(), items: rows(4), credentials });

		expect(items.map((item) => item.json.status)).toEqual(['created', 'notCreated', 'notCreated', 'created']);
		expect(items[1].json.reason).toBe(
			'Not added. Instantly does not say which lead was left out for which reason; in this batch: 1 already in the campaign, 1 on the block list',
		);
	});
});

describe('Add Many: one summary per batch', () => {
	test('one item per request, paired to all of its input items, with each lead’s result', async () => {
		const { items } = await runNode({ parameters: addMany({ options: { output: 'batch' } }), items: rows(2500), credentials });

		expect(items).toHaveLength(3);
		expect(items.map((item) => (item.pairedItem as Array<{ item: number }>).length)).toEqual([1000, 1000, 500]);
		expect((items[1].pairedItem as Array<{ item: number }>)[0]).toEqual({ item: 1000 });
		const ids = idsByEmail();
		items.forEach((item, b) => {
			expect(item.json).toMatchObject({ batch: b + 1, of: 3, campaign_id: campaign.id, leads_uploaded: [1000, 1000, 500][b] });
			const results = item.json.leads as IDataObject[];
			results.forEach((result) => expect(result.id).toBe(ids.get(String(result.email))));
			expect(results[0].item).toBe(b * 1000);
		});
	});
});

describe('Add Many: invalid items', () => {
	const mixed = [
		{ Email: 'good0@acme.com' },
		{ Email: 'not-an-email' },
		{ Email: 'good1@acme.com' },
		{ Email: '' },
		{ Email: 'good2@acme.com' },
	];
	const parameters = () => addMany({ leadFields: {} });

	test('without "Continue", one invalid item fails the node and nothing is sent', async () => {
		const { error, items } = await runNode({ parameters: parameters(), items: mixed, credentials });

		expect(sandbox.requests).toHaveLength(0);
		expect(items).toHaveLength(0);
		expect(error?.message).toBe('"not-an-email" in "Email" is not a valid email address');
		expect(error?.description).toContain('2 of 5 items are invalid (item indexes 1, 3)');
		expect(error?.description).toContain('Nothing was sent to Instantly');
	});

	test('with "Continue (regular output)", invalid items become error items and the valid ones are sent', async () => {
		const { error, items } = await runNode({ parameters: parameters(), items: mixed, credentials, onError: 'continueRegularOutput' });

		expect(error).toBeUndefined();
		expect(bodies()).toEqual([
			{ campaign_id: campaign.id, leads: [{ email: 'good0@acme.com' }, { email: 'good1@acme.com' }, { email: 'good2@acme.com' }] },
		]);
		expect(items.map((item) => [item.pairedItem, item.json.status ?? item.json.error])).toEqual([
			[{ item: 0 }, 'created'],
			[{ item: 1 }, '"not-an-email" in "Email" is not a valid email address'],
			[{ item: 2 }, 'created'],
			[{ item: 3 }, 'The parameter "Email" is empty: a lead added to a campaign needs an email address'],
			[{ item: 4 }, 'created'],
		]);
		expect(items[1].error).toBeDefined();
		expect(items[2].json.id).toBe(idsByEmail().get('good1@acme.com'));
	});

	test('with "Continue (error output)", invalid items go to the error output', async () => {
		const { items, errorItems } = await runNode({ parameters: parameters(), items: mixed, credentials, onError: 'continueErrorOutput' });

		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }, { item: 4 }]);
		expect(errorItems.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
	});

	test('a list lead needs an email or a name; bad lead fields are named', async () => {
		const list = addLeadList(sandbox.state, 'L');
		const result = await runNode({
			parameters: addMany({ addTo: 'list', listId: list.id, leadFields: { ltInterestStatus: '={{ $json.status }}' } }),
			items: [{ Email: '', status: 1 }, { Email: 'a@b.co', status: 'hot' }],
			credentials,
			onError: 'continueRegularOutput',
		});

		expect(sandbox.requests).toHaveLength(0);
		expect(result.items.map((item) => item.json.error)).toEqual([
			'The lead has neither an email nor a name',
			'Lead Fields → Interest Status: "hot" is not an interest status',
		]);
	});

	test('a campaign expression that gives nothing fails naming the field', async () => {
		const { error } = await runNode({ parameters: addMany({ campaignId: '={{ $json.campaign }}' }), items: rows(2), credentials });

		expect(error?.message).toBe('The parameter "Campaign" is empty');
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('Add Many: API errors', () => {
	test('a failing batch without "Continue" stops the run and says what was already added', async () => {
		const { error, items } = await runNodeWithFaultOnBatch(2, 2500);

		expect(items).toHaveLength(0);
		expect(error?.message).toBe('Instantly answered 402: Workspace does not have an active paid plan');
		expect(error?.description).toContain('Batch 2 of 3 (1000 leads, items 1000–1999) was not added.');
		expect(error?.description).toContain('The 1 batch before it went through (1000 leads created)');
		expect(error?.description).toContain('500 leads of later batches were not sent.');
		expect(sandbox.requestsTo('POST', ADD)).toHaveLength(2);
		expect(JSON.stringify(error)).not.toContain(sandbox.apiKey);
	});

	test('a failing batch with "Continue" turns only that batch’s items into error items', async () => {
		const { error, items } = await runNodeWithFaultOnBatch(2, 2500, 'continueRegularOutput');

		expect(error).toBeUndefined();
		expect(sandbox.requestsTo('POST', ADD)).toHaveLength(3);
		expect(items).toHaveLength(2500);
		items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			if (i >= 1000 && i < 2000) {
				expect(item.json.error).toBe('Instantly answered 402: Workspace does not have an active paid plan');
				expect(item.error).toBeDefined();
			} else {
				expect(item.json.status).toBe('created');
			}
		});
		expect(leads(sandbox.state).size).toBe(1500);
	});

	test('an unknown campaign: Instantly’s 404 with its message', async () => {
		const { error } = await runNode({
			parameters: addMany({ campaignId: '0199f36c-0000-7000-8000-000000000000' }),
			items: rows(2),
			credentials,
		});

		expect(error?.message).toBe('Instantly answered 404: Campaign not found');
		expect(error?.httpCode).toBe('404');
	});

	test('a 429 is waited out and the batch is sent again, once', async () => {
		sandbox.inject({ fault: { kind: 'status', status: 429 }, method: 'POST', path: ADD, times: 1 });
		const { error, items } = await runNode({ parameters: addMany(), items: rows(3), credentials });

		expect(error).toBeUndefined();
		expect(sandbox.requestsTo('POST', ADD).map((r) => r.status)).toEqual([429, 200]);
		expect(leads(sandbox.state).size).toBe(3);
		expect(items.map((item) => item.json.status)).toEqual(['created', 'created', 'created']);
	});
});

/** A path pattern that matches only the n-th request to `path`: earlier ones reach the route untouched. */
class NthRequest extends RegExp {
	private seen = 0;

	constructor(
		path: string,
		private readonly n: number,
	) {
		super(`^${path}$`);
	}

	test(path: string): boolean {
		return super.test(path) && ++this.seen === this.n;
	}
}

/** Runs Add Many with `count` rows while the sandbox answers the `batch`-th bulk request with 402. */
async function runNodeWithFaultOnBatch(batch: number, count: number, onError?: 'continueRegularOutput') {
	sandbox.inject({
		fault: {
			kind: 'status',
			status: 402,
			body: { statusCode: 402, error: 'Payment Required', message: 'Workspace does not have an active paid plan' },
		},
		method: 'POST',
		path: new NthRequest(ADD, batch),
		times: 1,
	});
	return await runNode({ parameters: addMany(), items: rows(count), credentials, onError });
}
