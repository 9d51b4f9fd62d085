// `npm run test:queue`: the package in n8n's queue mode, the way teams scale out. Starts the stack of
// `npm run dev:queue` (Redis, PostgreSQL, an n8n 2.41.1 main and two `n8n worker`s, each with the package
// installed from its `npm pack` tarball) with the sandbox limited to 100 requests/s and 6,000/min for
// everyone, POSTs to two production webhooks at once — Lead → Add Many and Block List Entry → Create —
// so the main puts every execution in the queue and both workers run them side by side against the one
// key, then asserts: every execution succeeded, both workers ran some (from their logs), every input item's
// output is there and paired, 0 failed items, every lead and block list entry exists exactly once. An active
// Instantly Trigger workflow registered its webhooks in the sandbox at start: a reply the sandbox fires is received
// by the main and run on exactly one worker.
// Installs what it needs (apt-get: redis-server, postgresql; Node 24 + n8n into .cache/). Ends with
// "N passed, M failed" alone on a line; exits non-zero when anything failed.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureRuntime } from './install.mjs';
import { buildAndPack, installTarball } from './pack.mjs';
import { N8N_DIR, checkLoaded, createSuite, freePort, loadProblems, log, login, run, seconds, startSandbox } from './lib.mjs';
import { QueueStack, ensureQueueServices, listExecutions } from './queue-stack.mjs';
import { QUEUE_TRIGGER, QUEUE_WEBHOOKS, addLeadsWorkflow, blockListWorkflow, repliesQueueWorkflow } from './queue-workflows.mjs';
import { REPLY_LOOP_WEBHOOK_ID, credentialRecord, demoWorkflow, modelCredentialRecord, replyLoopWorkflow } from './workflows.mjs';
import { sandboxClient } from './sandbox-client.mjs';

const setting = (name, fallback) => Number(process.env[name] ?? fallback);
/** Executions of each workflow started at once, and the items each one gets. */
const LOAD = {
	blockList: { executions: setting('QUEUE_TEST_BLOCK_EXECUTIONS', 6), items: setting('QUEUE_TEST_BLOCK_ITEMS', 100) },
	leads: { executions: setting('QUEUE_TEST_LEAD_EXECUTIONS', 4), items: setting('QUEUE_TEST_LEAD_ITEMS', 200) },
};
/** Leads per Add Many request: small, so Add Many makes enough requests to compete for the budget too. */
const BATCH_SIZE = 25;
/** Jobs each worker runs at once: fewer than the executions, so neither worker can take them all. */
const CONCURRENCY = 5;
const WORKERS = 2;
const FINISH_TIMEOUT_MS = 5 * 60_000;
const DOMAIN = 'queue-test.example';
const REQUESTS_PER_SECOND = process.env.QUEUE_TEST_REQUESTS_PER_SECOND
	? { requestsPerSecond: Number(process.env.QUEUE_TEST_REQUESTS_PER_SECOND) }
	: {};

const suite = createSuite();
const { test } = suite;


/** The JSON body of each webhook call, by workflow, and what each input item must come out as. */
function buildLoad() {
	const calls = [];
	for (let e = 0; e < LOAD.blockList.executions; e++) {
		const values = Array.from({ length: LOAD.blockList.items }, (_, i) => `b${e}-${i}.${DOMAIN}`);
		calls.push({ workflowId: 'queueBlockList', hook: QUEUE_WEBHOOKS.blockList, body: { values: values.map((value) => ({ value })) }, expected: values });
	}
	for (let e = 0; e < LOAD.leads.executions; e++) {
		const emails = Array.from({ length: LOAD.leads.items }, (_, i) => `lead${e}-${i}@${DOMAIN}`);
		calls.push({
			workflowId: 'queueAddLeads',
			hook: QUEUE_WEBHOOKS.leads,
			body: { leads: emails.map((email, i) => ({ email, first_name: `First${i}` })) },
			expected: emails,
		});
	}
	return calls;
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

async function main() {
	const started = Date.now();
	const timings = {};
	await ensureRuntime();
	const [programs, tarball] = await Promise.all([ensureQueueServices(), buildAndPack()]);
	const stack = new QueueStack({ name: 'queue-test', mainPort: await freePort(2), workers: WORKERS, concurrency: CONCURRENCY });
	await stack.clean();
	for (const profile of stack.profiles) await installTarball(tarball, profile);
	log('Building the sandbox (npm run build:tools)…');
	await run('npm', ['run', 'build:tools']);

	try {
		let step = Date.now();
		const sandbox = await startSandbox(['--demo', '--rate-limit']);
		stack.adopt('sandbox', sandbox.child);
		const client = sandboxClient(sandbox.url, sandbox.apiKey);
		await Promise.all([stack.startRedis(programs.redis), stack.startPostgres(programs.pgBin)]);
		const campaign = (await client.state()).campaigns?.[0];
		assert.ok(campaign, 'the sandbox demo data has no campaign');
		const importOutput = await stack.importData({
			// QUEUE_TEST_REQUESTS_PER_SECOND=50 tries the credential's setting for two workers (default: Instantly's 100).
			credentials: [credentialRecord('sandbox', { apiKey: sandbox.apiKey, baseUrl: sandbox.url, ...REQUESTS_PER_SECOND }), modelCredentialRecord(sandbox.url)],
			workflows: [addLeadsWorkflow(campaign.id, { batchSize: BATCH_SIZE }), blockListWorkflow(), demoWorkflow(await client.state()), repliesQueueWorkflow(), replyLoopWorkflow()],
			publish: ['queueAddLeads', 'queueBlockList', QUEUE_TRIGGER.id, replyLoopWorkflow().id],
		});
		await stack.startMain();
		await stack.startWorkers();
		timings.start = seconds(step);
		log(`Queue stack up: main on :${stack.mainPort}, ${WORKERS} workers, Redis :${stack.redisPort}, PostgreSQL :${stack.postgresPort} (${timings.start}).`);

		await test('the main and both workers loaded the package without errors', async () => {
			const { node, credential } = await checkLoaded(stack.mainPort);
			assert.ok(node, 'the main does not list the Instantly node');
			assert.ok(credential, 'the main does not list the Instantly credential');
			assert.deepEqual(loadProblems([importOutput, ...Object.values(stack.logs)].join('\n')), []);
		});

		const calls = buildLoad();
		const items = calls.reduce((n, c) => n + c.expected.length, 0);
		await client.reset('keep');
		step = Date.now();
		log(`POSTing ${calls.length} webhook calls at once (${LOAD.blockList.executions} × ${LOAD.blockList.items} block list entries, ${LOAD.leads.executions} × ${LOAD.leads.items} leads in batches of ${BATCH_SIZE})…`);
		const answers = await Promise.all(
			calls.map((c) =>
				fetch(`http://127.0.0.1:${stack.mainPort}/webhook/${c.hook}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(c.body),
				}).then(async (res) => ({ status: res.status, text: await res.text() })),
			),
		);
		await test(`every webhook call started an execution (${calls.length})`, () => {
			assert.deepEqual(answers.filter((a) => a.status !== 200), [], 'webhook calls not answered 200');
		});

		const get = await login(stack.mainPort);
		/** The reply the trigger test fires: the reply loop answers it too. */
		let firedReply;
		let executions = [];
		const until = Date.now() + FINISH_TIMEOUT_MS;
		while (Date.now() < until) {
			executions = (await listExecutions(get)).filter((e) => e.workflowId !== QUEUE_TRIGGER.id);
			if (executions.length >= calls.length && executions.every((e) => FINISHED.has(e.status))) break;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		timings.run = seconds(step);
		const requests = await client.requests();
		const limited = requests.filter((r) => r.status === 429).length;
		log(`Executions finished: ${executions.length} (${timings.run}); the sandbox received ${requests.length} requests, ${limited} answered 429.`);

		await test(`all ${calls.length} executions finished with success`, () => {
			assert.equal(executions.length, calls.length, 'executions stored');
			assert.deepEqual(executions.filter((e) => e.status !== 'success').map((e) => `${e.id}: ${e.status}`), []);
		});

		const ranOn = {};
		await test(`both workers ran executions at the same time (from their logs), each execution on exactly one worker, none on the main`, () => {
			stack.workers.forEach((worker) => {
				const ids = [...stack.logs[worker.service].matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]);
				for (const id of ids) (ranOn[id] ??= []).push(worker.service);
				assert.ok(ids.length > 0, `${worker.service} ran no execution`);
			});
			assert.doesNotMatch(stack.logs.main, /Worker started execution/);
			for (const e of executions) assert.equal(ranOn[e.id]?.length, 1, `execution ${e.id} ran on ${ranOn[e.id]?.join(' and ') ?? 'no worker'}`);
			// "At once": some execution of one worker ran while one of the other did.
			const span = (w) => executions.filter((e) => ranOn[e.id]?.[0] === w).map((e) => [Date.parse(e.startedAt), Date.parse(e.stoppedAt)]);
			const [one, two] = stack.workers.map((w) => span(w.service));
			assert.ok(one.some(([s1, e1]) => two.some(([s2, e2]) => s1 < e2 && s2 < e1)), 'the workers never ran executions at the same time');
			const enqueued = [...stack.logs.main.matchAll(/Enqueued execution (\d+)/g)].map((m) => m[1]).sort();
			assert.deepEqual(enqueued, executions.map((e) => String(e.id)).sort(), 'executions the main put in the queue');
		});

		const { parse } = createRequire(path.join(N8N_DIR, 'node_modules', 'n8n', 'package.json'))('flatted');
		let failedItems = 0;
		await test(`every input item's output is present and paired to it, 0 failed items (${items} items)`, async () => {
			// Which call an execution came from: by the values its trigger received.
			const unmatched = new Set(calls);
			for (const e of executions) {
				const res = await get(`/rest/executions/${e.id}`);
				assert.ok(res.ok, `GET /rest/executions/${e.id} answered ${res.status}`);
				const execution = (await res.json()).data;
				const runData = parse(execution.data).resultData.runData;
				const node = e.workflowId === 'queueBlockList' ? 'Block' : 'Add leads';
				const output = runData[node]?.[0]?.data?.main?.[0] ?? [];
				const field = node === 'Block' ? 'bl_value' : 'email';
				const call = [...unmatched].find((c) => c.workflowId === e.workflowId && c.expected[0] === output[0]?.json?.[field]);
				assert.ok(call, `execution ${e.id} (${e.workflowId}) matches no webhook call; first output ${JSON.stringify(output[0]?.json)}`);
				unmatched.delete(call);
				assert.equal(output.length, call.expected.length, `execution ${e.id}: output items`);
				output.forEach((item, i) => {
					const ok =
						item.pairedItem?.item === i &&
						item.json[field] === call.expected[i] &&
						!item.json.error &&
						(node === 'Block' ? typeof item.json.id === 'string' : item.json.status === 'created' && typeof item.json.id === 'string');
					if (!ok) failedItems++;
					assert.ok(ok, `execution ${e.id}, item ${i}: ${JSON.stringify(item)}`);
				});
			}
			assert.equal(unmatched.size, 0, 'webhook calls with no execution');
		});

		await test('no duplicates: every lead and block list entry exists exactly once in the sandbox', async () => {
			const state = await client.state();
			const emails = state.leads.filter((l) => String(l.email).endsWith(`@${DOMAIN}`)).map((l) => l.email);
			const values = state.blockListEntries.filter((b) => b.bl_value.endsWith(`.${DOMAIN}`)).map((b) => b.bl_value);
			const expectedEmails = calls.filter((c) => c.workflowId === 'queueAddLeads').flatMap((c) => c.expected);
			const expectedValues = calls.filter((c) => c.workflowId === 'queueBlockList').flatMap((c) => c.expected);
			assert.equal(emails.length - new Set(emails).size, 0, 'duplicate leads');
			assert.equal(values.length - new Set(values).size, 0, 'duplicate block list entries');
			assert.deepEqual([...emails].sort(), [...expectedEmails].sort(), 'leads in the campaign');
			assert.deepEqual([...values].sort(), [...expectedValues].sort(), 'block list entries');
			assert.ok(state.leads.filter((l) => String(l.email).endsWith(`@${DOMAIN}`)).every((l) => l.campaign === campaign.id));
		});

		await test('each create was carried out once (a request per entry, a request per batch of leads), every request with the key', () => {
			const carriedOut = {};
			for (const r of requests.filter((r) => r.status !== 429)) carriedOut[`${r.method} ${r.path} ${r.status}`] = (carriedOut[`${r.method} ${r.path} ${r.status}`] ?? 0) + 1;
			assert.deepEqual(carriedOut, {
				'POST /api/v2/block-lists-entries 200': LOAD.blockList.executions * LOAD.blockList.items,
				'POST /api/v2/leads/add 200': LOAD.leads.executions * Math.ceil(LOAD.leads.items / BATCH_SIZE),
			});
			assert.deepEqual(requests.filter((r) => r.headers.authorization !== `Bearer ${sandbox.apiKey}`).map((r) => `${r.method} ${r.path}`), []);
		});

		await test('the editor’s "Execute workflow" runs on a worker too: the demo workflow of npm run dev:queue succeeds', async () => {
			const res = await get('/rest/workflows/instantlyDemo/run', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ triggerToStartFrom: { name: 'Start' } }),
			});
			assert.equal(res.status, 200, await res.clone().text());
			const { executionId } = (await res.json()).data;
			assert.ok(executionId, 'no execution id');
			let execution;
			// The same bound as the load's: on a busy machine a worker may take long to start a job.
			for (const until = Date.now() + FINISH_TIMEOUT_MS; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
				execution = (await (await get(`/rest/executions/${executionId}`)).json()).data;
				if (FINISHED.has(execution.status)) break;
			}
			const data = parse(execution.data);
			assert.equal(execution.status, 'success', JSON.stringify(data.resultData.error ?? {}));
			assert.equal(execution.mode, 'manual');
			const on = stack.workers.filter((w) => new RegExp(`Worker started execution ${executionId} `).test(stack.logs[w.service]));
			assert.equal(on.length, 1, `execution ${executionId} ran on ${on.length} workers`);
			assert.ok(Object.keys(data.resultData.runData).length >= 5, 'nodes that ran');
		});

		await test('Instantly Trigger: the main registered its webhooks at start; a reply fired by the sandbox is received by the main and run on one worker', async () => {
			const url = `http://127.0.0.1:${stack.mainPort}/webhook/${QUEUE_TRIGGER.webhookId}/webhook`;
			const hooks = (await client.webhooks()).filter((w) => w.target_hook_url === url);
			assert.deepEqual(hooks.map((w) => [w.event_type, w.status]), [['reply_received', 1], ['lead_interested', 1]]);
			const fired = await client.fire({ event_type: 'reply_received', lead_email: 'jane.doe@northwind.io' });
			firedReply = fired;
			// The reply loop ("Reply to interested leads") is subscribed to replies too: checked below.
			assert.deepEqual(fired.deliveries.filter((d) => !d.webhook_url.includes(REPLY_LOOP_WEBHOOK_ID)).map((d) => [d.webhook_url, d.status_code]), [[url, 200]]);
			let execution;
			for (const until = Date.now() + 60_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
				[execution] = (await listExecutions(get)).filter((e) => e.workflowId === QUEUE_TRIGGER.id);
				if (execution && FINISHED.has(execution.status)) break;
			}
			assert.ok(execution, 'no execution of the trigger workflow');
			assert.equal(execution.status, 'success');
			assert.equal(execution.mode, 'webhook');
			const data = parse((await (await get(`/rest/executions/${execution.id}`)).json()).data.data);
			assert.deepEqual(data.resultData.runData['Instantly Trigger'][0].data.main[0].map((i) => i.json), [fired.payload]);
			assert.equal(data.resultData.runData['Reply for sales'][0].data.main[0][0].json.lead, 'jane.doe@northwind.io');
			assert.match(stack.logs.main, new RegExp(`Enqueued execution ${execution.id}\\b`));
			assert.doesNotMatch(stack.logs.main, new RegExp(`Worker started execution ${execution.id}\\b`));
			const on = stack.workers.filter((w) => new RegExp(`Worker started execution ${execution.id} `).test(stack.logs[w.service]));
			assert.equal(on.length, 1, `execution ${execution.id} ran on ${on.length} workers`);
			log(`Trigger execution ${execution.id} (reply_received from the sandbox) ran on ${on[0].service}.`);
		});

		await test('reply loop: the same reply → Instantly Trigger → AI Agent → Email → Reply on one worker; the reply is stored once, in the thread, from the account', async () => {
			assert.ok(firedReply, 'no reply was fired');
			const loop = replyLoopWorkflow();
			let execution;
			for (const until = Date.now() + 90_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
				[execution] = (await listExecutions(get)).filter((e) => e.workflowId === loop.id);
				if (execution && FINISHED.has(execution.status)) break;
			}
			assert.ok(execution, 'no execution of the reply loop');
			assert.equal(execution.status, 'success');
			const on = stack.workers.filter((w) => new RegExp(`Worker started execution ${execution.id} `).test(stack.logs[w.service]));
			assert.equal(on.length, 1, `execution ${execution.id} ran on ${on.length} workers`);
			const { emails } = await client.state();
			const received = emails.find((e) => e.id === firedReply.payload.email_id);
			assert.ok(received, 'the reply_received event left no email under its email_id');
			const replies = emails.filter((e) => e.thread_id === received.thread_id && e.ue_type === 3);
			assert.equal(replies.length, 1, `${replies.length} replies in the thread`);
			assert.equal(replies[0].eaccount, firedReply.payload.email_account);
			const posts = (await client.requests()).filter((r) => r.method === 'POST' && r.path === '/api/v2/emails/reply' && r.body?.reply_to_uuid === firedReply.payload.email_id);
			assert.equal(posts.length, 1, `${posts.length} POST /emails/reply`);
			log(`Reply loop execution ${execution.id} ran on ${on[0].service}; reply ${replies[0].id} in thread ${received.thread_id}.`);
		});

		const perSecond = (list) => {
			const counts = [];
			for (const r of list) counts[Math.floor((r.at - step) / 1000)] = (counts[Math.floor((r.at - step) / 1000)] ?? 0) + 1;
			return Array.from(counts, (c) => c ?? 0).join(' ');
		};
		log(`Requests carried out, by second: ${perSecond(requests.filter((r) => r.status !== 429))}; answered 429: ${perSecond(requests.filter((r) => r.status === 429))}.`);
		const perWorker = stack.workers.map((w) => `${w.service}: ${Object.values(ranOn).filter((on) => on[0] === w.service).length}`);
		log(
			`Load: ${calls.length} executions, ${items} items, ${requests.length} requests (${limited} answered 429, ` +
				`${((100 * limited) / Math.max(1, requests.length)).toFixed(1)} %), ${failedItems} failed items; executions by worker: ${perWorker.join(', ')}.`,
		);
	} finally {
		const step = Date.now();
		await stack.stop();
		timings.stop = seconds(step);
		await test('everything stopped: no process of the stack is left', async () => {
			assert.ok(stack.started.length >= stack.services.length, 'the processes of the stack were not seen before stopping');
			assert.deepEqual(await stack.leftovers(), []);
			log(`Stopped ${stack.started.length} processes (services, PostgreSQL backends, task runners).`);
		});
	}
	suite.finish(`Queue-mode test finished in ${seconds(started)} (stack start ${timings.start ?? '–'}, load ${timings.run ?? '–'}, stop ${timings.stop}).`);
}

main().catch((error) => suite.crash(error));
