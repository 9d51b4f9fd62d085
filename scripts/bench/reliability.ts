/**
 * Reliability benchmark (issue 6): the node against the sandbox limited like Instantly (100 requests
 * per second, 6,000 per minute, 429 without Retry-After), through n8n-core's real engine:
 *
 *   1,000 × Block List Entry → Create   (RoutingNode starts all 1,000 requests at once)
 *   1,000 × Lead → Get
 *
 * For each: failed items (goal 0), records created twice (goal 0), wall time of the node run and its
 * ratio to the ideal 1,000 / 100 per s = 10 s (goal ≤ 1.2), the part of it n8n spent before the first
 * request left, the most requests in progress at once and the busiest second as the sandbox saw
 * them, and 429s. The node runs in a child process, as n8n would, so that the sandbox (Instantly)
 * does not share its event loop; the sandbox stays here and counts.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { BenchRow } from '../bench';
import type { Sandbox } from '../../test/sandbox';

const ITEMS = Number(process.env.BENCH_RELIABILITY_ITEMS ?? 1000);
const PER_SECOND = 100;

interface Task {
	baseUrl: string;
	apiKey: string;
	parameters: INodeParameters;
	items: IDataObject[];
	/** The output field that shows which record an item holds. */
	field: string;
	warmUp: INodeParameters;
}

interface Outcome {
	startedAt: number;
	wallMs: number;
	/** Every output and error item: the input it is paired to, its record's `field`, its error. */
	outputs: Array<{ item?: number; value?: unknown; error?: string }>;
	errorItems: number;
	error?: string;
}

interface Scenario {
	name: string;
	task: Omit<Task, 'baseUrl' | 'apiKey'>;
	/** The value of `field` that input `index` must come back with. */
	expected: (index: number) => unknown;
	/** Records of the kind the scenario creates, by the value that makes two of them the same. */
	records: (sandbox: Sandbox) => string[];
}

export async function reliabilityBench(): Promise<BenchRow[]> {
	const { startSandbox } = await import('../../test/sandbox');
	const { blockListEntries } = await import('../../test/sandbox/routes/blockListEntries');
	const { addLead, leads } = await import('../../test/sandbox/routes/leads');

	const sandbox = await startSandbox({ rateLimit: { perSecond: PER_SECOND, perMinute: 6000 } });
	const rows: BenchRow[] = [];
	try {
		const scenarios: Array<() => Scenario> = [
			() => ({
				name: `Block List Entry → Create ×${ITEMS}`,
				task: {
					parameters: { resource: 'blockListEntry', operation: 'create', blValue: '={{ $json.value }}' },
					items: Array.from({ length: ITEMS }, (_, i) => ({ value: `bench-${i}.example.com` })),
					field: 'bl_value',
					warmUp: { resource: 'blockListEntry', operation: 'create', blValue: 'warm-up.example.com' },
				},
				expected: (i) => `bench-${i}.example.com`,
				records: (s) => [...blockListEntries(s.state).values()].map((entry) => entry.bl_value),
			}),
			() => {
				const ids = Array.from({ length: ITEMS }, (_, i) => addLead(sandbox.state, { email: `lead-${i}@example.com` }).id);
				const warmUp = addLead(sandbox.state, { email: 'warm-up@example.com' }).id;
				return {
					name: `Lead → Get ×${ITEMS}`,
					task: {
						parameters: { resource: 'lead', operation: 'get', leadId: '={{ $json.id }}' },
						items: ids.map((id) => ({ id })),
						field: 'id',
						warmUp: { resource: 'lead', operation: 'get', leadId: warmUp },
					},
					expected: (i) => ids[i],
					records: (s) => [...leads(s.state).values()].map((lead) => String(lead.email)),
				};
			},
		];

		for (const make of scenarios) {
			sandbox.reset();
			const scenario = make();
			let before = 0;
			const outcome = await runInChild({ ...scenario.task, baseUrl: sandbox.url, apiKey: sandbox.apiKey }, () => {
				// Counts start with the measured run, not the warm-up.
				sandbox.resetLog();
				before = scenario.records(sandbox).length;
			});

			const succeeded = outcome.outputs.filter(
				({ item, value, error }) => !error && item !== undefined && value === scenario.expected(item),
			).length;
			const records = scenario.records(sandbox);
			const ideal = (scenario.task.items.length / PER_SECOND) * 1000;
			const first = sandbox.requests[0]?.at;
			const end = outcome.startedAt + outcome.wallMs;
			rows.push({
				scenario: scenario.name,
				'failed items': outcome.error
					? `all (${outcome.error})`
					: scenario.task.items.length - succeeded,
				duplicates: records.length - new Set(records).size,
				'records created': records.length - before,
				'wall s': (outcome.wallMs / 1000).toFixed(2),
				'÷ ideal 10 s': (outcome.wallMs / ideal).toFixed(2),
				// n8n evaluating every item's parameters before RoutingNode starts any request.
				'before 1st request s': first ? ((first - outcome.startedAt) / 1000).toFixed(2) : '–',
				'1st request → done s': first ? ((end - first) / 1000).toFixed(2) : '–',
				'peak concurrent': sandbox.peakInFlight,
				'busiest 1 s': sandbox.busiestWindow(1000),
				'429s': sandbox.rateLimited,
				requests: sandbox.requests.length,
			});
		}
	} finally {
		await sandbox.close();
	}
	return rows;
}

/** Runs the task in a child process; `ready` is called when the child has warmed up, just before it starts. */
async function runInChild(task: Task, ready: () => void): Promise<Outcome> {
	const child = fork(__filename, [], {
		env: { ...process.env, N8N_LOG_LEVEL: 'silent' },
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	try {
		const exited = once(child, 'exit').then(([code]) => {
			throw new Error(`the benchmark process ended (exit code ${String(code)}) before reporting`);
		});
		child.send(task);
		await Promise.race([once(child, 'message'), exited]);
		ready();
		child.send('go');
		const [outcome] = (await Promise.race([once(child, 'message'), exited])) as [Outcome];
		return outcome;
	} finally {
		child.kill();
	}
}

/** The child: loads n8n, warms it up (a running n8n has loaded its expression engine long before), then runs the node once. */
async function measure(task: Task): Promise<Outcome> {
	const { runNode } = await import('../../test/engine');
	const credentials = { apiKey: task.apiKey, baseUrl: task.baseUrl };
	await runNode({ parameters: task.warmUp, credentials });
	// Let the sandbox's one-second window forget the warm-up.
	await new Promise((resolve) => setTimeout(resolve, 1100));
	process.send?.('warm');
	await once(process, 'message');

	const startedAt = Date.now();
	const result = await runNode({
		parameters: task.parameters,
		items: task.items,
		credentials,
		onError: 'continueErrorOutput',
	});
	const wallMs = Date.now() - startedAt;
	const describe = (item: INodeExecutionData) => ({
		item: (item.pairedItem as { item?: number } | undefined)?.item,
		value: item.json[task.field],
		error: item.error?.message,
	});
	return {
		startedAt,
		wallMs,
		outputs: [...result.items, ...result.errorItems].map(describe),
		errorItems: result.errorItems.length,
		error: result.error?.message,
	};
}

if (require.main === module) {
	process.once('message', (task: Task) => {
		measure(task).then(
			(outcome) => process.send?.(outcome, () => process.exit(0)),
			(error: Error) => {
				console.error(error.stack ?? error.message);
				process.exit(1);
			},
		);
	});
}
