/**
 * "Look before resending": a create whose answer was lost (Instantly wrote it, then the connection dropped or
 * the answer came cut short) is looked up on n8n's Retry On Fail instead of being sent again; a Move whose wait
 * ran out waits for the same job again; and an operation that cannot look is not resent but fails clearly.
 */
import type { INodeParameters } from 'n8n-workflow';

import { createLimiterRegistry, useLimiterRegistry, type LimiterRegistry } from '../nodes/Instantly/shared/limiterRegistry';

import { runNode, type Credentials } from './engine';
import type { Sandbox } from './sandbox';
import { backgroundJobs, planBackgroundJobs } from './sandbox/routes/backgroundJobs';
import { blockListEntries } from './sandbox/routes/blockListEntries';
import { addCampaign, type Campaign } from './sandbox/routes/campaigns';
import { leadLabels } from './sandbox/routes/leadLabels';
import { addLead, leads } from './sandbox/routes/leads';
import { useSandbox } from './support/useSandbox';
import { SkippingClock } from './virtualTime';

let sandbox: Sandbox;
let credentials: Credentials;
let campaign: Campaign;
let other: Campaign;
let clock: SkippingClock;
let previous: LimiterRegistry;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});
beforeEach(() => {
	campaign = addCampaign(sandbox.state, 'Spring launch');
	other = addCampaign(sandbox.state, 'Autumn launch');
	clock = new SkippingClock();
	previous = useLimiterRegistry(createLimiterRegistry({ clock }));
});
afterEach(() => useLimiterRegistry(previous));

const calls = () => sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
const written = { kind: 'drop', processed: true } as const;

describe('a create whose answer was lost is looked up, not sent again', () => {
	test('Block List Entry → Create: the retry finds the entry by search; it exists once and is the output', async () => {
		sandbox.inject({ fault: written, method: 'POST', times: 1 });

		const { items, error } = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'create', blValue: '={{ $json.value }}' },
			items: [{ value: 'lost.com' }, { value: 'fine.com' }],
			credentials,
			retry: { maxTries: 2 },
		});

		expect(error).toBeUndefined();
		expect(sandbox.requests.filter((r) => r.method === 'POST').map((r) => [r.body, r.processedStatus ?? r.status])).toEqual([
			[{ bl_value: 'lost.com' }, 200],
			[{ bl_value: 'fine.com' }, 200],
		]);
		expect(sandbox.requests.filter((r) => r.method === 'GET').map((r) => r.query.search)).toEqual(['lost.com']);
		const entries = [...blockListEntries(sandbox.state).values()];
		expect(entries.map((e) => e.bl_value).sort()).toEqual(['fine.com', 'lost.com']);
		expect(items).toEqual([
			{ json: expect.objectContaining({ id: entries.find((e) => e.bl_value === 'lost.com')?.id, bl_value: 'lost.com' }), pairedItem: { item: 0 } },
			{ json: expect.objectContaining({ bl_value: 'fine.com' }), pairedItem: { item: 1 } },
		]);
	});

	test('Block List Entry → Create: a drop before Instantly wrote it: the retry finds nothing and sends it once more', async () => {
		sandbox.inject({ fault: { kind: 'drop' }, method: 'POST', times: 1 });

		const { items, error } = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'create', blValue: 'never.com' },
			credentials,
			retry: { maxTries: 2 },
		});

		expect(error).toBeUndefined();
		expect(calls()).toEqual([
			expect.stringMatching(/^POST \/api\/v2\/block-lists-entries /),
			'GET /api/v2/block-lists-entries 200',
			'POST /api/v2/block-lists-entries 200',
		]);
		expect([...blockListEntries(sandbox.state).values()].map((e) => e.bl_value)).toEqual(['never.com']);
		expect(items).toEqual([{ json: expect.objectContaining({ bl_value: 'never.com' }), pairedItem: { item: 0 } }]);
	});

	test('Lead Label → Create: an answer cut short (written, not readable): the retry finds the label', async () => {
		sandbox.inject({ fault: { kind: 'malformed' }, method: 'POST', times: 1 });
		const before = leadLabels(sandbox.state).size;

		const { items, error } = await runNode({
			parameters: { resource: 'leadLabel', operation: 'create', label: 'Hot Lead', interestStatusLabel: 'positive' },
			credentials,
			retry: { maxTries: 2 },
		});

		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v2/lead-labels', 'GET /api/v2/lead-labels']);
		const created = [...leadLabels(sandbox.state).values()].filter((l) => l.label === 'Hot Lead');
		expect(created).toHaveLength(1);
		expect(leadLabels(sandbox.state).size).toBe(before + 1);
		expect(items).toEqual([{ json: expect.objectContaining({ id: created[0].id, label: 'Hot Lead' }), pairedItem: { item: 0 } }]);
	});

	test('Lead → Create: the retry lists the campaign’s leads by email and outputs the lead created', async () => {
		addLead(sandbox.state, { email: 'jane@acme.com' }, { campaign: other.id });
		sandbox.inject({ fault: written, method: 'POST', path: '/api/v2/leads', times: 1 });

		const { items, error } = await runNode({
			parameters: { resource: 'lead', operation: 'create', email: 'jane@acme.com', addTo: 'campaign', campaignId: campaign.id },
			credentials,
			retry: { maxTries: 2 },
		});

		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', '/api/v2/leads', { email: 'jane@acme.com', campaign: campaign.id }],
			['POST', '/api/v2/leads/list', { campaign: campaign.id, contacts: ['jane@acme.com'], limit: 100 }],
		]);
		const inCampaign = [...leads(sandbox.state).values()].filter((l) => l.campaign === campaign.id);
		expect(inCampaign.map((l) => l.email)).toEqual(['jane@acme.com']);
		expect(items).toEqual([{ json: expect.objectContaining({ id: inCampaign[0].id, email: 'jane@acme.com' }), pairedItem: { item: 0 } }]);
	});
});

describe('Move', () => {
	const move = (options: INodeParameters): INodeParameters => ({
		resource: 'lead',
		operation: 'move',
		moveTo: 'campaign',
		toCampaignId: other.id,
		filters: { campaignId: campaign.id },
		options,
	});

	test('Wait for Completion ran out: Retry On Fail waits for the same job again, and never starts a second move', async () => {
		const lead = addLead(sandbox.state, { email: 'jane@acme.com' }, { campaign: campaign.id });
		// Three polls to finish: the first try (1 s limit) polls twice and gives up, the second finishes it.
		planBackgroundJobs(sandbox.state, { polls: 3, outcome: 'success' });

		const { items, error } = await runNode({
			parameters: move({ waitForCompletion: true, waitTimeLimit: 1 }),
			credentials,
			retry: { maxTries: 2 },
		});

		expect(error).toBeUndefined();
		const jobs = [...backgroundJobs(sandbox.state).values()];
		expect(jobs).toHaveLength(1);
		expect(sandbox.requestsTo('POST', '/api/v2/leads/move')).toHaveLength(1);
		expect(sandbox.requestsTo('GET', `/api/v2/background-jobs/${jobs[0].id}`)).toHaveLength(3);
		expect(items).toEqual([{ json: expect.objectContaining({ id: jobs[0].id, status: 'success' }), pairedItem: { item: 0 } }]);
		expect(leads(sandbox.state).get(lead.id)?.campaign).toBe(other.id);
	});

	test('a move whose answer was lost is not sent again: the retry fails, saying what to check', async () => {
		const lead = addLead(sandbox.state, { email: 'jane@acme.com' }, { campaign: campaign.id });
		sandbox.inject({ fault: written, method: 'POST', path: '/api/v2/leads/move', times: 1 });

		const { error } = await runNode({ parameters: move({ copyLeads: true }), credentials, retry: { maxTries: 3 } });

		expect(error?.message).toBe('Not sent again: an earlier try may already have done it');
		expect(error?.description).toContain('(POST /api/v2/leads/move)');
		expect(error?.description).toContain('Check in Instantly whether it took effect');
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v2/leads/move']);
		// One copy job, not two.
		expect(backgroundJobs(sandbox.state).size).toBe(1);
		expect(leads(sandbox.state).get(lead.id)?.campaign).toBe(campaign.id);
	});
});
