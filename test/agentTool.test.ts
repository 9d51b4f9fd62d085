import type { IDataObject, NodeParameterValueType } from 'n8n-workflow';

import { runNode, type Credentials } from './engine';
import { addCampaign } from './sandbox/routes/campaigns';
import { addLeadLabel } from './sandbox/routes/leadLabels';
import { addLeadList } from './sandbox/routes/leadLists';
import { addLead } from './sandbox/routes/leads';
import type { Sandbox } from './sandbox';
import { useSandbox } from './support/useSandbox';

// What an AI Agent's tool call needs: a model knows campaigns, lists and lead labels by name, never by ID, so those
// fields take the name too; and a failed tool call answers the model with one line that says what to correct.
// (The real-n8n agent runs are in scripts/n8n/e2e-agent-cases.mjs.)
const TOOL_TYPE = 'n8n-nodes-instantly-v2.instantlyTool';
const LEADS = '/api/v2/leads';

let sandbox: Sandbox;
let credentials: Credentials;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});

const sent = () => sandbox.requests.map((r) => [r.method, r.path, r.query, r.body]);

const updateStatus = (interestValue: NodeParameterValueType, items?: IDataObject[], type?: string) =>
	runNode({
		parameters: { resource: 'lead', operation: 'updateInterestStatus', leadEmail: '={{ $json.email }}', interestValue },
		items: items ?? [{ email: 'jane@northwind.io' }],
		credentials,
		type,
	});

describe('Update Interest Status by name', () => {
	it('looks a lead label up by its name (any case, once per run) and sends its interest status number', async () => {
		addLeadLabel(sandbox.state, { label: 'Hot Leads Archive', interest_status_label: 'neutral' });
		const hot = addLeadLabel(sandbox.state, { label: 'Hot Lead', interest_status_label: 'positive' });
		const { items, error } = await updateStatus('={{ $json.status }}', [
			{ email: 'jane@northwind.io', status: 'hot lead' },
			{ email: 'raj@contoso.com', status: ' Hot  Lead ' },
		]);
		expect(error).toBeUndefined();
		expect(sent()).toEqual([
			['GET', '/api/v2/lead-labels', { search: 'hot lead', limit: '100' }, undefined],
			['POST', `${LEADS}/update-interest-status`, {}, { lead_email: 'jane@northwind.io', interest_value: hot.interest_status }],
			['POST', `${LEADS}/update-interest-status`, {}, { lead_email: 'raj@contoso.com', interest_value: hot.interest_status }],
		]);
		expect(items.map((i) => i.json)).toEqual([
			expect.objectContaining({ status: 'accepted', lead_email: 'jane@northwind.io', interest_value: hot.interest_status }),
			expect.objectContaining({ status: 'accepted', lead_email: 'raj@contoso.com', interest_value: hot.interest_status }),
		]);
	});

	it('takes a built-in status by name, or its number as text, without looking anything up', async () => {
		const { error } = await updateStatus('={{ $json.status }}', [
			{ email: 'a@b.io', status: 'Meeting Booked' },
			{ email: 'c@d.io', status: '-1' },
		]);
		expect(error).toBeUndefined();
		expect(sent().map(([, , , body]) => body)).toEqual([
			{ lead_email: 'a@b.io', interest_value: 2 },
			{ lead_email: 'c@d.io', interest_value: -1 },
		]);
	});

	it('refuses an unknown label naming the close ones, and sends no update', async () => {
		addLeadLabel(sandbox.state, { label: 'Hot Lead', interest_status_label: 'positive' });
		const { error } = await updateStatus('Hot', undefined, TOOL_TYPE);
		expect(error?.message).toBe('No lead label is named "Hot"; close: "Hot Lead". Use the exact name of an existing lead label, or its ID.');
		expect(sent()).toEqual([['GET', '/api/v2/lead-labels', { search: 'Hot', limit: '100' }, undefined]]);
	});

	it('refuses a value that is neither a number nor a name before sending anything', async () => {
		const { error } = await updateStatus('1.5');
		expect(error?.message).toBe('"1.5" in "Interest Status" is not an interest status');
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('Campaigns and lists by name', () => {
	it('Create: a campaign given by its exact name is looked up and sent as its ID', async () => {
		addCampaign(sandbox.state, 'Q3 Outreach — Agencies');
		const campaign = addCampaign(sandbox.state, 'Q3 Outreach');
		const { items, error } = await runNode({
			parameters: { resource: 'lead', operation: 'create', email: 'sam@newco.io', addTo: 'campaign', campaignId: { __rl: true, mode: 'id', value: 'q3 outreach' } },
			credentials,
			type: TOOL_TYPE,
		});
		expect(error).toBeUndefined();
		expect(sent()).toEqual([
			['GET', '/api/v2/campaigns', { search: 'q3 outreach', limit: '100' }, undefined],
			['POST', LEADS, {}, { email: 'sam@newco.io', campaign: campaign.id }],
		]);
		expect(items[0].json).toMatchObject({ email: 'sam@newco.io', campaign: campaign.id });
	});

	it('Get Many: a list filter given by name; an ID is sent as it is, without a lookup', async () => {
		const list = addLeadList(sandbox.state, 'Conference Contacts');
		addLead(sandbox.state, { email: 'maria@adatum.org' }, { list_id: list.id });
		const byName = await runNode({ parameters: { resource: 'lead', operation: 'getAll', limit: 5, filters: { listId: 'Conference Contacts' } }, credentials });
		expect(byName.items.map((i) => i.json.email)).toEqual(['maria@adatum.org']);
		sandbox.resetLog();
		await runNode({ parameters: { resource: 'lead', operation: 'getAll', limit: 5, filters: { listId: list.id } }, credentials });
		expect(sent()).toEqual([['POST', `${LEADS}/list`, {}, { list_id: list.id, limit: 5 }]]);
	});

	it('an unknown campaign name fails with the reason, and the lead is not created', async () => {
		const { error } = await runNode({
			parameters: { resource: 'lead', operation: 'create', email: 'sam@newco.io', addTo: 'campaign', campaignId: 'Q4 Launch' },
			credentials,
		});
		expect(error?.message).toBe('No campaign is named "Q4 Launch"');
		expect(sandbox.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
	});
});

describe('As an AI Agent’s tool', () => {
	it('an API error is one line for the model: Instantly’s message, the hint and the request, never the key', async () => {
		const missing = '019a0000-dead-7bee-8f00-000000000001';
		const { error } = await runNode({
			parameters: { resource: 'lead', operation: 'get', leadId: { __rl: true, mode: 'id', value: missing } },
			credentials,
			type: TOOL_TYPE,
		});
		expect(error?.message).toBe(
			`Instantly answered 404: Resource not found. The ID does not exist in this Instantly workspace (or was deleted): check the ID. (GET ${LEADS}/${missing})`,
		);
		expect(error?.message).not.toContain(sandbox.apiKey);
		expect(sandbox.requests).toHaveLength(1);
	});

	it('a bad argument is one line too, and nothing is sent', async () => {
		const { error } = await runNode({
			parameters: { resource: 'lead', operation: 'updateInterestStatus', leadEmail: 'jane at northwind', interestValue: 1 },
			credentials,
			type: TOOL_TYPE,
		});
		expect(error?.message).toBe('"jane at northwind" in "Lead Email" is not a valid email address. Enter the lead’s email address, e.g. jane@acme.com.');
		expect(sandbox.requests).toHaveLength(0);
	});

	it('the regular node keeps message and hint apart, as n8n shows them', async () => {
		const { error } = await runNode({
			parameters: { resource: 'lead', operation: 'updateInterestStatus', leadEmail: 'jane at northwind', interestValue: 1 },
			credentials,
		});
		expect(error?.message).toBe('"jane at northwind" in "Lead Email" is not a valid email address');
		expect(error?.description).toBe('Enter the lead’s email address, e.g. jane@acme.com.');
	});
});
