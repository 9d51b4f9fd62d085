// `npm run test:e2e`: the package in a real n8n (2.41.1), against the sandbox.
// 1. installs n8n into the cache if needed (first run ~5 min), packs this package and installs the tarball
//    into a fresh e2e user folder the way n8n installs community packages;
// 2. for every resource and operation, runs a workflow with `n8n execute` and asserts on n8n's output
//    and on the requests the sandbox received (its /__sandbox/* control API);
// 3. starts `n8n start` and drives the editor in headless Chromium (Debian's package), saving screenshots.
// Ends with "N passed, M failed" alone on a line; exits non-zero when anything failed.
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureRuntime } from './install.mjs';
import { buildAndPack, installTarball } from './pack.mjs';
import {
	CACHE,
	createSuite,
	freePort,
	loadProblems,
	log,
	n8nCli,
	n8nCliSettled,
	run,
	seconds,
	startSandbox,
	stopService,
	userFolder,
} from './lib.mjs';
import { credentialRecord } from './workflows.mjs';
import { sandboxClient } from './sandbox-client.mjs';
import { buildCases, operationsIn } from './e2e-cases.mjs';
import { builtNode } from './node-description.mjs';
import { browserChecks, ensureChromium } from './e2e-browser.mjs';

const PROFILE = 'e2e';
// Free ports of our own (n8n start uses this one and the next, every `n8n execute` its task broker on the next):
// a fixed default collided with any other checkout running the suite at the same time.
const N8N_PORT = process.env.E2E_N8N_PORT ? Number(process.env.E2E_N8N_PORT) : await freePort(2);
const WRONG_KEY = 'wrong-key-e2e-5f0c2a91d4';
const only = process.env.E2E_ONLY; // a substring of test names, to run a few while working on them
/** Runs each selected workflow this many times: for hunting nondeterminism (`E2E_ONLY=… E2E_REPEAT=15`). */
const REPEAT = Math.max(1, Number(process.env.E2E_REPEAT ?? 1));

const suite = createSuite({ only });
const { test } = suite;

const executeOutput = [];



/** `n8n execute --rawOutput` prints the run as pretty JSON, after a line or two of runner notices. */
export function parseRun(output) {
	const start = output.search(/^\{$/m);
	if (start === -1) return undefined;
	const end = output.slice(start).search(/^\}$/m);
	try {
		return JSON.parse(output.slice(start, start + end + 1));
	} catch {
		return undefined;
	}
}

/**
 * n8n's log without the run data it printed (megabytes of items, and cut anywhere in the output's tail):
 * log lines start at the margin, the pretty-printed JSON does not (loadProblems reads the log the same way).
 */
export function logWithoutRunData(output) {
	return output
		.split('\n')
		.filter((line) => !/^[\s{}\]]/.test(line))
		.join('\n')
		.trim();
}

/**
 * Whether a run succeeded, by n8n's own execution data rather than by `n8n execute`'s exit code: the run's
 * error, each node's execution status and error, and the node it ran last.
 */
export function judgeRun(data) {
	const resultData = data?.data?.resultData;
	if (!resultData) return { ok: false, reason: 'n8n printed no run data' };
	const failedNodes = Object.entries(resultData.runData ?? {})
		.filter(([, runs]) => runs.some((r) => r.executionStatus === 'error' || r.error))
		.map(([node]) => node);
	if (resultData.error) {
		const { message = '', description = '' } = resultData.error;
		return { ok: false, reason: `the run failed: ${message} ${description ?? ''}`.trim(), failedNodes };
	}
	if (failedNodes.length) return { ok: false, reason: `node(s) failed: ${failedNodes.join(', ')}`, failedNodes };
	if (!resultData.lastNodeExecuted) return { ok: false, reason: 'no node ran' };
	// n8n 1.x prints the run before it stores its final status ("running"): only a failed status counts.
	if (['error', 'crashed', 'canceled'].includes(data.status)) return { ok: false, reason: `the run's status is "${data.status}"` };
	return { ok: true, failedNodes };
}

/** Runs where `n8n execute`'s exit code said otherwise than its run data (printed, and counted at the end). */
const disagreements = [];

async function execute(workflowId) {
	const ended = await n8nCliSettled(PROFILE, ['execute', `--id=${workflowId}`, '--rawOutput'], { port: N8N_PORT });
	const output = ended.output;
	const data = parseRun(ended.stdout) ?? parseRun(output);
	const verdict = judgeRun(data);
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

		const dir = path.join(CACHE, 'e2e-import');
		await rm(dir, { recursive: true, force: true });
		await mkdir(path.join(dir, 'workflows'), { recursive: true });
		await writeFile(
			path.join(dir, 'credentials.json'),
			JSON.stringify([
				// The editor preselects the newest credential for a new node: the sandbox one.
				credentialRecord('wrongKey', { apiKey: WRONG_KEY, baseUrl: url }),
				credentialRecord('sandbox', { apiKey, baseUrl: url }),
			]),
		);
		for (const c of cases) await writeFile(path.join(dir, 'workflows', `${c.workflow.id}.json`), JSON.stringify(c.workflow));
		let step = Date.now();
		log(`Importing 2 credentials and ${cases.length} workflows into n8n…`);
		const importOutput = [
			await n8nCli(PROFILE, ['import:credentials', `--input=${path.join(dir, 'credentials.json')}`], { port: N8N_PORT }),
			await n8nCli(PROFILE, ['import:workflow', '--separate', `--input=${path.join(dir, 'workflows')}`], { port: N8N_PORT }),
		].join('\n');
		log(`Imported (${seconds(step)}).`);
		await rm(dir, { recursive: true, force: true }); // it holds the sandbox key in clear

		step = Date.now();
		for (const c of cases.flatMap((c) => Array.from({ length: REPEAT }, () => c))) {
			await test(c.name, async () => {
				await sandbox.reset('keep');
				if (c.setup) {
					await c.setup(ctx);
					await sandbox.reset('keep');
				}
				for (const rule of c.faults ?? []) await sandbox.fault(rule);
				const result = await execute(c.workflow.id);
				executeOutput.push(result.output);
				result.requests = await sandbox.requests();
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
		await test('every operation of every resource ran in a workflow above', () => {
			const covered = operationsIn(cases);
			const all = Object.entries(builtNode().operations).flatMap(([resource, ops]) => ops.map((op) => `${resource}.${op}`));
			assert.deepEqual(all.filter((op) => !covered.has(op)), [], 'operations no e2e workflow runs');
		});
		await test('n8n loaded the package without errors (import and execute logs)', () => {
			assert.deepEqual(loadProblems(`${importOutput}\n${executeOutput.join('\n')}`), []);
		});

		const browser = await chromium;
		if (only && !/editor|n8n start/i.test(only)) log('Editor check skipped (E2E_ONLY).');
		else if (browser instanceof Error) await test('Chromium is installed for the editor check', () => { throw browser; });
		else {
			const { workflow: demo } = cases.find((c) => c.workflow.id === 'instantlyDemo');
			const nodes = demo.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length;
			const edges = Object.values(demo.connections).flatMap((byType) => Object.values(byType).flat(2)).length;
			await browserChecks({ test, port: N8N_PORT, chromium: browser, profile: PROFILE, demo: { id: demo.id, nodes, edges } });
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
