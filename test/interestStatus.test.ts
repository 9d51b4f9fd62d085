import type { INodeProperties } from 'n8n-workflow';

import { loadOptions, runNode, type Credentials } from './engine';
import { Instantly } from '../nodes/Instantly/Instantly.node';
import { BUILT_IN_INTEREST_STATUSES } from '../nodes/Instantly/shared/interestStatus';
import { addLeadLabel, type Sentiment } from './sandbox/routes/leadLabels';
import type { Sandbox } from './sandbox';
import { useSandbox } from './support/useSandbox';

const LABELS = '/api/v2/lead-labels';

let sandbox: Sandbox;
let credentials: Credentials;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});

const load = (creds = credentials) =>
	loadOptions('getInterestStatuses', { resource: 'leadLabel', operation: 'delete' }, creds);

describe('getInterestStatuses (the interest-status dropdown)', () => {
	it('lists Instantly’s nine built-in statuses with their numbers', () => {
		expect(BUILT_IN_INTEREST_STATUSES.map((o) => [o.name, o.value])).toEqual([
			['Interested', 1],
			['Meeting Booked', 2],
			['Meeting Completed', 3],
			['Won', 4],
			['Out of Office', 0],
			['Not Interested', -1],
			['Wrong Person', -2],
			['Lost', -3],
			['No Show', -4],
		]);
	});

	it('without custom labels: the built-ins only, after one request for the labels', async () => {
		const options = await load();
		expect(options).toEqual(BUILT_IN_INTEREST_STATUSES);
		expect(sandbox.requests.map((r) => [r.method, r.path, r.query])).toEqual([['GET', LABELS, { limit: '100' }]]);
		expect(sandbox.requests[0].headers.authorization).toBe(`Bearer ${sandbox.apiKey}`);
	});

	it('adds the workspace’s labels by name, valued by their generated interest_status', async () => {
		const hot = addLeadLabel(sandbox.state, {
			label: 'Hot Lead',
			interest_status_label: 'positive',
			description: 'Asked for pricing',
		});
		const notNow = addLeadLabel(sandbox.state, { label: 'Not Now', interest_status_label: 'neutral' });
		const competitor = addLeadLabel(sandbox.state, { label: 'Competitor', interest_status_label: 'negative' });
		const options = await load();
		expect(options.slice(0, BUILT_IN_INTEREST_STATUSES.length)).toEqual(BUILT_IN_INTEREST_STATUSES);
		expect(options.slice(BUILT_IN_INTEREST_STATUSES.length)).toEqual([
			{
				name: 'Competitor (custom label, negative)',
				value: competitor.interest_status,
				description: `Custom lead label, interest status ${competitor.interest_status}`,
			},
			{ name: 'Hot Lead (custom label, positive)', value: hot.interest_status, description: 'Asked for pricing' },
			{
				name: 'Not Now (custom label, neutral)',
				value: notNow.interest_status,
				description: `Custom lead label, interest status ${notNow.interest_status}`,
			},
		]);
	});

	it('follows the cursor through every page when the workspace has more than 100 labels', async () => {
		const sentiments: Sentiment[] = ['positive', 'negative', 'neutral'];
		const labels = Array.from({ length: 230 }, (_, i) =>
			addLeadLabel(sandbox.state, {
				label: `Label ${String(i).padStart(3, '0')}`,
				interest_status_label: sentiments[i % 3],
			}),
		);
		const options = await load();
		const custom = options.slice(BUILT_IN_INTEREST_STATUSES.length);
		expect(custom.map((o) => o.value)).toEqual(labels.map((l) => l.interest_status));
		expect(new Set(options.map((o) => o.value)).size).toBe(230 + BUILT_IN_INTEREST_STATUSES.length);
		expect(sandbox.requests.map((r) => r.query)).toEqual([
			{ limit: '100' },
			{ limit: '100', starting_after: labels[99].id },
			{ limit: '100', starting_after: labels[199].id },
		]);
	});

	it('reports an API error as a NodeApiError with Instantly’s message, never the key', async () => {
		const secret = 'sk_live_LOADER_SECRET_5555';
		const error = await load({ apiKey: secret, baseUrl: sandbox.url }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(Error);
		const { name, message, description, httpCode } = error as Error & { description?: string; httpCode?: string };
		expect([name, message, httpCode]).toEqual(['NodeApiError', 'Instantly answered 401: Invalid API key', '401']);
		expect(description).toContain(`GET ${LABELS}`);
		expect(JSON.stringify({ error, message, description })).not.toContain(secret);
	});

	it('a key without the lead-labels scope gets Instantly’s 403 reason, not a list missing the labels', async () => {
		addLeadLabel(sandbox.state, { label: 'Hot Lead', interest_status_label: 'positive' });
		sandbox.inject({
			fault: {
				kind: 'status',
				status: 403,
				body: { statusCode: 403, error: 'Forbidden', message: 'Forbidden: missing scope lead-labels:read' },
			},
			path: LABELS,
		});
		const error = (await load().catch((e: unknown) => e)) as Error & { description?: string; httpCode?: string };
		expect([error.message, error.httpCode]).toEqual(['Instantly answered 403: Forbidden: missing scope lead-labels:read', '403']);
		expect(error.description).toContain('scope');
		expect(sandbox.requests).toHaveLength(1);
	});
});

describe('Where the dropdown is used', () => {
	const properties = new Instantly().description.properties;

	function find(list: INodeProperties[], path: string[]): INodeProperties | undefined {
		const [name, ...rest] = path;
		const property = list.find((p) => p.name === name);
		if (!rest.length || !property) return property;
		return find((property.options ?? []) as INodeProperties[], rest);
	}

	it('Lead Label → Delete → Options → Reassign Leads To loads the interest statuses', () => {
		const options = properties.find(
			(p) => p.name === 'options' && p.displayOptions?.show?.resource?.includes('leadLabel'),
		);
		const field = find((options?.options ?? []) as INodeProperties[], ['reassignedStatus']);
		expect(field?.type).toBe('options');
		expect(field?.typeOptions?.loadOptionsMethod).toBe('getInterestStatuses');
	});

	it('a custom label picked from the dropdown is sent as its number when deleting another label', async () => {
		const leaving = addLeadLabel(sandbox.state, { label: 'Old Hot', interest_status_label: 'positive' });
		addLeadLabel(sandbox.state, { label: 'Hot Lead', interest_status_label: 'positive' });
		const picked = (await load()).find((o) => o.name.startsWith('Hot Lead'));
		sandbox.resetLog();
		const { items, error } = await runNode({
			parameters: {
				resource: 'leadLabel',
				operation: 'delete',
				leadLabelId: leaving.id,
				options: { reassignedStatus: picked!.value },
			},
			credentials,
		});
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			['DELETE', `${LABELS}/${leaving.id}`, { reassigned_status: picked!.value }],
		]);
		expect(items[0].json.id).toBe(leaving.id);
	});
});
