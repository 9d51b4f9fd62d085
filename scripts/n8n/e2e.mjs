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
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureRuntime } from './install.mjs';
import { buildAndPack, installTarball } from './pack.mjs';
import {
	CACHE,
	createSuite,
	importIntoN8n,
	loadProblems,
	log,
	n8nCli,
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

const PROFILE = 'e2e';
const N8N_PORT = Number(process.env.E2E_N8N_PORT ?? 5690);
const WRONG_KEY = 'wrong-key-e2e-5f0c2a91d4';
const only = process.env.E2E_ONLY; // substrings of test names (a|b), to run a few while working on them

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

async function execute(workflowId) {
	let output;
	let ok = true;
	try {
		output = await n8nCli(PROFILE, ['execute', `--id=${workflowId}`, '--rawOutput'], { port: N8N_PORT });
	} catch (error) {
		ok = false;
		output = error.output ?? error.message;
	}
	const data = parseRun(output);
	const resultData = data?.data?.resultData;
	return {
		ok,
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
	await installTarball(tarball, PROFILE);
	log('Building the sandbox (npm run build:tools)…');
	await run('npm', ['run', 'build:tools']);
	const { child: sandboxProcess, url, apiKey } = await startSandbox(['--demo']);
	const sandbox = sandboxClient(url, apiKey);
	log(`Sandbox on ${url}.`);
	try {
		const state = await sandbox.state();
		const ctx = { sandbox, apiKey, url, state, wrongKey: WRONG_KEY };
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
				workflows: [...cases.map((c) => c.workflow), agentDemo],
			}),
			await n8nCli(PROFILE, ['publish:workflow', `--id=${agentDemo.id}`], { port: N8N_PORT }),
		].join('\n');
		log(`Imported (${seconds(step)}).`);

		step = Date.now();
		for (const c of cases) {
			await test(c.name, async () => {
				await sandbox.reset('keep');
				if (c.setup) {
					await c.setup(ctx);
					await sandbox.reset('keep');
				}
				for (const rule of c.faults ?? []) await sandbox.fault(rule);
				if (c.modelScripts) await sandbox.modelScripts(c.modelScripts);
				const result = await execute(c.workflow.id);
				executeOutput.push(result.output);
				result.requests = await sandbox.requests();
				result.modelCalls = await sandbox.modelCalls();
				if (result.modelCalls.length) modelCalls[c.name] = result.modelCalls;
				if (!c.expectFailure && !result.ok) {
					throw new Error(`The execution failed:\n${result.error?.message ?? ''} ${result.error?.description ?? ''}\n${result.output.slice(-3000)}`);
				}
				if (c.expectFailure && result.ok) throw new Error('The execution succeeded, but it should have failed');
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

		if (only && !/trigger/i.test(only)) log('Instantly Trigger checks skipped (E2E_ONLY).');
		else await triggerChecks({ test, port: N8N_PORT, profile: PROFILE, sandbox, state });

		const browser = await chromium;
		if (only && !/editor|n8n start|agent|logs in/i.test(only)) log('Editor check skipped (E2E_ONLY).');
		else if (browser instanceof Error) await test('Chromium is installed for the editor check', () => { throw browser; });
		else {
			const { workflow: demo } = cases.find((c) => c.workflow.id === 'instantlyDemo');
			const nodes = demo.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length;
			const agent = {
				id: agentDemo.id,
				webhookId: agentDemo.nodes.find((n) => n.webhookId).webhookId,
				sandbox,
				...AGENT_CHAT,
			};
			await browserChecks({ test, port: N8N_PORT, chromium: browser, profile: PROFILE, demo: { id: demo.id, nodes }, agent });
		}
	} finally {
		await stopService(sandboxProcess);
	}
	suite.finish(`e2e finished in ${seconds(started)}.`);
}

main().catch((error) => suite.crash(error));
