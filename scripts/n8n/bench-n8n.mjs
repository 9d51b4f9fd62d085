// `npm run bench:n8n`: the benchmark of record (issue 14). The package runs in the real n8n 2.41.1 that
// `npm run test:e2e` installs (`n8n execute --id=… --rawOutput`, the package installed from its `npm pack` tarball
// into the user folder `.cache/n8n-runtime/user-bench/`), against the sandbox limited like Instantly
// (`--rate-limit`: 100 requests per sliding second counted on arrival, 6,000 per minute, 429s not counted), in the
// same run as the workaround a user would build instead. Each scenario runs BENCH_RUNS times (3), node and
// workaround alternately, then ONE table is printed:
//
// | scenario | this node | hand-built workaround | ideal | ratio | 429s | failed | duplicates |
//
// - this node / hand-built workaround: min / median / max wall time in s of the nodes under test, from n8n's own
//   execution data: the first `startTime` to the last `startTime + executionTime` of their runs in `runData` (so
//   n8n's start-up, the trigger and the Code node that emits the items are left out). The workaround is the HTTP
//   Request node (Bearer Auth credential, JSON body by expression, Options → Batching 100 items / 1,000 ms; 20 / 1,000
//   ms for the shared key) or, for Add Many, Loop Over Items (1,000) → Edit Fields → Aggregate → HTTP Request, all
//   four nodes' span. Add Many cells add two medians from the `n8n execute` process's /proc status, sampled every
//   100 ms: its peak RSS over its whole life (VmHWM: n8n's start-up, every node's items and the --rawOutput JSON it
//   prints at the end) and how much its RSS grew within the span measured ("+N MB in span": the highest sample in
//   the span over the last one before it). 2,500 against 10,000 leads shows whether the node's memory stays flat.
// - ideal: items / the rate the key grants (100/s; 20/s when another client uses the rest). ratio: the node's
//   median / ideal (the workaround's in brackets); for Add Many, which has no rate-bound ideal, node ÷ workaround.
// - 429s: requests of the node answered 429, min / median / max (share of its requests), then the workaround's;
//   counted by the sandbox (GET /__sandbox/summary), the load client's requests (its own user agent) left out.
// - failed: worst run, items without a good output item (an error item, none, or for Get another lead than asked)
//   or whose record is missing from the sandbox afterwards or holds other values than the item's (Add Many: the
//   three lead fields and the custom variable); duplicates: worst run, records created more than once (creates and Add Many only).
//   "node · wa" in both. The load average (1/5/15 min) before and after each scenario is printed under the table.
//
// Scenarios (BENCH_ONLY=create,get,shared,addMany,addMany10k,queue,emails picks some, comma-separated):
//   create      1,000 items → Block List Entry → Create (blValue `{{ $json.value }}`)                    ideal 10 s
//   get         1,000 items → Lead → Get (IDs of leads seeded beforehand)                                ideal 10 s
//   shared      200 creates while a load client of this script uses the same key at 80/s (GET, loopback,
//               bounded in time and count): the API grants the workflow 20/s                            ideal 10 s
//   addMany     2,500 items → Lead → Add Many (email, three lead fields and a custom variable by expression)
//   addMany10k  the same with 10,000 leads
//   queue       queue mode, the stack of `npm run test:queue` (Redis, PostgreSQL, a main, two workers running one
//               job each): two webhook calls at once, 500 creates each, one per worker, sharing the key   ideal 10 s
//               (the workaround batches 50 / 1,000 ms: each worker's half). The time runs from the first start
//               to the last end of the node on either worker, from the executions' data (REST API).
//   emails      6,000 emails (seeded: POST /__sandbox/seed/emails) → Email → Get Many, Return All: 60 pages of an
//               endpoint Instantly limits to 20 requests per minute (the sandbox too, per sliding minute). Ideal
//               120 s: pages 21 and 41 may arrive no sooner than 60 and 120 s after pages 1 and 21, then the last
//               20 pages take as long as 20 round trips back to back. The workaround is the HTTP Request node
//               with its Pagination option (starting_after from $response.body.next_starting_after, Interval
//               Between Requests 3,000 ms: 20 a minute, evenly) → Split Out on "items". Skipped, with a message,
//               when the node has no Email resource. One execution may take BENCH_EMAILS_TIMEOUT_S (400).
//
// Settings: BENCH_RUNS (3), BENCH_ONLY, BENCH_N8N_PORT (5760; n8n's task runner takes the next port),
// BENCH_SANDBOX_PORT (5762), BENCH_QUEUE_PORT (5770, the queue main; its workers, Redis and PostgreSQL take free
// ports as in test:queue), BENCH_QUEUE_ITEMS (500 per worker), BENCH_TIMEOUT_S (240: one execution),
// BENCH_SCENARIO_LIMIT_S (1200: the runs of one scenario; later runs are skipped), BENCH_LOAD_PER_SECOND (80),
// BENCH_DUMP (a folder for each run's requests), BENCH_VARIANTS (node,workaround; `node` skips the workaround), BENCH_SHARED_RPS (unset: the credential's default Requests per Second; a number sets it on the shared
// scenario's credential), SKIP_BUILD=1 (pack the dist/ already there). Timing lives here, never in a test.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureRuntime } from './install.mjs';
import { buildAndPack, installTarball } from './pack.mjs';
import {
	CACHE,
	N8N_BIN,
	N8N_DIR,
	NODE_BIN,
	importIntoN8n,
	log,
	login,
	n8nCli,
	n8nEnv,
	parseRun,
	portFree,
	run,
	seconds,
	spawnService,
	startSandbox,
	stopService,
	userFolder,
} from './lib.mjs';
import { builtNode } from './node-description.mjs';
import { QueueStack, ensureQueueServices, listExecutions } from './queue-stack.mjs';
import { splitOut, webhook } from './queue-workflows.mjs';
import { sandboxClient } from './sandbox-client.mjs';
import { code, credentialRecord, instantly, trigger, workflow } from './workflows.mjs';

const PROFILE = 'bench';
const setting = (name, fallback) => Number(process.env[name] ?? fallback);
const RUNS = setting('BENCH_RUNS', 3);
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
/** BENCH_VARIANTS=node runs the node alone (half the time, while tuning); both by default. */
const VARIANTS = (process.env.BENCH_VARIANTS ?? 'node,workaround').split(',').map((s) => s.trim());
/** BENCH_DUMP=<folder>: each run's requests as the sandbox saw them ({method, path, status, at, agent}) and the span, one JSON file per run. */
const DUMP = process.env.BENCH_DUMP;
let dumped = 0;
const N8N_PORT = setting('BENCH_N8N_PORT', 5760);
const SANDBOX_PORT = setting('BENCH_SANDBOX_PORT', 5762);
const TIMEOUT_MS = setting('BENCH_TIMEOUT_S', 240) * 1000;
const EMAILS_TIMEOUT_MS = setting('BENCH_EMAILS_TIMEOUT_S', 400) * 1000;
const EMAILS = 6000;
const SCENARIO_LIMIT_MS = setting('BENCH_SCENARIO_LIMIT_S', 1200) * 1000;
const LOAD_PER_SECOND = setting('BENCH_LOAD_PER_SECOND', 80);
const SHARED_RPS = process.env.BENCH_SHARED_RPS ? Number(process.env.BENCH_SHARED_RPS) : undefined;
const QUEUE_PORT = setting('BENCH_QUEUE_PORT', 5770);
const QUEUE_ITEMS = setting('BENCH_QUEUE_ITEMS', 500);
const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);
const BUDGET = 100;
/** The user agent of the load client, so its requests are told apart from n8n's. */
const LOAD_AGENT = 'bench-n8n-load';
const THIS_FILE = fileURLToPath(import.meta.url);

const BEARER = { id: 'benchBearer1', name: 'Bearer (sandbox)' };
const SHARED_CREDENTIAL = { id: 'instantlyBenchShared', name: 'Instantly (sandbox, shared key)' };

// ---------------------------------------------------------------------------------------------------------------
// The load client: another tool using the same key (`bench-n8n.mjs --load`, started and stopped by the main run).

/**
 * GETs one block list entry at a steady `perSecond`, whatever the answers (a 429 is its loss, not retried), until
 * `maxSeconds` or `perSecond × maxSeconds` requests have passed, or its parent is gone. Loopback only.
 */
async function loadClient() {
	const url = process.env.BENCH_LOAD_URL ?? '';
	const apiKey = process.env.BENCH_LOAD_KEY ?? '';
	const perSecond = Number(process.env.BENCH_LOAD_PER_SECOND);
	const maxSeconds = Number(process.env.BENCH_LOAD_SECONDS);
	if (new URL(url).hostname !== '127.0.0.1') throw new Error(`The load client only talks to 127.0.0.1, not ${url}`);
	if (!(perSecond > 0 && perSecond <= 1000 && maxSeconds > 0 && maxSeconds <= 3600)) throw new Error('Bad load settings');
	const parent = process.ppid;
	const gap = 1000 / perSecond;
	const total = Math.ceil(perSecond * maxSeconds);
	const t0 = performance.now();
	for (let i = 0; i < total && process.ppid === parent; i++) {
		const wait = t0 + i * gap - performance.now();
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
		void fetch(`${url}/api/v2/block-lists-entries?limit=1`, {
			headers: { authorization: `Bearer ${apiKey}`, 'user-agent': LOAD_AGENT },
			signal: AbortSignal.timeout(10000),
		}).then(
			(res) => res.arrayBuffer(),
			() => undefined,
		);
	}
	process.exit(0);
}

function startLoad(url, apiKey) {
	return spawnService(process.execPath, [THIS_FILE, '--load'], {
		env: {
			...process.env,
			BENCH_LOAD_URL: url,
			BENCH_LOAD_KEY: apiKey,
			BENCH_LOAD_PER_SECOND: String(LOAD_PER_SECOND),
			BENCH_LOAD_SECONDS: String(Math.ceil(TIMEOUT_MS / 1000) + 10),
		},
		onOutput: (chunk) => process.stderr.write(`[load] ${chunk}`),
	});
}

// ---------------------------------------------------------------------------------------------------------------
// Workflows

/** An HTTP Request node with the sandbox key as a Bearer Auth credential; errors become items (counted as failed). */
function httpRequest(name, { method, url, jsonBody, batch }) {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method,
			url,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBearerAuth',
			...(jsonBody ? { sendBody: true, specifyBody: 'json', jsonBody } : {}),
			options: batch ? { batching: { batch: { batchSize: batch.size, batchInterval: batch.intervalMs } } } : {},
		},
		credentials: { httpBearerAuth: BEARER },
		onError: 'continueRegularOutput',
	};
}

const onError = { onError: 'continueRegularOutput' };
const withCredential = (node, credential) => (credential ? { ...node, credentials: { instantlyV2Api: credential } } : node);
/** A Code node emitting `n` items {value: "<prefix><i>.bench.example"}. */
const values = (n, prefix) =>
	code(`${n} values`, `return Array.from({ length: ${n} }, (_, i) => ({ json: { value: \`${prefix}\${i}.bench.example\` } }));`);
const leadEmail = (i) => `lead${i}@bench.example`;
const leadRows = (n) =>
	code(
		`${n} leads`,
		`return Array.from({ length: ${n} }, (_, i) => ({ json: { email: \`lead\${i}@bench.example\`, first: \`First\${i}\`, last: \`Last\${i}\`, company: \`Company \${i % 97}\`, tier: i % 2 ? 'gold' : 'silver' } }));`,
	);

/** Loop Over Items (1,000) → Edit Fields → Aggregate → HTTP Request POST /leads/add → back to the loop. */
function addManyWorkaround(id, n, { url, campaignId }) {
	const assignment = (name, value) => ({ id: `${id}-${name}`, name, value, type: 'string' });
	const nodes = [
		{ ...trigger(), id: `${id}-0`, position: [0, 0] },
		{ ...leadRows(n), id: `${id}-1`, position: [220, 0] },
		{ name: 'Loop Over Items', type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, parameters: { batchSize: 1000, options: {} }, id: `${id}-2`, position: [440, 0] },
		{
			name: 'Edit Fields',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				mode: 'manual',
				assignments: {
					assignments: [
						assignment('email', '={{ $json.email }}'),
						assignment('first_name', '={{ $json.first }}'),
						assignment('last_name', '={{ $json.last }}'),
						assignment('company_name', '={{ $json.company }}'),
						assignment('custom_variables.tier', '={{ $json.tier }}'),
					],
				},
				includeOtherFields: false,
				options: {},
			},
			id: `${id}-3`,
			position: [660, 100],
		},
		{
			name: 'Aggregate',
			type: 'n8n-nodes-base.aggregate',
			typeVersion: 1,
			parameters: { aggregate: 'aggregateAllItemData', destinationFieldName: 'leads', include: 'allFields', options: {} },
			id: `${id}-4`,
			position: [880, 100],
		},
		{
			...httpRequest('Add leads (HTTP)', {
				method: 'POST',
				url: `${url}/api/v2/leads/add`,
				jsonBody: `={{ JSON.stringify({ campaign_id: ${JSON.stringify(campaignId)}, leads: $json.leads }) }}`,
			}),
			id: `${id}-5`,
			position: [1100, 100],
		},
	];
	const to = (node, index = 0) => ({ node, type: 'main', index });
	const connections = {
		[nodes[0].name]: { main: [[to(nodes[1].name)]] },
		[nodes[1].name]: { main: [[to('Loop Over Items')]] },
		'Loop Over Items': { main: [[], [to('Edit Fields')]] },
		'Edit Fields': { main: [[to('Aggregate')]] },
		Aggregate: { main: [[to('Add leads (HTTP)')]] },
		'Add leads (HTTP)': { main: [[to('Loop Over Items')]] },
	};
	return { id, name: `bench: ${n} leads, Loop Over Items → Edit Fields → Aggregate → HTTP Request`, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

/** Two workers, one webhook call each at once, both creating block list entries with the one key. */
function queueScenario(url) {
	const title = `queue mode: 2 workers × ${QUEUE_ITEMS} creates at once`;
	const calls = [0, 1].map((c) => Array.from({ length: QUEUE_ITEMS }, (_, i) => `q${c}x${i}.bench.example`));
	const variant = (id, hook, last) => ({
		workflow: workflow(id, `bench: ${title} (${last.name})`, {
			start: webhook('Values arrive', hook),
			branches: [[splitOut('One item per value', 'body.values'), last]],
		}),
		hook,
		measure: [last.name],
		perItem: last.name,
	});
	return {
		key: 'queue',
		title,
		items: 2 * QUEUE_ITEMS,
		idealMs: ((2 * QUEUE_ITEMS) / BUDGET) * 1000,
		queue: true,
		calls: calls.map((values) => ({ values: values.map((value) => ({ value })) })),
		check: { kind: 'blockList', expected: calls.flat() },
		node: variant('benchQueueNode', 'bench-queue-node', instantly('Create', { resource: 'blockListEntry', operation: 'create', blValue: '={{ $json.value }}' }, onError)),
		// Each worker's share of the key: 100/s split in two.
		workaround: variant(
			'benchQueueHttp',
			'bench-queue-http',
			httpRequest('HTTP Request', { method: 'POST', url: `${url}/api/v2/block-lists-entries`, jsonBody: '={ "bl_value": "{{ $json.value }}" }', batch: { size: BUDGET / 2, intervalMs: 1000 } }),
		),
	};
}

/** Return All over 6,000 emails of an endpoint limited to 20 requests per minute; `available`: the node has Email → Get Many. */
function emailsScenario(url, available) {
	const title = `${EMAILS.toLocaleString('en')} emails → Email → Get Many, Return All (20 requests/min)`;
	return {
		key: 'emails',
		title,
		items: EMAILS,
		// 60 pages: the 41st may arrive no sooner than 120 s after the 1st (20 per sliding minute).
		idealMs: 120_000,
		timeoutMs: EMAILS_TIMEOUT_MS,
		unavailable: available ? undefined : 'the node has no Email resource with Get Many in this build (it comes with the email branch): skipped',
		check: { kind: 'emails' },
		node: {
			workflow: workflow('bench-emails-node', `bench: ${title} (node)`, {
				branches: [[instantly('Get Many', { resource: 'email', operation: 'getAll', returnAll: true }, onError)]],
			}),
			measure: ['Get Many'],
			output: 'Get Many',
		},
		workaround: {
			workflow: workflow('bench-emails-http', `bench: ${title} (HTTP Request)`, {
				branches: [
					[
						{
							name: 'HTTP Request',
							type: 'n8n-nodes-base.httpRequest',
							typeVersion: 4.2,
							parameters: {
								method: 'GET',
								url: `${url}/api/v2/emails`,
								authentication: 'genericCredentialType',
								genericAuthType: 'httpBearerAuth',
								sendQuery: true,
								specifyQuery: 'keypair',
								queryParameters: { parameters: [{ name: 'limit', value: '100' }] },
								options: {
									pagination: {
										pagination: {
											paginationMode: 'updateAParameterInEachRequest',
											parameters: { parameters: [{ type: 'qs', name: 'starting_after', value: '={{ $response.body.next_starting_after }}' }] },
											paginationCompleteWhen: 'other',
											completeExpression: '={{ !$response.body.next_starting_after }}',
											// 20 a minute, evenly: what a user reading the limit would set.
											requestInterval: 3000,
										},
									},
								},
							},
							credentials: { httpBearerAuth: BEARER },
							onError: 'continueRegularOutput',
						},
						splitOut('Split Out', 'items'),
					],
				],
			}),
			measure: ['HTTP Request', 'Split Out'],
			output: 'Split Out',
		},
	};
}

/**
 * The scenarios. Each variant names its workflow, the nodes whose span is its time, and the node whose output
 * items are one per input (none for the Add Many workaround: its HTTP Request answers one item per batch).
 */
function buildScenarios({ url, campaignId, leadIds }) {
	const { idValue, operations } = builtNode();
	const blockCreate = (key, title, n, prefix, { batch, credential, idealRate, load }) => ({
		key,
		title,
		items: n,
		idealMs: (n / idealRate) * 1000,
		load,
		check: { kind: 'blockList', expected: Array.from({ length: n }, (_, i) => `${prefix}${i}.bench.example`) },
		node: {
			workflow: workflow(`bench-${key}-node`, `bench: ${title} (node)`, {
				branches: [[values(n, prefix), withCredential(instantly('Create', { resource: 'blockListEntry', operation: 'create', blValue: '={{ $json.value }}' }, onError), credential)]],
			}),
			measure: ['Create'],
			perItem: 'Create',
		},
		workaround: {
			workflow: workflow(`bench-${key}-http`, `bench: ${title} (HTTP Request)`, {
				branches: [[values(n, prefix), httpRequest('HTTP Request', { method: 'POST', url: `${url}/api/v2/block-lists-entries`, jsonBody: '={ "bl_value": "{{ $json.value }}" }', batch })]],
			}),
			measure: ['HTTP Request'],
			perItem: 'HTTP Request',
		},
	});
	const addMany = (key, n) => ({
		key,
		title: `${n.toLocaleString('en')} items → Lead → Add Many`,
		items: n,
		memory: true,
		check: { kind: 'leads', expected: Array.from({ length: n }, (_, i) => leadEmail(i)), campaignId },
		node: {
			workflow: workflow(`bench-${key}-node`, `bench: ${n} leads → Add Many (node)`, {
				branches: [
					[
						leadRows(n),
						instantly(
							'Add Many',
							{
								resource: 'lead',
								operation: 'addMany',
								addTo: 'campaign',
								campaignId: idValue('lead', 'addMany', 'campaignId', campaignId),
								email: '={{ $json.email }}',
								leadFields: {
									firstName: '={{ $json.first }}',
									lastName: '={{ $json.last }}',
									companyName: '={{ $json.company }}',
									customVariables: { variable: [{ key: 'tier', value: '={{ $json.tier }}' }] },
								},
							},
							onError,
						),
					],
				],
			}),
			measure: ['Add Many'],
			perItem: 'Add Many',
		},
		workaround: {
			workflow: addManyWorkaround(`bench-${key}-loop`, n, { url, campaignId }),
			measure: ['Loop Over Items', 'Edit Fields', 'Aggregate', 'Add leads (HTTP)'],
		},
	});
	const getRows = code(`${leadIds.length} lead IDs`, `const ids = ${JSON.stringify(leadIds)};\nreturn ids.map((id) => ({ json: { id } }));`);
	return [
		blockCreate('create', '1,000 items → Block List Entry → Create', 1000, 'c', { batch: { size: 100, intervalMs: 1000 }, idealRate: BUDGET }),
		{
			key: 'get',
			title: `${leadIds.length.toLocaleString('en')} items → Lead → Get`,
			items: leadIds.length,
			idealMs: (leadIds.length / BUDGET) * 1000,
			check: { kind: 'get', expected: leadIds },
			node: {
				workflow: workflow('bench-get-node', 'bench: Lead → Get (node)', {
					branches: [[getRows, instantly('Get', { resource: 'lead', operation: 'get', leadId: idValue('lead', 'get', 'leadId', '={{ $json.id }}') }, onError)]],
				}),
				measure: ['Get'],
				perItem: 'Get',
			},
			workaround: {
				workflow: workflow('bench-get-http', 'bench: Lead → Get (HTTP Request)', {
					branches: [[getRows, httpRequest('HTTP Request', { method: 'GET', url: `=${url}/api/v2/leads/{{ $json.id }}`, batch: { size: 100, intervalMs: 1000 } })]],
				}),
				measure: ['HTTP Request'],
				perItem: 'HTTP Request',
			},
		},
		blockCreate(
			'shared',
			`key shared (load client at ${LOAD_PER_SECOND}/s), 200 creates`,
			200,
			's',
			{ batch: { size: BUDGET - LOAD_PER_SECOND, intervalMs: 1000 }, credential: SHARED_CREDENTIAL, idealRate: BUDGET - LOAD_PER_SECOND, load: true },
		),
		addMany('addMany', 2500),
		addMany('addMany10k', 10000),
		queueScenario(url),
		emailsScenario(url, operations.email?.includes('getAll')),
	];
}

// ---------------------------------------------------------------------------------------------------------------
// One execution, measured

/** The process's resident set now and its high-water mark (kB), from /proc; zeros once it is gone. */
function readMemory(pid) {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (key) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
		return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
	} catch {
		return { rss: 0, hwm: 0 };
	}
}

/**
 * `n8n execute --id=… --rawOutput` with a time limit, sampling the process's resident memory. Its output (tens of
 * MB for 10,000 items) goes to a file: n8n exits right after printing, and a pipe would lose the unread rest.
 */
async function execute(workflowId, measure, timeoutMs = TIMEOUT_MS) {
	const outputFile = path.join(CACHE, 'bench-output', `${workflowId}.txt`);
	await mkdir(path.dirname(outputFile), { recursive: true });
	const file = await open(outputFile, 'w');
	let stderr = '';
	let child;
	try {
		child = spawnService(NODE_BIN, [N8N_BIN, 'execute', `--id=${workflowId}`, '--rawOutput'], {
			cwd: userFolder(PROFILE),
			env: n8nEnv(PROFILE, { port: N8N_PORT }),
			stdout: file.fd,
		});
	} finally {
		await file.close();
	}
	child.stderr.on('data', (chunk) => (stderr = (stderr + chunk.toString()).slice(-20000)));
	let peakKb = 0;
	const samples = [];
	const sampler = setInterval(() => {
		const { rss, hwm } = readMemory(child.pid);
		peakKb = Math.max(peakKb, rss, hwm);
		if (rss) samples.push({ at: Date.now(), rss });
	}, 100);
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		void stopService(child, 5000);
	}, timeoutMs);
	const { code: exitCode, signal } = await child.exited;
	clearTimeout(timer);
	clearInterval(sampler);
	const data = parseRun(await readFile(outputFile, 'utf8'));
	const runData = data?.data?.resultData?.runData ?? {};
	const measured = measure.some((name) => runData[name]);
	// Kept only when it lacks the run, for a look at what n8n printed instead.
	if (measured) await rm(outputFile, { force: true });
	return {
		ok: exitCode === 0 && !timedOut,
		timedOut,
		exit: signal ?? exitCode,
		runData,
		error: data?.data?.resultData?.error,
		peakMb: peakKb / 1024,
		samples,
		tail: `${stderr.slice(-2000)}${measured ? '' : `\nn8n's output: ${outputFile}`}`,
	};
}

/** From the first start to the last end of the named nodes' runs (n8n's runData: startTime, executionTime in ms). */
function span(runData, names) {
	const runs = names.flatMap((name) => runData[name] ?? []);
	if (!runs.length) return undefined;
	const start = Math.min(...runs.map((r) => r.startTime));
	const end = Math.max(...runs.map((r) => r.startTime + (r.executionTime ?? 0)));
	return { start, end, ms: end - start };
}

/**
 * Queue mode: POSTs every call of the scenario to the variant's production webhook at once, so the main enqueues
 * them and the two workers (one job each at a time) run them side by side; waits for the executions and merges
 * their runData (the span then runs from the first start on either worker to the last end).
 */
async function executeQueued(scenario, variant, { stack, get }) {
	const before = new Set((await listExecutions(get)).map((e) => e.id));
	const answers = await Promise.all(
		scenario.calls.map((body) =>
			fetch(`http://127.0.0.1:${stack.mainPort}/webhook/${variant.hook}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			}).then((res) => res.status),
		),
	);
	let executions = [];
	const until = Date.now() + TIMEOUT_MS;
	while (Date.now() < until) {
		executions = (await listExecutions(get)).filter((e) => !before.has(e.id));
		if (executions.length >= scenario.calls.length && executions.every((e) => FINISHED.has(e.status))) break;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	const { parse } = createRequire(path.join(N8N_DIR, 'node_modules', 'n8n', 'package.json'))('flatted');
	const runData = {};
	for (const e of executions) {
		const execution = (await (await get(`/rest/executions/${e.id}`)).json()).data;
		for (const [name, runs] of Object.entries(parse(execution.data).resultData.runData ?? {})) (runData[name] ??= []).push(...runs);
	}
	const workers = executions.map((e) => stack.workers.find((w) => new RegExp(`Worker started execution ${e.id} `).test(stack.logs[w.service]))?.service ?? '?');
	const ok = answers.every((status) => status === 200) && executions.length === scenario.calls.length && executions.every((e) => e.status === 'success');
	return {
		ok,
		timedOut: Date.now() >= until,
		exit: `webhooks ${answers.join(', ')}; executions ${executions.map((e) => `${e.id} ${e.status} on ${workers[executions.indexOf(e)]}`).join(', ')}`,
		runData,
		peakMb: 0,
		samples: [],
		tail: `ran on ${workers.join(' and ')}`,
	};
}

/** Starts the queue-mode stack of `npm run test:queue` (Redis, PostgreSQL, a main, two workers) with the queue scenarios' workflows. */
async function startQueue(tarball, credentials, scenarios) {
	const programs = await ensureQueueServices();
	const stack = new QueueStack({ name: 'bench-queue', mainPort: QUEUE_PORT, workers: 2, concurrency: 1 });
	await stack.clean();
	for (const profile of stack.profiles) await installTarball(tarball, profile);
	await Promise.all([stack.startRedis(programs.redis), stack.startPostgres(programs.pgBin)]);
	const workflows = scenarios.flatMap((s) => [s.node.workflow, s.workaround.workflow]);
	await stack.importData({ credentials, workflows, publish: workflows.map((w) => w.id) });
	await stack.startMain();
	await stack.startWorkers();
	return { stack, get: await login(stack.mainPort) };
}

/** How much the resident set grew while the nodes under test ran: the most within their span over the last sample before it (MB). */
function growthMb(samples, { start, end }) {
	const before = samples.filter((x) => x.at <= start).at(-1) ?? samples.find((x) => x.at >= start);
	const during = samples.filter((x) => x.at >= start && x.at <= end).map((x) => x.rss);
	if (!before || !during.length) return undefined;
	return Math.max(0, Math.max(...during) - before.rss) / 1024;
}

function outputItems(runData, name) {
	return (runData[name] ?? []).flatMap((r) => r.data?.main?.[0] ?? []);
}

const good = (item) => !item.error && !item.json?.error && item.json?.id !== undefined;

/**
 * Expected records (by key: a block list value, a lead's email) that are missing or hold other values than the
 * item mapped to them (`matches(record, i)`), and records created more than once.
 */
function recordCounts(expected, records, keyOf, matches = () => true) {
	const index = new Map(expected.map((key, i) => [key, i]));
	const seen = new Set();
	let duplicates = 0;
	let wrong = 0;
	for (const record of records) {
		const i = index.get(keyOf(record));
		if (i === undefined) continue;
		if (seen.has(i)) duplicates++;
		else if (!matches(record, i)) wrong++;
		seen.add(i);
	}
	return { bad: expected.length - seen.size + wrong, duplicates };
}

/** What Add Many must have stored for lead i (the Code node's row i, mapped by the five expressions). */
const leadMatches = (lead, i) =>
	lead.first_name === `First${i}` && lead.last_name === `Last${i}` && lead.company_name === `Company ${i % 97}` && lead.payload?.tier === (i % 2 ? 'gold' : 'silver');

async function runOnce(scenario, variant, ctx) {
	const { sandbox } = ctx;
	// Each run starts from the same workspace: without the previous run's records and with an empty limiter window.
	await sandbox.reset('keep', ['blockListEntries']);
	if (scenario.check.kind === 'leads') await sandbox.api('DELETE', '/api/v2/leads', { campaign_id: scenario.check.campaignId });
	if (scenario.check.kind === 'emails') {
		await sandbox.reset('keep', ['emails']);
		await sandbox.seedEmails(scenario.items);
	}
	await sandbox.reset('keep');
	const load = scenario.load ? startLoad(ctx.url, ctx.apiKey) : undefined;
	let result;
	try {
		result = scenario.queue
			? await executeQueued(scenario, variant, await ctx.queue())
			: await execute(variant.workflow.id, variant.measure, scenario.timeoutMs);
	} finally {
		if (load) await stopService(load, 2000);
	}
	const summary = await sandbox.summary();
	const mine = summary.requests.filter((r) => r.agent !== LOAD_AGENT && r.path.startsWith('/api/v2/'));
	const outside = summary.requests.filter((r) => r.agent === LOAD_AGENT);
	const measured = span(result.runData, variant.measure);
	const ms = measured?.ms;
	if (DUMP) {
		await mkdir(DUMP, { recursive: true });
		const name = `${String(++dumped).padStart(2, '0')}-${scenario.key}-${variant === scenario.node ? 'node' : 'workaround'}.json`;
		await writeFile(path.join(DUMP, name), JSON.stringify({ span: measured, requests: summary.requests }));
	}
	let failed = scenario.items;
	let duplicates;
	if (ms !== undefined) {
		const { expected } = scenario.check;
		// For gets, an output item must hold the very lead its input item asked for.
		const right = (item, i) => good(item) && (scenario.check.kind !== 'get' || item.json.id === expected[item.pairedItem?.item ?? i]);
		const ok = variant.perItem ? outputItems(result.runData, variant.perItem).filter(right).length : scenario.items;
		failed = scenario.items - Math.min(ok, scenario.items);
		if (scenario.check.kind === 'emails') {
			// One item per email of the Unibox, each once.
			const ids = outputItems(result.runData, variant.output).map((item) => item.json?.id);
			const seeded = new Set(((await sandbox.state()).emails ?? []).map((e) => e.id));
			const distinct = new Set(ids.filter((id) => seeded.has(id)));
			failed = scenario.items - distinct.size;
			duplicates = ids.length - new Set(ids).size;
		} else if (scenario.check.kind !== 'get') {
			const state = await sandbox.state();
			const counts =
				scenario.check.kind === 'blockList'
					? recordCounts(expected, state.blockListEntries ?? [], (e) => e.bl_value)
					: recordCounts(expected, (state.leads ?? []).filter((l) => l.campaign === scenario.check.campaignId), (l) => l.email, leadMatches);
			failed = Math.max(failed, counts.bad);
			duplicates = counts.duplicates;
		}
	}
	const outcome = {
		ms,
		requests: mine.length,
		limited: mine.filter((r) => r.status === 429).length,
		outside: outside.length,
		outsideLimited: outside.filter((r) => r.status === 429).length,
		failed,
		duplicates,
		peakMb: result.peakMb,
		growthMb: measured ? growthMb(result.samples, measured) : undefined,
		ok: result.ok && ms !== undefined,
	};
	const parts = [
		ms === undefined ? 'no run data' : `${(ms / 1000).toFixed(2)} s`,
		`${outcome.requests} requests`,
		`${outcome.limited} × 429`,
		...(load ? [`load client ${outcome.outsideLimited}/${outcome.outside} × 429`] : []),
		`failed ${failed}`,
		`duplicates ${duplicates ?? '–'}`,
		...(scenario.queue ? [result.tail] : [`peak RSS ${result.peakMb.toFixed(0)} MB (+${outcome.growthMb?.toFixed(0) ?? '?'} MB while measured)`]),
	];
	log(`  ${scenario.key} · ${variant === scenario.node ? 'node' : 'workaround'}: ${parts.join(', ')}`);
	if (!outcome.ok) {
		const why = result.timedOut ? `timed out after ${(scenario.timeoutMs ?? TIMEOUT_MS) / 1000} s` : `exit ${result.exit}`;
		log(`    the execution did not finish cleanly (${why}): ${result.error?.message ?? ''}\n${result.tail}`);
	}
	return outcome;
}

// ---------------------------------------------------------------------------------------------------------------
// The table

const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs, format) => {
	if (!xs.length) return '–';
	const s = [...xs].sort((a, b) => a - b);
	return xs.length === 1 ? format(s[0]) : `${format(s[0])} / ${format(median(s))} / ${format(s[s.length - 1])}`;
};
const secondsOf = (runs) => runs.filter((r) => r.ms !== undefined).map((r) => r.ms / 1000);
const worst = (runs, key) => {
	const xs = runs.map((r) => r[key]).filter((x) => x !== undefined);
	return xs.length ? String(Math.max(...xs)) : '–';
};

function timeCell(runs, memory) {
	const times = secondsOf(runs);
	let cell = times.length ? `${spread(times, (x) => x.toFixed(1))} s` : 'no run data';
	if (times.length < runs.length) cell += ` (${runs.length - times.length} of ${runs.length} runs without data)`;
	if (memory && runs.length) {
		const growth = runs.map((r) => r.growthMb).filter((x) => x !== undefined);
		cell += ` · peak ${median(runs.map((r) => r.peakMb)).toFixed(0)} MB`;
		if (growth.length) cell += `, +${median(growth).toFixed(0)} MB in span`;
	}
	return cell;
}

function limitedCell(runs) {
	if (!runs.length) return '–';
	const counts = spread(runs.map((r) => r.limited), String);
	const shares = runs.filter((r) => r.requests).map((r) => (100 * r.limited) / r.requests);
	return shares.length ? `${counts} (${spread(shares, (x) => x.toFixed(1))} %)` : counts;
}

function row(scenario, { node, workaround }) {
	const nodeMedian = secondsOf(node).length ? median(secondsOf(node)) : undefined;
	const waMedian = secondsOf(workaround).length ? median(secondsOf(workaround)) : undefined;
	let ratio = '–';
	if (scenario.idealMs && nodeMedian !== undefined) {
		const ideal = scenario.idealMs / 1000;
		ratio = `${(nodeMedian / ideal).toFixed(2)} ×${waMedian === undefined ? '' : ` (wa ${(waMedian / ideal).toFixed(2)} ×)`}`;
	} else if (nodeMedian !== undefined && waMedian) {
		ratio = `${(nodeMedian / waMedian).toFixed(2)} × wa`;
	}
	return {
		scenario: scenario.title,
		'this node': timeCell(node, scenario.memory),
		'hand-built workaround': timeCell(workaround, scenario.memory),
		ideal: scenario.idealMs ? `${(scenario.idealMs / 1000).toFixed(0)} s` : '–',
		ratio,
		'429s': `${limitedCell(node)} · wa ${limitedCell(workaround)}`,
		failed: `${worst(node, 'failed')} · wa ${worst(workaround, 'failed')}`,
		duplicates: scenario.check.kind === 'get' ? '–' : `${worst(node, 'duplicates')} · wa ${worst(workaround, 'duplicates')}`,
	};
}

function table(rows) {
	const columns = Object.keys(rows[0]);
	const cells = rows.map((r) => columns.map((c) => String(r[c])));
	const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((line) => line[i].length)));
	const line = (xs) => `| ${xs.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
	return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

const loadAverage = () => os.loadavg().map((x) => x.toFixed(2)).join(' / ');

// ---------------------------------------------------------------------------------------------------------------

async function main() {
	const started = Date.now();
	for (const port of [N8N_PORT, N8N_PORT + 1, SANDBOX_PORT, QUEUE_PORT, QUEUE_PORT + 1]) {
		if (!(await portFree(port))) throw new Error(`Port ${port} on 127.0.0.1 is taken (BENCH_N8N_PORT, BENCH_SANDBOX_PORT, BENCH_QUEUE_PORT move them)`);
	}
	await ensureRuntime();
	const tarball = await buildAndPack();
	await rm(userFolder(PROFILE), { recursive: true, force: true });
	await installTarball(tarball, PROFILE);
	log('Building the sandbox (npm run build:tools)…');
	await run('npm', ['run', 'build:tools']);
	const { child: sandboxProcess, url, apiKey } = await startSandbox(['--demo', '--rate-limit', '--port', String(SANDBOX_PORT)]);
	const sandbox = sandboxClient(url, apiKey);
	log(`Sandbox on ${url}, limited to 100 requests/s and 6,000/min.`);
	let queueStarted;
	try {
		const state = await sandbox.state();
		const [campaign] = state.campaigns ?? [];
		const [list] = state.leadLists ?? [];
		if (!campaign || !list) throw new Error('The sandbox demo data has no campaign or no lead list');
		// The leads Lead → Get reads: in a list, so Add Many's clean-up of the campaign leaves them alone.
		const seeded = await sandbox.api('POST', '/api/v2/leads/add', {
			list_id: list.id,
			leads: Array.from({ length: 1000 }, (_, i) => ({ email: `get${i}@bench.example`, first_name: `Get${i}` })),
		});
		const leadIds = seeded.created_leads.map((l) => l.id);
		const scenarios = buildScenarios({ url, campaignId: campaign.id, leadIds }).filter(
			(s) => !ONLY?.length || ONLY.includes(s.key.toLowerCase()),
		);
		if (!scenarios.length) throw new Error(`BENCH_ONLY=${process.env.BENCH_ONLY} names no scenario (create, get, shared, addMany, addMany10k, queue, emails)`);
		for (const scenario of scenarios.filter((sc) => sc.unavailable)) log(`${scenario.key}: ${scenario.unavailable}`);

		let step = Date.now();
		const credentials = [
			credentialRecord('sandbox', { apiKey, baseUrl: url }),
			{ ...SHARED_CREDENTIAL, type: 'instantlyV2Api', data: { apiKey, baseUrl: url, ...(SHARED_RPS ? { requestsPerSecond: SHARED_RPS } : {}) } },
			{ ...BEARER, type: 'httpBearerAuth', data: { token: apiKey } },
		];
		const workflows = scenarios.filter((sc) => !sc.queue && !sc.unavailable).flatMap((sc) => [sc.node.workflow, sc.workaround.workflow]);
		if (workflows.length) {
			log(`Importing ${credentials.length} credentials and ${workflows.length} workflows into n8n…`);
			await importIntoN8n({ dir: path.join(CACHE, 'bench-import'), cli: (args) => n8nCli(PROFILE, args, { port: N8N_PORT }), credentials, workflows });
			log(`Imported (${seconds(step)}).`);
		}
		log(`${RUNS} run(s) per scenario, node and workaround alternately.`);

		const rows = [];
		const loads = [];
		// The queue stack starts when a queue scenario first needs it (about a minute), and only then.
		const ctx = {
			sandbox,
			url,
			apiKey,
			queue: () => {
				if (!queueStarted) {
					log('Starting the queue-mode stack (Redis, PostgreSQL, an n8n main and 2 workers)…');
					queueStarted = startQueue(tarball, credentials, scenarios.filter((sc) => sc.queue));
					queueStarted.then(({ stack }) => log(`Queue stack up: main on :${stack.mainPort}.`), () => undefined);
				}
				return queueStarted;
			},
		};
		for (const scenario of scenarios) {
			if (scenario.unavailable) {
				rows.push(row({ ...scenario, title: `${scenario.title} (${scenario.unavailable})` }, { node: [], workaround: [] }));
				continue;
			}
			const before = loadAverage();
			log(`${scenario.title} — load average before: ${before}`);
			step = Date.now();
			const runs = { node: [], workaround: [] };
			let trouble = '';
			try {
				for (let r = 0; r < RUNS; r++) {
					if (Date.now() - step > SCENARIO_LIMIT_MS) {
						log(`  time limit of ${SCENARIO_LIMIT_MS / 1000} s reached: runs ${r + 1}–${RUNS} skipped`);
						break;
					}
					if (VARIANTS.includes('node')) runs.node.push(await runOnce(scenario, scenario.node, ctx));
					if (VARIANTS.includes('workaround')) runs.workaround.push(await runOnce(scenario, scenario.workaround, ctx));
				}
			} catch (error) {
				// One scenario that cannot run (say, no PostgreSQL for queue mode) leaves the others' figures standing.
				log(`  ${scenario.key} stopped: ${error?.stack ?? error}`);
				trouble = ` (stopped: ${String(error?.message ?? error).split('\n')[0].slice(0, 80)})`;
			}
			const after = loadAverage();
			log(`${scenario.key} done (${seconds(step)}) — load average after: ${after}`);
			loads.push(`${scenario.key}: ${before} → ${after}`);
			rows.push(row({ ...scenario, title: `${scenario.title}${trouble}` }, runs));
		}
		process.stdout.write(`\n${table(rows)}\n\n`);
		process.stdout.write(
			`${RUNS} run(s) per scenario; times are the nodes' own span in n8n's runData (min / median / max); ` +
				`"wa" = the hand-built workaround.\nLoad average (1 / 5 / 15 min) before → after, on ${os.cpus().length} cores:\n` +
				`${loads.map((l) => `  ${l}`).join('\n')}\n`,
		);
		log(`bench:n8n finished in ${seconds(started)}.`);
	} finally {
		if (queueStarted) await queueStarted.then(({ stack }) => stack.stop(), () => undefined);
		await stopService(sandboxProcess);
	}
}

if (process.argv[2] === '--load') {
	loadClient().catch((error) => {
		console.error(error.message);
		process.exit(1);
	});
} else if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	main().catch((error) => {
		console.error(error?.stack ?? error);
		process.exit(1);
	});
}
