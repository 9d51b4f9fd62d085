/**
 * Add Many benchmark (issue 4): Lead → Add Many with 10,000 input items (BENCH_ADD_MANY_ITEMS to
 * change it) into a campaign of the sandbox, through n8n-core's real engine.
 *
 * Reports the bulk requests made against the minimum ⌈N / 1000⌉, the wall time of the node run (and
 * how much of it passed before the first request: n8n evaluating each item's mapped expressions),
 * leads created and output items, and the memory of the node's process. The node runs in a child
 * process of its own, so its memory is the node's (n8n-core, the node, the items) and not the
 * sandbox's, which stays here and counts the requests.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { BenchRow } from '../bench';

const ITEMS = Number(process.env.BENCH_ADD_MANY_ITEMS ?? 10_000);
const MAX_BATCH = 1000;
const MB = 1024 * 1024;

interface Task {
	baseUrl: string;
	apiKey: string;
	campaignId: string;
	warmUpCampaignId: string;
	items: number;
	output: 'lead' | 'batch';
}

interface Outcome {
	startedAt: number;
	wallMs: number;
	outputItems: number;
	withId: number;
	errorItems: number;
	error?: string;
	rssBeforeMb: number;
	peakRssMb: number;
	maxRssMb: number;
	heapBeforeMb: number;
	peakHeapMb: number;
}

export async function addManyBench(): Promise<BenchRow[]> {
	const { INSTANTLY_RATE_LIMIT, startSandbox } = await import('../../test/sandbox');
	const { addCampaign } = await import('../../test/sandbox/routes/campaigns');
	const { leads } = await import('../../test/sandbox/routes/leads');

	// Limited like Instantly: Add Many must not need more than its few requests, whatever the limit.
	const sandbox = await startSandbox({ rateLimit: INSTANTLY_RATE_LIMIT });
	const rows: BenchRow[] = [];
	try {
		for (const output of ['lead', 'batch'] as const) {
			sandbox.reset();
			const campaign = addCampaign(sandbox.state, 'Bench');
			const warmUp = addCampaign(sandbox.state, 'Warm-up');
			const outcome = await runInChild({
				baseUrl: sandbox.url,
				apiKey: sandbox.apiKey,
				campaignId: campaign.id,
				warmUpCampaignId: warmUp.id,
				items: ITEMS,
				output,
			});
			const bulk = sandbox
				.requestsTo('POST', '/api/v2/leads/add')
				.filter((request) => (request.body as IDataObject).campaign_id === campaign.id);
			const created = [...leads(sandbox.state).values()].filter((lead) => lead.campaign === campaign.id).length;
			const minimum = Math.ceil(ITEMS / MAX_BATCH);
			rows.push({
				scenario: `Add Many ×${ITEMS.toLocaleString('en-US')} → campaign, ${output === 'lead' ? 'one item per lead' : 'one summary per batch'}`,
				requests: bulk.length,
				'minimum ⌈N/1000⌉': minimum,
				'429s': sandbox.rateLimited,
				'leads created': created,
				'output items': outcome.outputItems,
				'items with lead id': output === 'lead' ? outcome.withId : '–',
				'failed items': outcome.error ? `all (${outcome.error})` : outcome.errorItems + (ITEMS - created),
				'wall s': (outcome.wallMs / 1000).toFixed(2),
				// Reading the mapped parameters of every item (n8n's expression engine) before the first request.
				'before 1st request s': bulk.length ? ((bulk[0].at - outcome.startedAt) / 1000).toFixed(2) : '–',
				'leads/s': Math.round(created / (outcome.wallMs / 1000)),
				'RSS before MB': outcome.rssBeforeMb,
				'peak RSS MB': outcome.peakRssMb,
				'process max RSS MB': outcome.maxRssMb,
				'peak heap MB': outcome.peakHeapMb,
			});
		}
	} finally {
		await sandbox.close();
	}
	return rows;
}

async function runInChild(task: Task): Promise<Outcome> {
	const child: ChildProcess = fork(__filename, [], {
		env: { ...process.env, N8N_LOG_LEVEL: 'silent' },
		execArgv: [...process.execArgv, '--expose-gc'],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	try {
		const exited = once(child, 'exit').then(([code]) => {
			throw new Error(`the benchmark process ended (exit code ${String(code)}) before reporting`);
		});
		child.send(task);
		const [outcome] = (await Promise.race([once(child, 'message'), exited])) as [Outcome];
		return outcome;
	} finally {
		child.kill();
	}
}

/** The child: loads n8n, warms it up, then runs Add Many once while sampling its own memory. */
async function measure(task: Task): Promise<Outcome> {
	const { runNode } = await import('../../test/engine');
	const credentials = { apiKey: task.apiKey, baseUrl: task.baseUrl };
	const parameters = (campaignId: string) => ({
		resource: 'lead',
		operation: 'addMany',
		addTo: 'campaign',
		campaignId,
		email: '={{ $json.Email }}',
		leadFields: {
			firstName: '={{ $json["First Name"] }}',
			lastName: '={{ $json["Last Name"] }}',
			companyName: '={{ $json.Company }}',
			customVariables: { variable: [{ key: 'source', value: '={{ $json.Source }}' }] },
		},
		options: { output: task.output },
	});
	// The first run in a process loads n8n's expression engine; a running n8n has done that long before.
	await runNode({ parameters: parameters(task.warmUpCampaignId), items: sheet(1, 'warm-up'), credentials });

	const items = sheet(task.items, 'bench');
	global.gc?.();
	const rssBefore = process.memoryUsage().rss;
	const heapBefore = process.memoryUsage().heapUsed;
	let peakRss = rssBefore;
	let peakHeap = heapBefore;
	const sampler = setInterval(() => {
		const usage = process.memoryUsage();
		peakRss = Math.max(peakRss, usage.rss);
		peakHeap = Math.max(peakHeap, usage.heapUsed);
	}, 10);
	const started = Date.now();
	const result = await runNode({ parameters: parameters(task.campaignId), items, credentials });
	const wallMs = Date.now() - started;
	clearInterval(sampler);
	const usage = process.memoryUsage();
	peakRss = Math.max(peakRss, usage.rss);
	peakHeap = Math.max(peakHeap, usage.heapUsed);
	return {
		startedAt: started,
		wallMs,
		outputItems: result.items.length,
		withId: result.items.filter((item: INodeExecutionData) => typeof item.json.id === 'string').length,
		errorItems: result.items.filter((item: INodeExecutionData) => item.error).length,
		error: result.error?.message,
		rssBeforeMb: Math.round(rssBefore / MB),
		peakRssMb: Math.round(peakRss / MB),
		// resourceUsage reports kilobytes: the highest RSS of this process over its whole life.
		maxRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / MB),
		heapBeforeMb: Math.round(heapBefore / MB),
		peakHeapMb: Math.round(peakHeap / MB),
	};
}

/** Rows as a Google Sheets node hands them over. */
function sheet(count: number, prefix: string): IDataObject[] {
	return Array.from({ length: count }, (_, i) => ({
		Email: `${prefix}-${i}@company${i % 500}.example.com`,
		'First Name': `First${i}`,
		'Last Name': `Last${i}`,
		Company: `Company ${i % 500}`,
		Source: 'sheet',
	}));
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
