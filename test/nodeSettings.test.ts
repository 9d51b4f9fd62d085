/**
 * n8n's own node settings, as users toggle them: Retry On Fail (alone and with On Error → Continue), the
 * Batching request option, and Proxy / Ignore SSL Issues reaching every kind of request the node makes.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { createLimiterRegistry, useLimiterRegistry } from '../nodes/Instantly/shared/limiterRegistry';

import { listSearch, runNode, type Credentials } from './engine';
import type { Sandbox } from './sandbox';
import { backgroundJobs } from './sandbox/routes/backgroundJobs';
import { addBlockListEntry, blockListEntries } from './sandbox/routes/blockListEntries';
import { addCampaign, type Campaign } from './sandbox/routes/campaigns';
import { useSandbox } from './support/useSandbox';
import { addLead, leads } from './sandbox/routes/leads';
import { startProxy, startTlsFront, type Front } from './support/frontends';
import { SkippingClock } from './virtualTime';

let sandbox: Sandbox;
let credentials: Credentials;
let campaign: Campaign;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});
beforeEach(() => {
	campaign = addCampaign(sandbox.state, 'Spring launch');
});

const create = { resource: 'blockListEntry', operation: 'create', blValue: '={{ $json.value }}' };
const values = (count: number, prefix = 'retry') => Array.from({ length: count }, (_, i) => ({ value: `${prefix}-${i}.com` }));
const unavailable = { kind: 'status', status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: 'Try again' } } as const;

/** How many entries exist per value: each must be 1. */
function entryCounts(): Map<string, number> {
	const counts = new Map<string, number>();
	for (const entry of blockListEntries(sandbox.state).values()) counts.set(entry.bl_value, (counts.get(entry.bl_value) ?? 0) + 1);
	return counts;
}

describe('Retry On Fail', () => {
	test('a Get answered 400 on the first try is sent again on the second, and succeeds', async () => {
		const lead = addLead(sandbox.state, { email: 'jane@acme.com' });
		sandbox.inject({ fault: { kind: 'status', status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'flaky' } }, method: 'GET', times: 1 });

		const { items, error } = await runNode({
			parameters: { resource: 'lead', operation: 'get', leadId: lead.id },
			credentials,
			retry: { maxTries: 2 },
		});

		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.status])).toEqual([
			['GET', 400],
			['GET', 200],
		]);
		expect(items).toEqual([{ json: expect.objectContaining({ id: lead.id }), pairedItem: { item: 0 } }]);
	});

	test('creates: the second try sends only what the first did not create; every entry exists once', async () => {
		sandbox.inject({ fault: unavailable, method: 'POST', times: 1 });
		const input = values(3);

		const { items, error } = await runNode({ parameters: create, items: input, credentials, retry: { maxTries: 2 } });

		expect(error).toBeUndefined();
		// One 503 (nothing written, but a 503 to a create is uncertain: the second try looks it up first, finds
		// nothing and sends it), then exactly one accepted create per entry, whichever try sent it.
		const posts = sandbox.requests.filter((r) => r.method === 'POST');
		expect(posts.filter((r) => r.status === 503)).toHaveLength(1);
		expect(posts.filter((r) => r.status >= 200 && r.status < 300)).toHaveLength(3);
		expect(sandbox.requests.filter((r) => r.method === 'GET').map((r) => r.query.search)).toEqual(['retry-0.com']);
		expect(sandbox.requests).toHaveLength(5);
		expect([...entryCounts()]).toEqual(expect.arrayContaining(input.map((row) => [row.value, 1])));
		expect(entryCounts().size).toBe(3);
		expect(items.map((item) => [item.pairedItem, item.json.bl_value])).toEqual(input.map((row, i) => [{ item: i }, row.value]));
	});

	test('with On Error → Continue: n8n retries when the first item failed, and only that item is sent again', async () => {
		sandbox.inject({ fault: unavailable, method: 'POST', times: 1 });
		const input = values(5, 'continue');

		const { items } = await runNode({
			parameters: create,
			items: input,
			credentials,
			onError: 'continueRegularOutput',
			retry: { maxTries: 3 },
		});

		// Five creates, the 503 one looked up (GET) and sent again.
		expect(sandbox.requests).toHaveLength(7);
		expect(entryCounts().size).toBe(5);
		expect([...entryCounts().values()].every((n) => n === 1)).toBe(true);
		expect(items.map((item) => [item.pairedItem, item.json.error ?? item.json.bl_value])).toEqual(
			input.map((row, i) => [{ item: i }, row.value]),
		);
	});

	test('a try that fails again after its retries reports the error, and never sends a create twice', async () => {
		sandbox.inject({ fault: unavailable, method: 'POST', path: '/api/v2/block-lists-entries', times: 3 });

		const { error } = await runNode({ parameters: create, items: values(1, 'down'), credentials, retry: { maxTries: 3 } });

		expect(error?.message).toContain('503');
		// Each later try looks for the entry first (GET), finds none, and only then sends the create again.
		expect(sandbox.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 503', 'GET 200', 'POST 503', 'GET 200', 'POST 503']);
		expect(entryCounts().size).toBe(0);
	});

	test('Add Many: a batch created by the first try is not sent again by the second', async () => {
		const rows = Array.from({ length: 2500 }, (_, i) => ({ email: `retry${i}@acme.com` }));
		// The first batch goes through, the second is answered 503: nothing of it is written.
		sandbox.inject({ fault: unavailable, method: 'POST', path: '/api/v2/leads/add', after: 1, times: 1 });

		const { items, error } = await runNode({
			parameters: { resource: 'lead', operation: 'addMany', addTo: 'campaign', campaignId: campaign.id, email: '={{ $json.email }}' },
			items: rows,
			credentials,
			retry: { maxTries: 2 },
		});

		expect(error).toBeUndefined();
		const adds = sandbox.requests.filter((r) => r.path === '/api/v2/leads/add');
		expect(adds.map((r) => [r.status, (r.body as { leads: unknown[] }).leads.length])).toEqual([
			[200, 1000],
			[503, 1000],
			[200, 1000],
			[200, 500],
		]);
		const emails = [...leads(sandbox.state).values()].map((l) => l.email);
		expect(emails).toHaveLength(2500);
		expect(new Set(emails).size).toBe(2500);
		expect(items).toHaveLength(2500);
		expect(items.every((item, i) => item.json.status === 'created' && (item.pairedItem as { item: number }).item === i)).toBe(true);
	});

	test('several executions at once, each with a failed first try: every entry exists exactly once', async () => {
		sandbox.inject({ fault: unavailable, method: 'POST', times: 3 });
		const runs = ['a', 'b', 'c'].map((name) =>
			runNode({ parameters: create, items: values(20, `exec-${name}`), credentials, retry: { maxTries: 3 } }),
		);

		const results = await Promise.all(runs);

		expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined]);
		expect(results.map((r) => r.items.length)).toEqual([20, 20, 20]);
		expect(entryCounts().size).toBe(60);
		expect([...entryCounts().values()].every((n) => n === 1)).toBe(true);
		// 60 creates, 3 of them answered 503, each looked up once and sent again.
		expect(sandbox.requests).toHaveLength(66);
	});
});

describe('Batching (Request Options)', () => {
	const batching = (batchSize: number, batchInterval: number) => ({ batching: { batch: { batchSize, batchInterval } } });

	test('items per batch 10, interval 200 ms: every item is sent and created once, in batches spaced as asked', async () => {
		// The batches wait on the requests' clock: one that jumps over every wait records the waits asked for.
		const clock = new SkippingClock();
		const previous = useLimiterRegistry(createLimiterRegistry({ clock }));
		const input = values(30, 'batch');
		try {
			const { items, error } = await runNode({
				parameters: { ...create, requestOptions: batching(10, 200) },
				items: input,
				credentials,
			});
			expect(error).toBeUndefined();
			expect(items.map((item) => item.json.bl_value)).toEqual(input.map((row) => row.value));
		} finally {
			useLimiterRegistry(previous);
		}
		expect(entryCounts().size).toBe(30);
		expect(sandbox.requests.map((r) => (r.body as IDataObject).bl_value)).toEqual(input.map((row) => row.value));
		// Two pauses of the batch interval: after items 0–9 and after items 10–19.
		expect(clock.sleeps.filter((ms) => ms >= 200)).toEqual([200, 200]);
	});

	test('validation still names the bad item, before anything is sent, whatever its batch', async () => {
		const input = [...values(14, 'ok'), { value: 'not a domain' }];
		const { error } = await runNode({ parameters: { ...create, requestOptions: batching(5, 100) }, items: input, credentials });

		expect(error?.message).toBe('"not a domain" in "Email or Domain" is neither an email address nor a domain');
		expect(error?.context?.itemIndex).toBe(14);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('a list operation with batching returns every record of every item', async () => {
		for (const { value } of values(12, 'listed')) addBlockListEntry(sandbox.state, value);
		const { items } = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'getAll', returnAll: true, requestOptions: batching(1, 50) },
			items: [{}, {}, {}],
			credentials,
		});

		expect(items).toHaveLength(36);
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual([...Array(12).fill(0), ...Array(12).fill(1), ...Array(12).fill(2)]);
	});
});

describe('Proxy and Ignore SSL Issues reach every request', () => {
	let proxy: Front;
	let tls: Front;

	beforeAll(async () => {
		proxy = await startProxy();
		tls = await startTlsFront(sandbox.url);
	});
	afterAll(async () => {
		await proxy.close();
		await tls.close();
	});
	beforeEach(() => {
		proxy.seen.length = 0;
		tls.seen.length = 0;
	});

	const viaProxy = () => ({ proxy: proxy.url });
	const addMany = (requestOptions: INodeParameters): INodeParameters => ({
		resource: 'lead',
		operation: 'addMany',
		addTo: 'campaign',
		campaignId: campaign.id,
		email: '={{ $json.email }}',
		requestOptions,
	});
	const move = (requestOptions: INodeParameters): INodeParameters => ({
		resource: 'lead',
		operation: 'move',
		moveTo: 'campaign',
		toCampaignId: addCampaign(sandbox.state, 'Autumn').id,
		filters: { campaignId: campaign.id },
		options: { waitForCompletion: true },
		requestOptions,
	});

	test('Proxy: Add Many, Move with its job polling, and a list search all go through the proxy', async () => {
		addLead(sandbox.state, { email: 'moved@acme.com' }, { campaign: campaign.id });

		const added = await runNode({ parameters: addMany(viaProxy()), items: [{ email: 'proxied@acme.com' }], credentials });
		const moved = await runNode({ parameters: move(viaProxy()), credentials });
		const found = await listSearch('searchCampaigns', { resource: 'lead', operation: 'create', requestOptions: viaProxy() }, credentials);

		expect([added.error, moved.error]).toEqual([undefined, undefined]);
		const job = [...backgroundJobs(sandbox.state).values()][0];
		expect(proxy.seen).toEqual([
			'POST /api/v2/leads/add',
			'POST /api/v2/leads/move',
			...proxy.seen.slice(2, -1).map(() => `GET /api/v2/background-jobs/${job.id}`),
			'GET /api/v2/campaigns',
		]);
		expect(proxy.seen.length).toBeGreaterThanOrEqual(4);
		expect(sandbox.requests).toHaveLength(proxy.seen.length);
		expect(found.results.map((r) => r.value)).toContain(campaign.id);
	});

	test('Ignore SSL Issues: without it a self-signed certificate is refused and nothing is sent; with it every request goes through', async () => {
		const tlsCredentials = { ...credentials, baseUrl: tls.url };
		addLead(sandbox.state, { email: 'moved@acme.com' }, { campaign: campaign.id });

		const refused = await runNode({ parameters: addMany({}), items: [{ email: 'tls@acme.com' }], credentials: tlsCredentials });
		expect(refused.error?.message).toMatch(/Instantly/);
		expect(sandbox.requests).toHaveLength(0);

		const ignore = { allowUnauthorizedCerts: true };
		const added = await runNode({ parameters: addMany(ignore), items: [{ email: 'tls@acme.com' }], credentials: tlsCredentials });
		const moved = await runNode({ parameters: move(ignore), credentials: tlsCredentials });
		const found = await listSearch('searchCampaigns', { resource: 'lead', operation: 'create', requestOptions: ignore }, tlsCredentials);

		expect([added.error, moved.error]).toEqual([undefined, undefined]);
		expect(tls.seen.slice(0, 2)).toEqual(['POST /api/v2/leads/add', 'POST /api/v2/leads/move']);
		expect(tls.seen.at(-1)).toBe('GET /api/v2/campaigns');
		expect(found.results.map((r) => r.value)).toContain(campaign.id);
	});

	test('an invalid proxy is reported before anything is sent', async () => {
		const { error } = await runNode({ parameters: { ...create, requestOptions: { proxy: 'not a proxy' } }, items: values(2), credentials });

		expect(error?.message).toBe('The proxy is not valid');
		expect(sandbox.requests).toHaveLength(0);
	});
});
