/**
 * Scale-out benchmark (issue 10): the key's budget (100 requests/s, 6,000/min, as the sandbox enforces it
 * for everyone together) shared with others, through n8n-core's real engine, each n8n in a child process:
 *
 *   1. one process creating 200 Block List Entries while an outside client uses the same key at 80
 *      requests/s: the process's fair share is 20/s, so the ideal is 200 / 20 = 10 s;
 *   2. two processes (two n8n workers) creating 500 entries each at the same moment: 1,000 / 100 = 10 s.
 *
 * Each scenario runs with the adaptive rate (what users get) and with a fixed 100/s limiter (the
 * previous behaviour: the child's limiter registry made with `adaptive: { enabled: false }`). Reported: wall time and its ratio to the
 * ideal (goals ≤ 1.2 and ≤ 1.25), how much of it n8n spent before the first request left, the share of
 * the node's requests answered 429 (goal ≤ 10 %), what the outside client lost to 429s, failed items and
 * duplicates (goal 0), and the busiest second of accepted requests the sandbox saw.
 *
 * Settings: BENCH_SCALE_OUT_SCENARIOS=alone|pair, BENCH_SCALE_OUT_LIMITERS=adaptive, BENCH_OUTSIDE_PER_SECOND,
 * BENCH_SCALE_OUT_ALONE_ITEMS, BENCH_SCALE_OUT_PAIR_ITEMS, BENCH_ADAPTIVE='{"decrease":0.8}' (other
 * settings of the adaptive rate), BENCH_SCALE_OUT_TRACE=1 (each process's rate every 250 ms).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

import type { INodeExecutionData } from 'n8n-workflow';

import type { BenchRow } from '../bench';
import { busiest, type RecordedRequest, type Sandbox } from '../../test/sandbox';

const ENTRIES = '/api/v2/block-lists-entries';
const OUTSIDE_PER_SECOND = Number(process.env.BENCH_OUTSIDE_PER_SECOND ?? 80);
const ALONE_ITEMS = Number(process.env.BENCH_SCALE_OUT_ALONE_ITEMS ?? 200);
const PAIR_ITEMS = Number(process.env.BENCH_SCALE_OUT_PAIR_ITEMS ?? 500);
const BUDGET = 100;
/** BENCH_SCALE_OUT_SCENARIOS=alone or =pair runs one of the two scenarios only. */
const SCENARIOS = (process.env.BENCH_SCALE_OUT_SCENARIOS ?? 'alone,pair').split(',');
/** BENCH_SCALE_OUT_LIMITERS=adaptive leaves out the fixed-rate comparison. */
const LIMITERS = (['adaptive', 'fixed 100/s'] as const).filter((l) => (process.env.BENCH_SCALE_OUT_LIMITERS ?? 'adaptive,fixed').includes(l.split(' ')[0]));
/** BENCH_SCALE_OUT_TRACE=1 prints each process's rate every 250 ms, to see how it adapts. */
const TRACE = process.env.BENCH_SCALE_OUT_TRACE === '1';

type Limiter = 'adaptive' | 'fixed 100/s';

type Job =
	| { role: 'node'; baseUrl: string; apiKey: string; values: string[]; limiter: Limiter }
	| { role: 'outside'; baseUrl: string; apiKey: string; perSecond: number };

interface Outcome {
	startedAt: number;
	wallMs: number;
	/** Output and error items: the input each is paired to, the value it holds, its error. */
	outputs: Array<{ item?: number; value?: unknown; error?: string }>;
	error?: string;
	/** The limiter's rate every 250 ms of the run (requests/s). */
	rates: number[];
}

interface Measured {
	wallMs: number;
	/** When the run started (the first process's start, for two). */
	startedAt: number;
	failed: number;
	requests: RecordedRequest[];
}

export async function scaleOutBench(): Promise<BenchRow[]> {
	const { startSandbox } = await import('../../test/sandbox');
	const { blockListEntries } = await import('../../test/sandbox/routes/blockListEntries');
	const sandbox = await startSandbox({ rateLimit: { perSecond: BUDGET, perMinute: 6000 } });
	const duplicates = () => {
		const values = [...blockListEntries(sandbox.state).values()].map((entry) => entry.bl_value);
		return values.length - new Set(values).size;
	};
	const rows: BenchRow[] = [];
	try {
		for (const limiter of LIMITERS) {
			if (SCENARIOS.includes('alone')) {
				sandbox.reset();
				const share = BUDGET - OUTSIDE_PER_SECOND;
				const alone = await withOutsideClient(sandbox, limiter, ALONE_ITEMS);
				rows.push(row(`1 process + outside client at ${OUTSIDE_PER_SECOND}/s, ${ALONE_ITEMS} creates`, limiter, alone, (ALONE_ITEMS / share) * 1000, duplicates()));
			}
			if (SCENARIOS.includes('pair')) {
				sandbox.reset();
				const pair = await twoProcesses(sandbox, limiter, PAIR_ITEMS);
				rows.push(row(`2 processes × ${PAIR_ITEMS} creates at once`, limiter, pair, ((2 * PAIR_ITEMS) / BUDGET) * 1000, duplicates()));
			}
		}
	} finally {
		await sandbox.close();
	}
	return rows;
}

function row(scenario: string, limiter: Limiter, m: Measured, idealMs: number, duplicates: number): BenchRow {
	const node = m.requests.filter((r) => r.method === 'POST');
	const outside = m.requests.filter((r) => r.method === 'GET');
	const limited = (requests: RecordedRequest[]) => requests.filter((r) => r.status === 429).length;
	const percent = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)} %` : '–');
	const accepted = m.requests.filter((r) => r.status !== 429).map((r) => r.at);
	const first = node.length ? Math.min(...node.map((r) => r.at)) : undefined;
	const sending = first === undefined ? undefined : m.startedAt + m.wallMs - first;
	const ideal = `${(idealMs / 1000).toFixed(0)} s`;
	return {
		scenario,
		limiter,
		'wall s': (m.wallMs / 1000).toFixed(2),
		[`÷ ideal ${ideal}`]: (m.wallMs / idealMs).toFixed(2),
		// n8n evaluating every item's parameters before RoutingNode sends the first request.
		'before 1st request s': first === undefined ? '–' : ((first - m.startedAt) / 1000).toFixed(2),
		[`1st request → done ÷ ${ideal}`]: sending === undefined ? '–' : (sending / idealMs).toFixed(2),
		'node requests': node.length,
		'node 429s': limited(node),
		'429 share': percent(limited(node), node.length),
		'outside 429 share': outside.length ? percent(limited(outside), outside.length) : '–',
		failed: m.failed,
		duplicates,
		'busiest 1 s accepted': busiest(accepted, 1000),
	};
}

/** Scenario 1: the outside client runs at its pace; the node starts once that pace is steady. */
async function withOutsideClient(sandbox: Sandbox, limiter: Limiter, items: number): Promise<Measured> {
	const values = Array.from({ length: items }, (_, i) => `alone-${i}.example.com`);
	const node = await Worker.start({ role: 'node', baseUrl: sandbox.url, apiKey: sandbox.apiKey, values, limiter });
	const outside = await Worker.start({ role: 'outside', baseUrl: sandbox.url, apiKey: sandbox.apiKey, perSecond: OUTSIDE_PER_SECOND });
	try {
		outside.go();
		// Two seconds at its pace: the sandbox's one-second window is full of the outside client's requests.
		await new Promise((resolve) => setTimeout(resolve, 2000));
		sandbox.resetLog();
		node.go();
		const outcome = await node.result;
		trace(`${limiter}, 1 process + outside client`, [outcome]);
		const requests = sandbox.requests.filter((r) => r.at <= outcome.startedAt + outcome.wallMs);
		return { wallMs: outcome.wallMs, startedAt: outcome.startedAt, failed: failedItems(outcome, values), requests };
	} finally {
		node.kill();
		outside.kill();
	}
}

/** Scenario 2: both processes warmed up, then started together. */
async function twoProcesses(sandbox: Sandbox, limiter: Limiter, items: number): Promise<Measured> {
	const valueSets = [0, 1].map((p) => Array.from({ length: items }, (_, i) => `pair${p}-${i}.example.com`));
	const workers = await Promise.all(
		valueSets.map((values) => Worker.start({ role: 'node', baseUrl: sandbox.url, apiKey: sandbox.apiKey, values, limiter })),
	);
	try {
		// The warm-up requests leave the sandbox's window first.
		await new Promise((resolve) => setTimeout(resolve, 1100));
		sandbox.resetLog();
		const goAt = Date.now();
		workers.forEach((w) => w.go());
		const outcomes = await Promise.all(workers.map((w) => w.result));
		trace(`${limiter}, 2 processes`, outcomes);
		if (TRACE) {
			for (const p of [0, 1]) {
				const mine = sandbox.requests.filter((r) => String((r.body as { bl_value?: string } | undefined)?.bl_value).startsWith(`pair${p}-`));
				const perSecond = (status: (s: number) => boolean) => {
					const counts: number[] = [];
					for (const r of mine.filter((q) => status(q.status))) counts[Math.floor((r.at - goAt) / 1000)] = (counts[Math.floor((r.at - goAt) / 1000)] ?? 0) + 1;
					return Array.from(counts, (c) => c ?? 0).join(' ');
				};
				console.log(`  process ${p + 1} accepted per second: ${perSecond((s) => s !== 429)}; 429s: ${perSecond((s) => s === 429)}; first at ${((mine[0]?.at ?? goAt) - goAt)} ms`);
			}
		}
		const end = Math.max(...outcomes.map((o) => o.startedAt + o.wallMs));
		return {
			wallMs: end - goAt,
			startedAt: goAt,
			failed: outcomes.reduce((n, o, p) => n + failedItems(o, valueSets[p]), 0),
			requests: sandbox.requests,
		};
	} finally {
		workers.forEach((w) => w.kill());
	}
}

function trace(title: string, outcomes: Outcome[]): void {
	if (!TRACE) return;
	console.log(`\n${title}: rate every 250 ms`);
	outcomes.forEach((o, i) => console.log(`  process ${i + 1}: ${o.rates.map((r) => Math.round(r)).join(' ')}`));
}

function failedItems(outcome: Outcome, values: string[]): number {
	if (outcome.error) return values.length;
	const succeeded = outcome.outputs.filter(({ item, value, error }) => !error && item !== undefined && value === values[item]).length;
	return values.length - succeeded;
}


/** A child process: loaded and warmed up by `start`, running on `go`, its outcome in `result`. */
class Worker {
	result!: Promise<Outcome>;

	private constructor(private readonly child: ChildProcess) {}

	static async start(job: Job): Promise<Worker> {
		const child = fork(__filename, [], {
			env: { ...process.env, N8N_LOG_LEVEL: 'silent' },
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		const worker = new Worker(child);
		const exited = once(child, 'exit').then(([code]) => {
			throw new Error(`a benchmark process ended (exit code ${String(code)}) before reporting`);
		});
		exited.catch(() => undefined);
		child.send(job);
		await Promise.race([once(child, 'message'), exited]);
		worker.result = Promise.race([once(child, 'message').then(([outcome]) => outcome as Outcome), exited]);
		worker.result.catch(() => undefined);
		return worker;
	}

	go(): void {
		this.child.send('go');
	}

	kill(): void {
		this.child.kill();
	}
}

/** The child's part for the node: n8n loaded and warmed up, then one run of Block List Entry → Create. */
async function runNodeJob(job: Extract<Job, { role: 'node' }>): Promise<Outcome> {
	const { createLimiterRegistry, rateLimiterFor, useLimiterRegistry } = await import('../../nodes/Instantly/shared/limiterRegistry');
	const { limiterKey } = await import('../../nodes/Instantly/shared/transport');
	// The child's limiters get these settings; BENCH_ADAPTIVE='{"decrease":0.8}' tries other settings of the adaptive rate.
	const adaptive = { ...(JSON.parse(process.env.BENCH_ADAPTIVE ?? '{}') as Record<string, unknown>), enabled: job.limiter === 'adaptive' };
	useLimiterRegistry(createLimiterRegistry({ adaptive }));
	const { runNode } = await import('../../test/engine');
	const credentials = { apiKey: job.apiKey, baseUrl: job.baseUrl };
	await runNode({
		parameters: { resource: 'blockListEntry', operation: 'get', blockListEntryId: 'warm-up' },
		credentials,
		onError: 'continueRegularOutput',
	});
	process.send?.('ready');
	await once(process, 'message');
	const startedAt = Date.now();
	const limiter = rateLimiterFor(limiterKey(job.baseUrl, job.apiKey));
	const rates: number[] = [];
	const sampler = setInterval(() => rates.push(limiter.rate.perSecond), 250);
	const result = await runNode({
		parameters: { resource: 'blockListEntry', operation: 'create', blValue: '={{ $json.value }}' },
		items: job.values.map((value) => ({ value })),
		credentials,
		onError: 'continueErrorOutput',
	});
	const wallMs = Date.now() - startedAt;
	clearInterval(sampler);
	const describe = (item: INodeExecutionData) => ({
		item: (item.pairedItem as { item?: number } | undefined)?.item,
		value: item.json.bl_value,
		error: item.error?.message,
	});
	return { startedAt, wallMs, outputs: [...result.items, ...result.errorItems].map(describe), error: result.error?.message, rates };
}

/**
 * The child's part for the outside client: another tool reading with the same key at a steady pace,
 * whatever the answers (a 429 is its loss, not retried), until killed.
 */
async function runOutsideJob(job: Extract<Job, { role: 'outside' }>): Promise<never> {
	process.send?.('ready');
	await once(process, 'message');
	const gap = 1000 / job.perSecond;
	const t0 = Date.now();
	for (let i = 0; ; i++) {
		const wait = t0 + i * gap - Date.now();
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
		void fetch(`${job.baseUrl}${ENTRIES}?limit=1`, { headers: { authorization: `Bearer ${job.apiKey}` } }).then(
			(res) => res.arrayBuffer(),
			() => undefined,
		);
	}
}

if (require.main === module) {
	process.once('message', (job: Job) => {
		const run = job.role === 'node' ? runNodeJob(job) : runOutsideJob(job);
		run.then(
			(outcome) => process.send?.(outcome, () => process.exit(0)),
			(error: Error) => {
				console.error(error.stack ?? error.message);
				process.exit(1);
			},
		);
	});
}
