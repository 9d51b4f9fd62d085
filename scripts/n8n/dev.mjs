// `npm run dev`: this package in a real n8n, with the Instantly sandbox, in one command.
// Installs Node 24 + n8n 2.41.1 into ~/.cache/n8n-nodes-instantly-v2/ the first time (~5 min), packs and installs this
// package as a community package, starts the sandbox with demo data, imports an "Instantly (sandbox)"
// credential, a demo workflow, the active "Instantly replies (sandbox)" (Instantly Trigger on replies, Interested
// and the label "Hot Lead" → Set) and "Reply to interested leads (sandbox)" (Instantly Trigger → AI Agent → Email →
// Reply), and starts n8n
// on http://127.0.0.1:5678 with an owner account; it prints a curl that fires a reply from the sandbox.
// With INSTANTLY_API_KEY set, it imports a credential for the real API instead (and a read-only demo).
// Ctrl-C stops n8n and the sandbox.
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { ensureRuntime } from './install.mjs';
import { buildAndPack, installTarball } from './pack.mjs';
import {
	N8N_BIN,
	N8N_VERSION,
	NODE_BIN,
	OWNER,
	PACKAGE,
	ROOT,
	checkLoaded,
	loadProblems,
	log,
	n8nCli,
	n8nEnv,
	ownerEnv,
	run,
	seconds,
	spawnService,
	startSandbox,
	stopService,
	userFolder,
	waitForN8n,
} from './lib.mjs';
import { pauseOnBouncesWorkflow, weeklyReportWorkflow } from './campaign-workflows.mjs';
import { CREDENTIALS, agentDemoWorkflow, credentialRecord, demoWorkflow, modelCredentialRecord, realApiDemoWorkflow, replyLoopWorkflow, repliesWorkflow } from './workflows.mjs';
import { sandboxClient } from './sandbox-client.mjs';
import { devTerminalLine } from './run-logs.cjs';

const PROFILE = 'dev';
const PORT = Number(process.env.N8N_PORT ?? 5678);
const REAL_KEY = process.env.INSTANTLY_API_KEY?.trim();
const REAL_BASE_URL = process.env.INSTANTLY_BASE_URL?.trim() || 'https://api.instantly.ai';
/** The sandbox's custom lead label the replies demo listens for. */
const DEMO_LABEL = 'Hot Lead';

const services = [];
let stopping = false;

async function stopAll(code) {
	if (stopping) return;
	stopping = true;
	log('Stopping n8n and the sandbox…');
	for (const service of services.reverse()) await stopService(service);
	log('Stopped.');
	process.exit(code);
}

function portFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

async function main() {
	const started = Date.now();
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));
	for (const port of [PORT, PORT + 1]) {
		if (!(await portFree(port))) {
			throw new Error(`Port ${port} on 127.0.0.1 is in use (another n8n?). Stop it, or run with N8N_PORT=<free port>.`);
		}
	}
	await ensureRuntime();
	await installTarball(await buildAndPack(), PROFILE);

	const importDir = path.join(userFolder(PROFILE), 'import');
	await rm(importDir, { recursive: true, force: true });
	await mkdir(importDir, { recursive: true });
	let credential;
	let demo;
	let sandboxUrl;
	// The agent and the trigger demos need the sandbox (its scripted model; Instantly could not reach an n8n on
	// 127.0.0.1), so they come only with it.
	let agent;
	let replies;
	let replyLoop;
	/** Campaign and Analytics demos: imported inactive, run them with "Execute workflow". */
	let campaignDemos = [];
	const extraCredentials = [];
	if (REAL_KEY) {
		credential = credentialRecord('real', { apiKey: REAL_KEY, baseUrl: REAL_BASE_URL });
		demo = realApiDemoWorkflow();
	} else {
		log('Building and starting the Instantly sandbox…');
		await run('npm', ['run', 'build:tools']);
		const sandbox = await startSandbox(['--demo']);
		services.push(sandbox.child);
		sandboxUrl = sandbox.url;
		credential = credentialRecord('sandbox', { apiKey: sandbox.apiKey, baseUrl: sandbox.url });
		const state = await sandboxClient(sandbox.url, sandbox.apiKey).state();
		demo = demoWorkflow(state);
		agent = agentDemoWorkflow();
		// The trigger also listens for the custom label "Hot Lead" (by its interest status), as the README's curl fires it.
		replies = repliesWorkflow({ labels: state.leadLabels.filter((l) => l.label === DEMO_LABEL).map((l) => l.interest_status) });
		replyLoop = replyLoopWorkflow();
		campaignDemos = [weeklyReportWorkflow(), pauseOnBouncesWorkflow()];
		extraCredentials.push(modelCredentialRecord(sandbox.url));
	}
	const credentialFile = path.join(importDir, 'credentials.json');
	await writeFile(credentialFile, JSON.stringify([credential, ...extraCredentials]), { mode: 0o600 });
	const workflows = [demo, ...[replies, replyLoop, agent].filter(Boolean), ...campaignDemos];
	await mkdir(path.join(importDir, 'workflows'));
	for (const w of workflows) await writeFile(path.join(importDir, 'workflows', `${w.id}.json`), JSON.stringify(w));
	log(`Importing the credential "${credential.name}" and the workflows ${workflows.map((w) => `"${w.name}"`).join(', ')}…`);
	try {
		await n8nCli(PROFILE, ['import:credentials', `--input=${credentialFile}`], { port: PORT });
		await n8nCli(PROFILE, ['import:workflow', '--separate', `--input=${path.join(importDir, 'workflows')}`], { port: PORT });
		// Published before n8n starts: the trigger registers its webhooks at start, the Chat Trigger serves its page.
		for (const published of [replies, replyLoop, agent].filter(Boolean)) {
			await n8nCli(PROFILE, ['publish:workflow', `--id=${published.id}`], { port: PORT });
		}
	} finally {
		await rm(importDir, { recursive: true, force: true }); // the credential file holds the key in clear
	}

	const logFile = path.join(userFolder(PROFILE), 'n8n.log');
	await writeFile(logFile, '');
	let logText = '';
	let pending = '';
	const terminal = { seen: new Set(), logFile: path.relative(ROOT, logFile) };
	log(`Starting n8n ${N8N_VERSION} on http://127.0.0.1:${PORT}…`);
	const n8n = spawnService(NODE_BIN, [N8N_BIN, 'start'], {
		cwd: userFolder(PROFILE),
		env: n8nEnv(PROFILE, { port: PORT, extra: await ownerEnv() }),
		onOutput: (chunk) => {
			const text = chunk.toString();
			logText += text;
			void appendFile(logFile, chunk);
			// Keep the terminal for what matters: n8n's warnings and errors, without the stack traces and the alarming
			// lines n8n logs around every failed execution (run-logs.cjs devTerminalLine); the file has everything.
			const lines = (pending + text).split('\n');
			pending = lines.pop();
			for (const line of lines) {
				const shown = devTerminalLine(line, terminal);
				if (shown) process.stdout.write(`[n8n] ${shown}\n`);
			}
		},
	});
	services.push(n8n);
	n8n.exited.then(({ code, signal }) => {
		if (stopping) return;
		log(`n8n exited on its own (${signal ?? `code ${code}`}); see ${path.relative(ROOT, logFile)}.`);
		void stopAll(1);
	});
	await waitForN8n(n8n, PORT);
	const { node, credential: credentialType } = await checkLoaded(PORT);
	const problems = loadProblems(logText);
	if (!node || !credentialType || problems.length) {
		log(`n8n did not load ${PACKAGE.name} cleanly:${node ? '' : ' its node is missing;'}${credentialType ? '' : ' its credential is missing;'}\n${problems.join('\n')}`);
	}

	const url = `http://127.0.0.1:${PORT}`;
	const lines = [
		'',
		`n8n ${N8N_VERSION} with ${PACKAGE.name}@${PACKAGE.version} is running (ready in ${seconds(started)}):`,
		'',
		`  Open      ${url}`,
		`  Log in    ${OWNER.email}  /  ${OWNER.password}`,
		`  Workflow  "${demo.name}"  ${url}/workflow/${demo.id}`,
		REAL_KEY
			? `  Credential "${CREDENTIALS.real.name}": your INSTANTLY_API_KEY, ${REAL_BASE_URL}`
			: `  Credential "${CREDENTIALS.sandbox.name}": the sandbox at ${sandboxUrl} (fake data, nothing leaves this machine)`,
		...(replies ? [`  Trigger   "${replies.name}" (active)  ${url}/workflow/${replies.id}`] : []),
		...(replyLoop ? [`  Trigger   "${replyLoop.name}" (active: AI Agent → Email → Reply)  ${url}/workflow/${replyLoop.id}`] : []),
		...campaignDemos.map((w) => `  Workflow  "${w.name}"  ${url}/workflow/${w.id}`),
		...(sandboxUrl ? [`  Requests the sandbox received: curl ${sandboxUrl}/__sandbox/requests`] : []),
		...(agent ? agentLines(url, agent, sandboxUrl) : []),
		...(replies
			? [
					'',
					'  Fire a reply from the sandbox (Instantly → the trigger → a new execution under Executions):',
					`    curl -X POST ${sandboxUrl}/__sandbox/events -H 'content-type: application/json' -d '{"event_type": "reply_received", "lead_email": "jane.doe@northwind.io"}'`,
					`  Or mark the lead Interested: the same with "event_type": "lead_interested"; or give it the label "${DEMO_LABEL}":`,
					`    curl -X POST ${sandboxUrl}/__sandbox/events -H 'content-type: application/json' -d '{"label": "${DEMO_LABEL}", "lead_email": "jane.doe@northwind.io"}'`,
					`  Each answers the deliveries the sandbox made to n8n. The webhooks: curl ${sandboxUrl}/__sandbox/state`,
					`  The reply the agent sent, in the lead's thread: curl ${sandboxUrl}/__sandbox/state (emails, "ue_type": 3), or Email → Get Many in the editor`,
				]
			: []),
		`  n8n log   ${path.relative(ROOT, logFile)} (this terminal shows only its warnings and errors; a workflow that`,
		'            fails, e.g. on a wrong key, is logged by n8n as an error with a stack: that is the run’s error, not a crash)',
		'',
		'Changed the code? Ctrl-C and run `npm run dev` again (it rebuilds and reinstalls the package).',
		'Press Ctrl-C to stop.',
		'',
	];
	process.stdout.write(lines.join('\n'));
}

/** How to chat with the agent demo: the editor's chat, the Chat Trigger's page, or curl. */
function agentLines(url, agent, sandboxUrl) {
	const chat = `${url}/webhook/${agent.nodes.find((n) => n.webhookId).webhookId}/chat`;
	const body = JSON.stringify({ action: 'sendMessage', sessionId: 'demo', chatInput: 'Set jane.doe@northwind.io to Hot Lead' });
	return [
		'',
		`  Agent     "${agent.name}"  ${url}/workflow/${agent.id}`,
		'            An AI Agent with Instantly tools and a scripted model (no OpenAI key). Chat with it:',
		'            - in the editor: open the workflow, click "Open chat";',
		`            - in a browser, no login: ${chat}`,
		`            - with curl: curl -s ${chat} -H 'content-type: application/json' -d '${body}'`,
		'            Try: "Set jane.doe@northwind.io to Hot Lead", "Add sam@newco.io to Q3 Outreach — SaaS Founders",',
		'                 "Block competitor-three.com", "Find jane.doe@northwind.io".',
		`            What the model received (tools, tool results): curl ${sandboxUrl}/__sandbox/model/calls`,
	];
}

main().catch((error) => {
	console.error(error.message);
	void stopAll(1);
});
