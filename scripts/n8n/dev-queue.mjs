// `npm run dev:queue`: this package in n8n's queue mode, as teams run it when one n8n process is not enough:
// Redis, PostgreSQL (queue mode does not support SQLite), an n8n main that serves the editor and the webhooks
// and puts every execution in the queue, and two `n8n worker`s that run them, plus the Instantly sandbox
// limited like Instantly (100 requests/s and 6,000/min for the key, shared by both workers).
// Installs Debian's redis-server and postgresql with apt-get when missing (as root), Node 24 + n8n 2.41.1
// into ~/.cache/n8n-nodes-instantly-v2/ the first time; the database and the queue live in a throwaway folder
// under .cache/n8n-runtime/.
// Ctrl-C stops the workers, the main, the sandbox, PostgreSQL and Redis, and removes their data.
import path from 'node:path';
import { ensureRuntime } from './install.mjs';
import { buildAndPack, installTarball } from './pack.mjs';
import {
	N8N_VERSION,
	OWNER,
	PACKAGE,
	ROOT,
	checkLoaded,
	loadProblems,
	log,
	login,
	portFree,
	run,
	seconds,
	startSandbox,
} from './lib.mjs';
import { QueueStack, ensureQueueServices } from './queue-stack.mjs';
import { QUEUE_WEBHOOKS, addLeadsWorkflow, blockListWorkflow } from './queue-workflows.mjs';
import { credentialRecord, demoWorkflow } from './workflows.mjs';
import { sandboxClient } from './sandbox-client.mjs';

const PORT = Number(process.env.N8N_PORT ?? 5680);
const WORKERS = 2;

/** The main's REST API (logged in once it is up): which workflow an execution belongs to, for the terminal. */
let mainApi;
const workflowNames = new Map();

/** `execution 12 "Queue: add leads (webhook)"`, or without the name when the main cannot say. */
async function describeExecution(id) {
	try {
		const res = await mainApi(`/rest/executions/${id}`);
		const { workflowId, workflowData } = (await res.json()).data;
		return `execution ${id} "${workflowData?.name ?? workflowNames.get(workflowId) ?? workflowId}"`;
	} catch {
		return `execution ${id}`;
	}
}

const stack = new QueueStack({
	name: 'queue-dev',
	mainPort: PORT,
	workers: WORKERS,
	// The terminal shows which worker runs which workflow's execution, and problems; the rest is in the log files.
	echo: (service, line) => {
		if (service !== 'main' && !service.startsWith('worker-')) return;
		const job = /Worker (started|finished) execution (\d+)/.exec(line);
		if (job && mainApi) {
			const [, event, id] = job;
			void describeExecution(id).then((what) => log(event === 'started' ? `${what} started on ${service}` : `${what} ran on ${service}`));
		} else if (job || (/\b(error|failed|problem)\b/i.test(line) && !/deprecat/i.test(line))) {
			process.stdout.write(`[${service}] ${line}\n`);
		}
	},
});
let stopping = false;

async function stopAll(code) {
	if (stopping) return;
	stopping = true;
	log('Stopping the workers, the main, the sandbox, PostgreSQL and Redis…');
	await stack.stop();
	const left = await stack.leftovers();
	log(left.length ? `Still running (stop them by hand):\n${left.join('\n')}` : 'Stopped; nothing left running.');
	process.exit(code);
}

async function main() {
	const started = Date.now();
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));
	await stack.stopLeftovers();
	for (const port of [PORT, PORT + 1]) {
		// A process just stopped may need a moment to let go of its port.
		for (let tries = 0; tries < 10 && !(await portFree(port)); tries++) await new Promise((r) => setTimeout(r, 300));
		if (!(await portFree(port))) {
			throw new Error(`Port ${port} on 127.0.0.1 is in use (another n8n?). Stop it, or run with N8N_PORT=<free port>.`);
		}
	}
	await ensureRuntime();
	const [programs, tarball] = await Promise.all([ensureQueueServices(), buildAndPack()]);
	await stack.clean();
	for (const profile of stack.profiles) await installTarball(tarball, profile);

	log('Building and starting the Instantly sandbox (limited to 100 requests/s, like Instantly)…');
	await run('npm', ['run', 'build:tools']);
	const sandbox = await startSandbox(['--demo', '--rate-limit']);
	stack.adopt('sandbox', sandbox.child);
	const client = sandboxClient(sandbox.url, sandbox.apiKey);

	log('Starting Redis and PostgreSQL…');
	await Promise.all([stack.startRedis(programs.redis), stack.startPostgres(programs.pgBin)]);
	log(`Redis on 127.0.0.1:${stack.redisPort}, PostgreSQL on 127.0.0.1:${stack.postgresPort}. Importing the credential and workflows…`);
	const state = await client.state();
	const campaign = state.campaigns?.[0];
	const workflows = [demoWorkflow(state), addLeadsWorkflow(campaign?.id ?? ''), blockListWorkflow()];
	const importOutput = await stack.importData({
		credentials: [credentialRecord('sandbox', { apiKey: sandbox.apiKey, baseUrl: sandbox.url })],
		workflows,
		publish: ['queueAddLeads', 'queueBlockList'],
	});

	log(`Starting the n8n ${N8N_VERSION} main on http://127.0.0.1:${PORT}, then ${WORKERS} workers…`);
	await stack.startMain();
	await stack.startWorkers();
	for (const w of workflows) workflowNames.set(w.id, w.name);
	mainApi = await login(PORT);
	const { node, credential } = await checkLoaded(PORT);
	const problems = loadProblems([importOutput, ...Object.values(stack.logs)].join('\n'));
	if (!node || !credential || problems.length) {
		log(`n8n did not load ${PACKAGE.name} cleanly:${node ? '' : ' its node is missing;'}${credential ? '' : ' its credential is missing;'}\n${problems.join('\n')}`);
	}

	const url = `http://127.0.0.1:${PORT}`;
	const rel = (file) => path.relative(ROOT, file);
	const lines = [
		'',
		`n8n ${N8N_VERSION} in queue mode with ${PACKAGE.name}@${PACKAGE.version} is running (ready in ${seconds(started)}):`,
		'',
		`  Open      ${url}   (main: editor, webhooks, the queue's producer)`,
		`  Log in    ${OWNER.email}  /  ${OWNER.password}`,
		`  Workers   ${stack.workers.map((w, i) => `worker-${i + 1} (health on :${w.healthPort})`).join(', ')}; every execution runs on one of them`,
		`  Sandbox   ${sandbox.url}, limited to 100 requests/s and 6,000/min for everyone (credential "Instantly (sandbox)")`,
		'',
		'  Send work (each POST is one execution in the queue; send several at once to see both workers take jobs):',
		`    curl -X POST ${url}/webhook/${QUEUE_WEBHOOKS.blockList} -H 'content-type: application/json' \\`,
		`      -d '{"values": [{"value": "competitor.com"}, {"value": "ceo@rival.example"}]}'`,
		`    curl -X POST ${url}/webhook/${QUEUE_WEBHOOKS.leads} -H 'content-type: application/json' \\`,
		`      -d '{"leads": [{"email": "ada@analytical.example", "first_name": "Ada"}]}'`,
		'  Then open Executions in the editor; this terminal shows which worker ran each one (execution 12 "…" ran on worker-1).',
		`  Requests the sandbox received: curl ${sandbox.url}/__sandbox/requests`,
		`  Workflows "${workflows.map((w) => w.name).join('", "')}"`,
		`  Logs      ${rel(stack.logDir)}/ (main, worker-1, worker-2, postgres, redis)`,
		'',
		'Changed the code? Ctrl-C and run `npm run dev:queue` again (it rebuilds and reinstalls the package everywhere).',
		'Press Ctrl-C to stop everything (the database and the queue are thrown away).',
		'',
	];
	process.stdout.write(lines.join('\n'));
	for (const service of stack.services) {
		service.exited.then(({ code, signal }) => {
			if (stopping) return;
			log(`${service.service} exited on its own (${signal ?? `code ${code}`}); see ${service.logFile ? rel(service.logFile) : 'its output'}.`);
			void stopAll(1);
		});
	}
}

main().catch((error) => {
	console.error(error.message);
	void stopAll(1);
});
