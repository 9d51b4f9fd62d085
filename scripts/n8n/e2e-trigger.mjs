// The Instantly Trigger section of `npm run test:e2e`: `n8n start` with its production webhook URL on 127.0.0.1,
// a workflow activated through n8n's REST API (as the editor's toggle does), events fired by the sandbox the
// way Instantly delivers them, and n8n's executions read back through its REST API.
import assert from 'node:assert/strict';
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
	N8N_BIN,
	N8N_DIR,
	NODE_BIN,
	PACKAGE,
	ROOT,
	loadProblems,
	log,
	login,
	n8nCli,
	n8nEnv,
	ownerEnv,
	spawnService,
	stopService,
	userFolder,
	waitForN8n,
} from './lib.mjs';
import { screenshotPage } from './e2e-browser.mjs';
import { REPLY_LOOP_WEBHOOK_ID, replyLoopWorkflow, repliesWorkflow } from './workflows.mjs';

const WORKFLOW_ID = 'e2eInstantlyTrigger';
const WORKFLOW_NAME = 'E2E: Instantly replies';
const WEBHOOK_ID = '3d8e5f0a-6b2c-4e7d-8a91-0c4b2f6e9d13';
const TRIGGER = 'Instantly Trigger';
const SECRET_HEADER = 'x-n8n-instantly-secret';
const LEAD = 'jane.doe@northwind.io';
/** A guard against a hang, not a speed requirement: polling stops as soon as the condition holds. */
const WAIT_MS = 90_000;

const LOOP_ID = 'e2eReplyLoop';
const LOOP_NAME = 'E2E: reply to interested leads';

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

async function until(what, check) {
	const deadline = Date.now() + WAIT_MS;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** n8n's REST API, logged in as the owner. */
function rest(get) {
	const json = async (method, url, body) => {
		const res = await get(url, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 1000)}`);
		return text ? JSON.parse(text).data : undefined;
	};
	const { parse } = createRequire(path.join(N8N_DIR, 'node_modules', 'n8n', 'package.json'))('flatted');
	return {
		json,
		async executions(workflowId) {
			const { results } = await json('GET', `/rest/executions?limit=100&filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`);
			return results.filter((e) => e.workflowId === workflowId).sort((a, b) => Number(a.id) - Number(b.id));
		},
		/** Waits until the workflow has `count` finished executions; resolves with them, oldest first. */
		async finished(workflowId, count) {
			return await until(`${count} finished executions of ${workflowId}`, async () => {
				const list = await this.executions(workflowId);
				return list.length >= count && list.every((e) => FINISHED.has(e.status)) ? list : undefined;
			});
		},
		async runData(id) {
			const execution = await json('GET', `/rest/executions/${id}`);
			return { execution, data: parse(execution.data) };
		},
	};
}

/** Publishes a workflow as the editor's toggle does, and waits until n8n 2.x's publication outbox is done. */
async function activate(api, id) {
	const workflow = await api.json('GET', `/rest/workflows/${id}`);
	await api.json('POST', `/rest/workflows/${id}/activate`, { versionId: workflow.versionId });
	return await until('the workflow’s publication', async () => {
		const status = await api.json('GET', `/rest/workflows/${id}/publication-status`);
		return ['in_progress', 'not_published'].includes(status.status) ? undefined : status;
	});
}

const output = (data, node) => data.resultData.runData[node]?.[0]?.data?.main?.[0] ?? [];

export async function triggerChecks({ test, port, profile, sandbox, state }) {
	const hot = state.leadLabels.find((l) => l.label === 'Hot Lead');
	assert.ok(hot, 'the sandbox demo data has no "Hot Lead" label');
	const dir = path.join(userFolder(profile), 'trigger-import');
	await rm(dir, { recursive: true, force: true });
	await mkdir(dir, { recursive: true });
	const file = path.join(dir, 'workflow.json');
	await writeFile(file, JSON.stringify(repliesWorkflow({ id: WORKFLOW_ID, name: WORKFLOW_NAME, labels: [hot.interest_status], webhookId: WEBHOOK_ID })));
	await n8nCli(profile, ['import:workflow', `--input=${file}`], { port });
	await writeFile(file, JSON.stringify(replyLoopWorkflow({ id: LOOP_ID, name: LOOP_NAME, webhookId: REPLY_LOOP_WEBHOOK_ID })));
	await n8nCli(profile, ['import:workflow', `--input=${file}`], { port });
	await rm(dir, { recursive: true, force: true });

	const base = `http://127.0.0.1:${port}/`;
	const productionUrl = `${base}webhook/${WEBHOOK_ID}/webhook`;
	const testUrl = `${base}webhook-test/${WEBHOOK_ID}/webhook`;
	const logFile = path.join(userFolder(profile), 'n8n-trigger.log');
	await writeFile(logFile, '');
	log(`Starting n8n on ${base} (WEBHOOK_URL) for the Instantly Trigger checks…`);
	const n8n = spawnService(NODE_BIN, [N8N_BIN, 'start'], {
		cwd: userFolder(profile),
		env: n8nEnv(profile, { port, extra: { ...(await ownerEnv()), WEBHOOK_URL: base } }),
		onOutput: (chunk) => void appendFile(logFile, chunk),
	});
	const report = {};
	try {
		await waitForN8n(n8n, port);
		log(`n8n is up; log in ${path.relative(ROOT, logFile)}.`);
		const get = await login(port);
		const api = rest(get);
		await test('trigger: n8n lists the Instantly Trigger node type, loaded without errors', async () => {
			const nodes = await (await get('/types/nodes.json')).json();
			const node = nodes.find((n) => n.name === `${PACKAGE.name}.instantlyTrigger`);
			assert.ok(node, 'n8n-nodes-instantly-v2.instantlyTrigger is not among n8n’s node types');
			assert.equal(node.displayName, 'Instantly Trigger');
			assert.deepEqual(node.group, ['trigger']);
			assert.deepEqual(loadProblems(await readFile(logFile, 'utf8')), []);
		});
		const ours = async () => (await sandbox.webhooks()).filter((w) => w.target_hook_url.includes(WEBHOOK_ID));

		await test('trigger: "Listen for test event" registers the test URL in Instantly, runs on a fired reply, then removes it', async () => {
			const started = await api.json('POST', `/rest/workflows/${WORKFLOW_ID}/run`, { triggerToStartFrom: { name: TRIGGER } });
			assert.equal(started.waitingForWebhook, true, JSON.stringify(started));
			const hooks = await ours();
			assert.deepEqual(hooks.map((w) => [w.target_hook_url, w.event_type ?? `label ${w.custom_interest_value}`, w.name]), [
				[testUrl, 'reply_received', `n8n: ${WORKFLOW_NAME} / ${TRIGGER} (test)`],
				[testUrl, 'lead_interested', `n8n: ${WORKFLOW_NAME} / ${TRIGGER} (test)`],
				[testUrl, `label ${hot.interest_status}`, `n8n: ${WORKFLOW_NAME} / ${TRIGGER} (test)`],
			]);
			const fired = await sandbox.fire({ event_type: 'reply_received', lead_email: LEAD });
			assert.deepEqual(fired.deliveries.map((d) => [d.webhook_url, d.status_code]), [[testUrl, 200]]);
			const [execution] = await api.finished(WORKFLOW_ID, 1);
			assert.equal(execution.mode, 'manual');
			const { data } = await api.runData(execution.id);
			assert.deepEqual(output(data, TRIGGER).map((i) => i.json), [fired.payload]);
			await until('the test webhooks to be removed from Instantly', async () => (await ours()).length === 0);
		});

		await test('trigger: activating the workflow (REST) registers reply, Interested and the "Hot Lead" label with n8n’s production URL and one secret', async () => {
			// n8n 2.x publishes in the background (its publication outbox): wait for the outcome, errors included.
			const publication = await activate(api, WORKFLOW_ID);
			assert.equal(publication.status, 'published', JSON.stringify(publication));
			const hooks = await ours();
			assert.deepEqual(hooks.map((w) => [w.target_hook_url, w.event_type, w.custom_interest_value, w.campaign, w.name, w.status]), [
				[productionUrl, 'reply_received', null, null, `n8n: ${WORKFLOW_NAME} / ${TRIGGER}`, 1],
				[productionUrl, 'lead_interested', null, null, `n8n: ${WORKFLOW_NAME} / ${TRIGGER}`, 1],
				[productionUrl, null, hot.interest_status, null, `n8n: ${WORKFLOW_NAME} / ${TRIGGER}`, 1],
			]);
			const secrets = new Set(hooks.map((w) => w.headers?.[SECRET_HEADER]));
			assert.equal(secrets.size, 1);
			assert.match([...secrets][0], /^[0-9a-f]{64}$/);
		});

		const before = (await api.executions(WORKFLOW_ID)).length;
		const fired = [];
		for (const [what, event] of [
			['reply_received', { event_type: 'reply_received', lead_email: LEAD }],
			['lead_interested (Interested)', { event_type: 'lead_interested', lead_email: LEAD }],
			[`the custom label "Hot Lead"`, { label: 'Hot Lead', lead_email: LEAD }],
		]) {
			await test(`trigger: ${what} fired by the sandbox → exactly one execution, whose trigger output is the payload`, async () => {
				const result = await sandbox.fire(event);
				fired.push(result);
				assert.deepEqual(result.deliveries.map((d) => [d.webhook_url, d.status_code]), [[productionUrl, 200]]);
				// Answered at once with no body to parse (n8n's default would be the text "firstEntryJson").
				assert.equal(result.deliveries[0].response_body, '');
				const executions = await api.finished(WORKFLOW_ID, before + fired.length);
				assert.equal(executions.length, before + fired.length, 'one execution per event');
				const execution = executions[executions.length - 1];
				assert.equal(execution.status, 'success');
				assert.equal(execution.mode, 'webhook');
				const { data } = await api.runData(execution.id);
				assert.deepEqual(output(data, TRIGGER).map((i) => i.json), [result.payload]);
				const [set] = output(data, 'Reply for sales');
				assert.equal(set.json.lead, LEAD);
				assert.equal(set.json.event, result.payload.event_type);
				report[what] = { executionId: execution.id, trigger: output(data, TRIGGER)[0].json, set: set.json };
			});
		}

		await test('trigger: a call with a wrong or no secret is answered 401 and starts no execution; an event not chosen starts none either', async () => {
			const count = (await api.executions(WORKFLOW_ID)).length;
			const payload = fired[0]?.payload ?? { event_type: 'reply_received' };
			for (const headers of [{}, { [SECRET_HEADER]: 'not-the-secret' }]) {
				const res = await fetch(productionUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) });
				assert.equal(res.status, 401);
			}
			// A bounce, sent with the real secret through the reply webhook: answered 200, ignored.
			const [reply] = await ours();
			const ignored = await fetch(productionUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...reply.headers },
				body: JSON.stringify({ ...payload, event_type: 'email_bounced' }),
			});
			assert.equal(ignored.status, 200);
			// Then a real reply: once its execution is there, none of the calls above started one.
			await sandbox.fire({ event_type: 'reply_received', lead_email: LEAD });
			const executions = await api.finished(WORKFLOW_ID, count + 1);
			assert.equal(executions.length, count + 1);
		});

		await test('trigger: deactivating the workflow (REST) deletes its webhooks from Instantly', async () => {
			await api.json('POST', `/rest/workflows/${WORKFLOW_ID}/deactivate`, {});
			await until('the webhooks to be deleted from Instantly', async () => (await ours()).length === 0);
			assert.deepEqual(await ours(), []);
		});

		await test('reply loop: reply_received → Instantly Trigger → AI Agent → Email → Reply: the reply is stored once, in the thread, from the account', async () => {
			const publication = await activate(api, LOOP_ID);
			assert.equal(publication.status, 'published', JSON.stringify(publication));
			const loopUrl = `${base}webhook/${REPLY_LOOP_WEBHOOK_ID}/webhook`;
			const fired = await sandbox.fire({ event_type: 'reply_received', lead_email: LEAD });
			assert.deepEqual(fired.deliveries.map((d) => [d.webhook_url, d.status_code]), [[loopUrl, 200]]);
			const [execution] = await api.finished(LOOP_ID, 1);
			assert.equal(execution.status, 'success');
			const { emails } = await sandbox.state();
			const received = emails.find((e) => e.id === fired.payload.email_id);
			assert.ok(received, 'the reply_received event left no email in the Unibox under its email_id');
			const replies = emails.filter((e) => e.thread_id === received.thread_id && e.ue_type === 3);
			assert.equal(replies.length, 1, `${replies.length} replies in the thread`);
			assert.deepEqual([replies[0].eaccount, replies[0].lead, replies[0].subject], [fired.payload.email_account, LEAD, fired.payload.reply_subject]);
			const posts = (await sandbox.requests()).filter((r) => r.method === 'POST' && r.path === '/api/v2/emails/reply' && r.body?.reply_to_uuid === fired.payload.email_id);
			assert.equal(posts.length, 1, `${posts.length} POST /emails/reply`);
			assert.equal(posts[0].body.reply_to_uuid, fired.payload.email_id);
			const { data } = await api.runData(execution.id);
			const [answer] = output(data, 'AI Agent');
			assert.match(answer.json.output, new RegExp(`Replied to ${LEAD.replace(/\./g, '\\.')} from ${fired.payload.email_account} in thread ${received.thread_id}`));
			report.replyLoop = { executionId: execution.id, answer: answer.json.output };
			// `E2E_DOCS_SCREENSHOT=1 npm run test:e2e` refreshes the README's picture of the finished loop.
			if (process.env.E2E_DOCS_SCREENSHOT === '1') {
				await screenshotPage({ port, pathname: `/workflow/${LOOP_ID}/executions/${execution.id}`, file: path.join(ROOT, 'docs', 'reply-loop.png') });
			}
			await api.json('POST', `/rest/workflows/${LOOP_ID}/deactivate`, {});
			await until('the loop’s webhooks to be deleted from Instantly', async () =>
				(await sandbox.webhooks()).every((w) => !w.target_hook_url.includes(REPLY_LOOP_WEBHOOK_ID)),
			);
		});

		const reply = report.reply_received;
		if (reply) {
			log(`Execution ${reply.executionId} started by a sandbox reply_received event; the trigger's output item:\n${JSON.stringify(reply.trigger, null, 2)}\n"Reply for sales" output: ${JSON.stringify(reply.set)}`);
		}
	} finally {
		await stopService(n8n);
	}
	return report;
}
