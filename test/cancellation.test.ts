/**
 * Issue 20: an execution stopped while the node waits — between batches ("Batching": Items per Batch,
 * Batch Interval) or between polls of a background job (Move's "Wait for Completion") — ends at once:
 * the wait is cut short and nothing more is sent. Through n8n's real engine against the sandbox, stopped
 * as n8n's "Stop" does (the execution's cancel signal), on a virtual clock: the waits never pass in real
 * time, and whether one ran to its end is read off the clock, not measured.
 */
import { createLimiterRegistry, rateLimiterFor, useLimiterRegistry, type LimiterRegistry } from '../nodes/Instantly/shared/limiterRegistry';
import { limiterKey } from '../nodes/Instantly/shared/transport';
import { runNode, type Credentials, type RunResult } from './engine';
import type { Sandbox } from './sandbox';
import { backgroundJobs, planBackgroundJobs } from './sandbox/routes/backgroundJobs';
import { addCampaign } from './sandbox/routes/campaigns';
import { addLead, leads } from './sandbox/routes/leads';
import { useSandbox } from './support/useSandbox';
import { VirtualClock } from './virtualTime';

const ENTRIES = '/api/v2/block-lists-entries';

let sandbox: Sandbox;
let credentials: Credentials;
let clock: VirtualClock;
let previous: LimiterRegistry;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});
beforeEach(() => {
	clock = new VirtualClock();
	previous = useLimiterRegistry(createLimiterRegistry({ clock }));
});
afterEach(() => useLimiterRegistry(previous));

const inFlight = () => rateLimiterFor(limiterKey(sandbox.url, sandbox.apiKey)).inFlight;

/** Lets the sandbox answer (real I/O) until `ready`; virtual time stands still meanwhile. */
async function until(ready: () => boolean): Promise<void> {
	while (!ready()) await new Promise((resolve) => setTimeout(resolve, 1));
}

/**
 * Runs the stopped execution to its end on the virtual clock. For its first 10,000 turns of the event loop
 * the clock moves a hundredth of a millisecond per turn (0.1 ms in all): ending at once takes a few turns.
 * Then it jumps from timer to timer: a wait that ignored the stop ends only when the clock reaches its
 * end, so the clock then shows it (and no test hangs).
 */
async function finish(run: Promise<RunResult>): Promise<RunResult> {
	const ticking = clock;
	void (async () => {
		for (let turn = 0; turn < 10_000; turn++) await ticking.sleep(0.01);
	})();
	return await clock.run(run);
}

describe('an execution stopped while the node waits ends at once, sending nothing more', () => {
	it('during a Batch Interval: the next batch is not sent, the interval not waited out', async () => {
		const stop = new AbortController();
		const run = runNode({
			parameters: {
				resource: 'blockListEntry',
				operation: 'create',
				blValue: '={{ $json.value }}',
				requestOptions: { batching: { batch: { batchSize: 1, batchInterval: 60_000 } } },
			},
			items: [{ value: 'a.example.com' }, { value: 'b.example.com' }, { value: 'c.example.com' }],
			credentials,
			signal: stop.signal,
		});
		// The first batch is answered, and the node waits the Batch Interval before the second.
		await until(() => clock.sleeps.includes(60_000) && sandbox.requestsTo('POST', ENTRIES).length === 1 && inFlight() === 0);
		stop.abort();
		await finish(run);

		expect(sandbox.requestsTo('POST', ENTRIES).map((r) => (r.body as { bl_value: string }).bl_value)).toEqual(['a.example.com']);
		expect(sandbox.requests).toHaveLength(1);
		// Ended when stopped, not a minute later.
		expect(clock.now()).toBeLessThan(1000);
	});

	it('during job polling (Move → Wait for Completion): the job is not polled, the wait not run to its end', async () => {
		const from = addCampaign(sandbox.state, 'Spring launch');
		const to = addCampaign(sandbox.state, 'Autumn launch');
		addLead(sandbox.state, { email: 'lead@acme.com' }, { campaign: from.id });
		planBackgroundJobs(sandbox.state, { outcome: 'never' });
		const stop = new AbortController();
		const run = runNode({
			parameters: {
				resource: 'lead',
				operation: 'move',
				moveTo: 'campaign',
				toCampaignId: to.id,
				filters: { campaignId: from.id },
				options: { waitForCompletion: true },
			},
			credentials,
			signal: stop.signal,
		});
		// The move is accepted, and the node waits before its first look at the job.
		await until(() => clock.sleeps.length > 0 && inFlight() === 0);
		expect(clock.sleeps).toEqual([500]);
		stop.abort();
		await finish(run);

		const [job] = [...backgroundJobs(sandbox.state).values()];
		expect(job).toBeDefined();
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v2/leads/move']);
		// Ended when stopped: the 0.5 s before the first poll did not pass.
		expect(clock.now()).toBeLessThan(500);
		expect(leads(sandbox.state).size).toBe(1);
	});
});
