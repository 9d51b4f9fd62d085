// e2e cases for n8n's own node settings in a real n8n: Retry On Fail (a 4xx and a 503 on the first try; gets,
// creates and Add Many), Batching, and Proxy / Ignore SSL Issues reaching Add Many and Move's job polling. Each
// case checks the output (paired) and that the sandbox holds every record exactly once.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { ROOT } from './lib.mjs';
import { byId, code, instantly, workflow } from './workflows.mjs';

const retry = { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 };
const unavailable = { kind: 'status', status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: 'Try again' } };

/** A Code node emitting `count` items `{value, email}` unique to `prefix`. */
const rows = (prefix, count) =>
	code('Rows', `return Array.from({ length: ${count} }, (_, i) => ({ json: { value: '${prefix}-' + i + '.com', email: '${prefix}' + i + '@acme.com' } }));`);

function assertPaired(items) {
	items.forEach((item, i) => assert.deepEqual(item.pairedItem, { item: i }, `output ${i} is not paired to input ${i}`));
}

async function countsOf(sandbox, collection, field, prefix) {
	const counts = new Map();
	for (const record of (await sandbox.state())[collection] ?? []) {
		const value = String(record[field] ?? '');
		if (value.startsWith(prefix)) counts.set(value, (counts.get(value) ?? 0) + 1);
	}
	return counts;
}

/** An HTTP forward proxy, or a TLS front with a self-signed certificate, in front of the sandbox; both record. */
async function startFronts(target) {
	const forward = (req, res, pathAndQuery) => {
		const upstream = http.request(new URL(pathAndQuery, target), { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	};
	const proxySeen = [];
	const proxy = http.createServer((req, res) => {
		const url = new URL(req.url);
		proxySeen.push(`${req.method} ${url.pathname}`);
		forward(req, res, `${url.pathname}${url.search}`);
	});
	const fixtures = path.join(ROOT, 'test', 'fixtures');
	const tlsSeen = [];
	const tls = https.createServer(
		{ key: await readFile(path.join(fixtures, 'self-signed.key')), cert: await readFile(path.join(fixtures, 'self-signed.crt')) },
		(req, res) => {
			tlsSeen.push(`${req.method} ${new URL(req.url, 'https://front').pathname}`);
			forward(req, res, req.url);
		},
	);
	const listen = (server) =>
		new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
	const [proxyPort, tlsPort] = [await listen(proxy), await listen(tls)];
	// The suite's own process ends when its work is done: these servers must not keep it alive.
	proxy.unref();
	tls.unref();
	return { proxy: { url: `http://127.0.0.1:${proxyPort}`, seen: proxySeen }, tls: { url: `https://127.0.0.1:${tlsPort}`, seen: tlsSeen } };
}

export async function settingsCases(ctx) {
	const { sandbox, state, url, apiKey } = ctx;
	const campaign = state.campaigns[0];
	const other = state.campaigns[1] ?? state.campaigns[0];
	const lead = state.leads[0];
	const fronts = await startFronts(url);
	const cases = [];
	const add = (c) => cases.push(c);

	add({
		name: 'Node settings — Retry On Fail: a Get answered 400 on the first try is sent again and succeeds',
		faults: [{ fault: { kind: 'status', status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'flaky' } }, method: 'GET', times: 1 }],
		workflow: workflow('e2eRetryGet', 'e2e: retry on fail, get', {
			branches: [[instantly('Get', { resource: 'lead', operation: 'get', leadId: byId(lead.id) }, retry)]],
		}),
		async check(run) {
			assert.deepEqual(run.requests.map((r) => [r.method, r.status]), [['GET', 400], ['GET', 200]]);
			assert.equal(run.items('Get')[0].json.id, lead.id);
			assertPaired(run.items('Get'));
		},
	});

	add({
		name: 'Node settings — Retry On Fail: creates with a 503 on the first try; the second sends only what is missing, nothing twice',
		faults: [{ fault: unavailable, method: 'POST', times: 1 }],
		workflow: workflow('e2eRetryCreate', 'e2e: retry on fail, creates', {
			branches: [[rows('e2e-retry', 3), instantly('Create', { resource: 'blockListEntry', operation: 'create', blValue: '={{ $json.value }}' }, retry)]],
		}),
		async check(run) {
			const items = run.items('Create');
			assert.deepEqual(items.map((i) => i.json.bl_value), ['e2e-retry-0.com', 'e2e-retry-1.com', 'e2e-retry-2.com']);
			assertPaired(items);
			// A 503 to a create is uncertain: the second try looks it up (one GET), finds nothing, and sends it.
			const posts = run.requests.filter((r) => r.method === 'POST');
			assert.equal(posts.filter((r) => r.status === 503).length, 1);
			assert.equal(posts.filter((r) => r.status >= 200 && r.status < 300).length, 3);
			assert.equal(run.requests.filter((r) => r.method === 'GET').length, 1);
			const counts = await countsOf(sandbox, 'blockListEntries', 'bl_value', 'e2e-retry-');
			assert.deepEqual([...counts.values()], [1, 1, 1]);
		},
	});

	add({
		name: 'Node settings — Retry On Fail + On Error → Continue: only the failed item is sent again',
		faults: [{ fault: unavailable, method: 'POST', times: 1 }],
		workflow: workflow('e2eRetryContinue', 'e2e: retry on fail with continue', {
			branches: [[rows('e2e-retry-continue', 4), instantly('Create', { resource: 'blockListEntry', operation: 'create', blValue: '={{ $json.value }}' }, { ...retry, onError: 'continueRegularOutput' })]],
		}),
		async check(run) {
			const items = run.items('Create');
			const values = [0, 1, 2, 3].map((i) => `e2e-retry-continue-${i}.com`);
			assertPaired(items);
			const counts = await countsOf(sandbox, 'blockListEntries', 'bl_value', 'e2e-retry-continue-');
			if (ctx.legacy) {
				// n8n 1.x handles Retry On Fail with error items its own way (item 0 may stay an error item, or be
				// resent); what the node guarantees holds either way: the others once, nothing twice.
				assert.deepEqual(items.slice(1).map((i) => i.json.bl_value), values.slice(1));
				assert.ok([values[0], 'Instantly answered 503: Try again'].includes(items[0].json.error ?? items[0].json.bl_value));
				assert.ok(run.requests.length <= 6, `${run.requests.length} requests`);
				assert.ok([...counts.values()].every((n) => n === 1), 'an entry exists twice');
				assert.equal(counts.size, run.requests.filter((r) => r.method === 'POST' && r.status >= 200 && r.status < 300).length);
				return;
			}
			assert.deepEqual(items.map((i) => i.json.error ?? i.json.bl_value), values);
			// Four creates, and the 503 one looked up (GET) before it was sent again.
			assert.equal(run.requests.length, 6);
			assert.deepEqual([...counts.values()], [1, 1, 1, 1]);
		},
	});

	add({
		name: 'Node settings — Retry On Fail: Add Many does not send again a batch the first try created',
		faults: [{ fault: unavailable, method: 'POST', path: '/api/v2/leads/add', after: 1, times: 1 }],
		workflow: workflow('e2eRetryAddMany', 'e2e: retry on fail, add many', {
			branches: [
				[
					rows('e2e-retry-add', 2500),
					instantly('Add', { resource: 'lead', operation: 'addMany', addTo: 'campaign', campaignId: byId(campaign.id), email: '={{ $json.email }}' }, retry),
				],
			],
		}),
		async check(run) {
			const adds = run.requests.filter((r) => r.path === '/api/v2/leads/add');
			assert.deepEqual(adds.map((r) => [r.status, r.body.leads.length]), [[200, 1000], [503, 1000], [200, 1000], [200, 500]]);
			const items = run.items('Add');
			assert.equal(items.length, 2500);
			assertPaired(items);
			assert.ok(items.every((i) => i.json.status === 'created'), 'every lead created');
			const counts = await countsOf(sandbox, 'leads', 'email', 'e2e-retry-add');
			assert.equal(counts.size, 2500);
			assert.ok([...counts.values()].every((n) => n === 1), 'a lead exists twice');
		},
	});

	add({
		name: 'Node settings — Batching 10 items / 500 ms: every item created once, batches spaced as asked',
		workflow: workflow('e2eBatching', 'e2e: batching', {
			branches: [
				[
					rows('e2e-batching', 30),
					instantly('Create', {
						resource: 'blockListEntry',
						operation: 'create',
						blValue: '={{ $json.value }}',
						requestOptions: { batching: { batch: { batchSize: 10, batchInterval: 500 } } },
					}),
				],
			],
		}),
		async check(run) {
			const items = run.items('Create');
			assert.equal(items.length, 30);
			assertPaired(items);
			const at = run.requests.map((r) => r.at);
			assert.equal(at.length, 30);
			// Lower bounds only: a slow machine lengthens the gaps, never shortens them. The 150 ms margin is the most
			// the first request's own time on the wire could exceed the eleventh's.
			assert.ok(at[10] - at[0] >= 350, `batch 2 came ${at[10] - at[0]} ms after batch 1`);
			assert.ok(at[20] - at[0] >= 850, `batch 3 came ${at[20] - at[0]} ms after batch 1`);
			const counts = await countsOf(sandbox, 'blockListEntries', 'bl_value', 'e2e-batching-');
			assert.equal(counts.size, 30);
		},
	});

	const moveAndAdd = (id, name, requestOptions, credential) =>
		workflow(id, name, {
			branches: [
				[rows(`${id}-lead`, 2), instantly('Add', { resource: 'lead', operation: 'addMany', addTo: 'campaign', campaignId: byId(campaign.id), email: '={{ $json.email }}', requestOptions }, { credential })],
				[
					instantly(
						'Move',
						{
							resource: 'lead',
							operation: 'move',
							moveTo: 'campaign',
							toCampaignId: byId(other.id),
							filters: { campaignId: byId(campaign.id), contacts: `${id}-lead0@acme.com` },
							options: { waitForCompletion: true },
							requestOptions,
						},
						{ credential },
					),
				],
			],
		});

	add({
		name: 'Node settings — Proxy: Add Many and Move with its job polling go through the proxy',
		setup: async () => void (fronts.proxy.seen.length = 0),
		workflow: moveAndAdd('e2eProxy', 'e2e: proxy', { proxy: fronts.proxy.url }),
		async check(run) {
			assert.equal(run.items('Add').length, 2);
			assert.equal(run.items('Move')[0].json.status, 'success');
			assert.deepEqual(fronts.proxy.seen.slice(0, 2), ['POST /api/v2/leads/add', 'POST /api/v2/leads/move']);
			assert.ok(fronts.proxy.seen.slice(2).length >= 1 && fronts.proxy.seen.slice(2).every((line) => line.startsWith('GET /api/v2/background-jobs/')));
			assert.equal(run.requests.length, fronts.proxy.seen.length, 'a request bypassed the proxy');
		},
	});

	add({
		name: 'Node settings — Ignore SSL Issues: Add Many and Move reach a self-signed HTTPS front only with the option on',
		credentials: [{ id: 'instantlyTlsFront', name: 'Instantly (sandbox over TLS)', type: 'instantlyV2Api', data: { apiKey, baseUrl: fronts.tls.url } }],
		setup: async () => void (fronts.tls.seen.length = 0),
		workflow: moveAndAdd('e2eTls', 'e2e: ignore ssl issues', { allowUnauthorizedCerts: true }, 'tls'),
		async check(run) {
			assert.equal(run.items('Add').length, 2);
			assert.equal(run.items('Move')[0].json.status, 'success');
			assert.deepEqual(fronts.tls.seen.slice(0, 2), ['POST /api/v2/leads/add', 'POST /api/v2/leads/move']);
			assert.equal(run.requests.length, fronts.tls.seen.length);
		},
	});

	add({
		name: 'Node settings — without Ignore SSL Issues a self-signed certificate is refused and nothing is sent',
		expectFailure: true,
		workflow: workflow('e2eTlsRefused', 'e2e: self-signed refused', {
			branches: [[rows('e2e-tls-refused', 1), instantly('Add', { resource: 'lead', operation: 'addMany', addTo: 'campaign', campaignId: byId(campaign.id), email: '={{ $json.email }}' }, { credential: 'tls' })]],
		}),
		async check(run) {
			assert.equal(run.requests.length, 0);
			assert.match(String(run.error?.message ?? ''), /Instantly/);
		},
	});

	return cases;
}
