// `npm run test:e2e`: the package in a real n8n (2.41.1), against the sandbox.
// 1. installs n8n into the cache if needed (first run ~5 min), packs this package and installs the tarball
//    into a fresh e2e user folder the way n8n installs community packages;
// 2. for every resource and operation, runs a workflow with `n8n execute` and asserts on n8n's output
//    and on the requests the sandbox received (its /__sandbox/* control API);
// 3. starts `n8n start` with its webhook URL on 127.0.0.1 and checks the Instantly Trigger: activation through
//    n8n's REST API registers webhooks in the sandbox, fired events start executions, deactivation removes them;
// 4. starts `n8n start` and drives the editor in headless Chromium (Debian's package), saving screenshots.
// Ends with "N passed, M failed" alone on a line; exits non-zero when anything failed.
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureRuntime } from './install.mjs';
import { buildAndPack, installTarball } from './pack.mjs';
import {
	CACHE,
	N8N_VERSION,
	createSuite,
	freePort,
	importIntoN8n,
	loadProblems,
	log,
	n8nCli,
	n8nCliSettled,
	parseRun,
	run,
	seconds,
	startSandbox,
	stopService,
	userFolder,
} from './lib.mjs';
import { agentDemoWorkflow, credentialRecord, modelCredentialRecord } from './workflows.mjs';
import { sandboxClient } from './sandbox-client.mjs';
import { buildCases, operationsIn } from './e2e-cases.mjs';
import { builtNode } from './node-description.mjs';
import { browserChecks, ensureChromium } from './e2e-browser.mjs';
import { triggerChecks } from './e2e-trigger.mjs';
import { judgeRun, logWithoutRunData } from './run-logs.cjs';

const PROFILE = 'e2e';
// Free ports of our own (n8n start uses this one and the next, every `n8n execute` its task broker on the next):
// a fixed default collided with any other checkout running the suite at the same time.
const N8N_PORT = process.env.E2E_N8N_PORT ? Number(process.env.E2E_N8N_PORT) : await freePort(2);
const WRONG_KEY = 'wrong-key-e2e-5f0c2a91d4';
/** n8n 1.x (`npm run test:e2e:min`): the AI Agent and trigger sections need n8n 2.x and are skipped, saying so. */
const LEGACY = N8N_VERSION.startsWith('1.');
const only = process.env.E2E_ONLY; // substrings of test names (a|b), to run a few while working on them
/** Runs each selected workflow this many times: for hunting nondeterminism (`E2E_ONLY=… E2E_REPEAT=15`). */
const REPEAT = Math.max(1, Number(process.env.E2E_REPEAT ?? 1));

const suite = createSuite({ only });

/** What the editor check types into the agent demo's chat, the answer it waits for and the tool that must have run. */
const AGENT_CHAT = {
	message: 'Set jane.doe@northwind.io to Hot Lead',
	answer: 'Done: jane.doe@northwind.io is now "Hot Lead" (interest status 5); Instantly applies it in the background.',
	tool: 'Update interest status',
};
const { test } = suite;

const executeOutput = [];
/** What the scripted model received and answered, per agent case: to read the tools and results a model sees. */
const modelCalls = {};
const MODEL_CALLS_FILE = path.join(CACHE, 'e2e-model-calls.json');

/** Runs where `n8n execute`'s exit code said otherwise than its run data (printed, and counted at the end). */
const disagreements = [];

/** What `n8n execute` printed for each run (its last 20 kB), kept for reading after a failure. */
const LOG_DIR = path.join(CACHE, 'e2e-logs');

async function execute(workflowId, { failingNodes } = {}) {
	const ended = await n8nCliSettled(PROFILE, ['execute', `--id=${workflowId}`, '--rawOutput'], { port: N8N_PORT });
	const output = ended.output;
	await writeFile(path.join(LOG_DIR, `${workflowId}.log`), output);
	const data = parseRun(ended.stdout) ?? parseRun(output);
	const verdict = judgeRun(data, { failingNodes });
	const exitedOk = ended.code === 0;
	if (data && exitedOk !== verdict.ok) {
		const how = ended.signal ? `was killed by ${ended.signal}` : `exited with code ${ended.code}`;
		const said = verdict.ok ? 'a successful run' : `a failed run (${verdict.reason})`;
		disagreements.push(`${workflowId}: ${how}, run data show ${said}`);
		log(
			`  ⚠ n8n execute --id=${workflowId} ${how}, but its run data show ${said}; judged by the run data. n8n's log:\n` +
				logWithoutRunData(output).split('\n').map((line) => `    | ${line}`).join('\n'),
		);
	}
	const resultData = data?.data?.resultData;
	return {
		ok: verdict.ok,
		reason: verdict.reason,
		failedNodes: verdict.failedNodes ?? [],
		exit: { code: ended.code, signal: ended.signal },
		output,
		data,
		error: resultData?.error,
		runData: resultData?.runData ?? {},
		/** The items a node put out (first run, main output). */
		items(node) {
			const runs = resultData?.runData?.[node];
			assert.ok(runs, `node "${node}" did not run; ran: ${Object.keys(resultData?.runData ?? {}).join(', ')}`);
			return runs[0].data?.main?.[0] ?? [];
		},
	};
}

async function main() {
	const started = Date.now();
	await ensureRuntime();
	const chromium = ensureChromium().catch((error) => error); // meanwhile, on a clean machine
	const tarball = await buildAndPack();
	await rm(userFolder(PROFILE), { recursive: true, force: true });
	await rm(LOG_DIR, { recursive: true, force: true });
	await mkdir(LOG_DIR, { recursive: true });
	await installTarball(tarball, PROFILE);
	log('Building the sandbox (npm run build:tools)…');
	await run('npm', ['run', 'build:tools']);
	const { child: sandboxProcess, url, apiKey } = await startSandbox(['--demo']);
	const sandbox = sandboxClient(url, apiKey);
	log(`Sandbox on ${url}.`);
	try {
		const state = await sandbox.state();
		const ctx = { sandbox, apiKey, url, state, wrongKey: WRONG_KEY, legacy: LEGACY };
		const cases = await buildCases(ctx);

		// Not run with `n8n execute` (a Chat Trigger waits for a message): published, it is chatted with under `n8n start`.
		const agentDemo = agentDemoWorkflow();
		const credentials = [
			// The editor preselects the newest credential for a new node: the sandbox one.
			credentialRecord('wrongKey', { apiKey: WRONG_KEY, baseUrl: url }),
			credentialRecord('sandbox', { apiKey, baseUrl: url }),
			...cases.flatMap((c) => c.credentials ?? []),
			modelCredentialRecord(url),
		];
		let step = Date.now();
		log(`Importing ${credentials.length} credentials and ${cases.length + 1} workflows into n8n…`);
		const importOutput = [
			await importIntoN8n({
				dir: path.join(CACHE, 'e2e-import'),
				cli: (args) => n8nCli(PROFILE, args, { port: N8N_PORT }),
				credentials,
				workflows: [...cases.map((c) => c.workflow), ...(LEGACY ? [] : [agentDemo])],
			}),
			...(LEGACY ? [] : [await n8nCli(PROFILE, ['publish:workflow', `--id=${agentDemo.id}`], { port: N8N_PORT })]),
		].join('\n');
		log(`Imported (${seconds(step)}).`);

		step = Date.now();
		for (const c of cases.flatMap((c) => Array.from({ length: REPEAT }, () => c))) {
			await test(c.name, async () => {
				await sandbox.reset('keep');
				if (c.setup) {
					await c.setup(ctx);
					await sandbox.reset('keep');
				}
				for (const rule of c.faults ?? []) await sandbox.fault(rule);
				if (c.modelScripts) await sandbox.modelScripts(c.modelScripts);
				const result = await execute(c.workflow.id, { failingNodes: c.failingNodes });
				executeOutput.push(result.output);
				result.requests = await sandbox.requests();
				result.modelCalls = await sandbox.modelCalls();
				if (result.modelCalls.length) modelCalls[c.name] = result.modelCalls;
				// A tool sub-node may fail on purpose (the agent is to report it): the case names it (judgeRun).
				if (!c.expectFailure && !result.ok) {
					const how = result.exit.signal ?? `exit code ${result.exit.code}`;
					throw new Error(`The execution failed (${result.reason}; n8n execute: ${how}). n8n's log:\n${logWithoutRunData(result.output).slice(-3000)}`);
				}
				if (c.expectFailure && !result.error) {
					// A failure must be the run's own (n8n's run data carry its error), not n8n failing to run it.
					if (result.ok) throw new Error('The execution succeeded, but it should have failed');
					throw new Error(`The execution did not fail as a run (${result.reason}). n8n's log:\n${logWithoutRunData(result.output).slice(-3000)}`);
				}
				await c.check.call(c, result, ctx);
			});
		}
		log(`Workflow runs done (${seconds(step)}).`);
		if (Object.keys(modelCalls).length) {
			await writeFile(MODEL_CALLS_FILE, JSON.stringify(modelCalls, null, 2));
			log(`What the scripted model received and answered: ${path.relative(process.cwd(), MODEL_CALLS_FILE)}`);
		}
		await test('every operation of every resource ran in a workflow above', () => {
			const covered = operationsIn(cases);
			const all = Object.entries(builtNode().operations).flatMap(([resource, ops]) => ops.map((op) => `${resource}.${op}`));
			assert.deepEqual(all.filter((op) => !covered.has(op)), [], 'operations no e2e workflow runs');
		});
		await test('n8n loaded the package without errors (import and execute logs)', () => {
			assert.deepEqual(loadProblems(`${importOutput}\n${executeOutput.join('\n')}`), []);
		});

		if (LEGACY) log(`Instantly Trigger checks skipped: they activate workflows through n8n 2.x's publish API (n8n ${N8N_VERSION}).`);
		else if (only && !/trigger/i.test(only)) log('Instantly Trigger checks skipped (E2E_ONLY).');
		else await triggerChecks({ test, port: N8N_PORT, profile: PROFILE, sandbox, state });

		const browser = await chromium;
		if (only && !/editor|n8n start|agent|logs in|credential test/i.test(only)) log('Editor check skipped (E2E_ONLY).');
		else if (browser instanceof Error) await test('Chromium is installed for the editor check', () => { throw browser; });
		else {
			const { workflow: demo } = cases.find((c) => c.workflow.id === 'instantlyDemo');
			const nodes = demo.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length;
			const edges = Object.values(demo.connections).flatMap((byType) => Object.values(byType).flat(2)).length;
			const agent = LEGACY ? undefined : {
				id: agentDemo.id,
				webhookId: agentDemo.nodes.find((n) => n.webhookId).webhookId,
				sandbox,
				...AGENT_CHAT,
			};
			const credentialTest = { sandbox, apiKey, wrongKey: WRONG_KEY };
			await browserChecks({ test, port: N8N_PORT, chromium: browser, profile: PROFILE, demo: { id: demo.id, nodes, edges }, agent, credentialTest });
		}
	} finally {
		await stopService(sandboxProcess);
	}
	if (disagreements.length) {
		log(`n8n execute's exit code disagreed with its run data ${disagreements.length}× (logs above):\n${disagreements.map((d) => `  - ${d}`).join('\n')}`);
	}
	suite.finish(`e2e finished in ${seconds(started)}.`);
}

main().catch((error) => suite.crash(error));
