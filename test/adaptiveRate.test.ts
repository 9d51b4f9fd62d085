/**
 * Issue 10: the key's rate adapts to the part of Instantly's budget this process is granted — cut on a
 * 429 (once for requests in flight together), probed back up while none comes, never above the
 * credential's "Requests per Second" or Instantly's 100/s. Unit tests drive `AdaptiveRate` with a clock
 * of their own; the engine tests run the node against the sandbox shared with another client.
 */
import { InstantlyV2Api } from '../credentials/InstantlyV2Api.credentials';
import {
	ADAPTIVE,
	AdaptiveRate,
	clampRate,
	RateLimiter,
	rateLimiterFor,
	resetRateLimiters,
	type RateTicket,
} from '../nodes/Instantly/shared/rateLimiter';
import { limiterKey, RETRY } from '../nodes/Instantly/shared/transport';
import { runNode, type Credentials, type RunResult } from './engine';
import { startSandbox, type Sandbox } from './sandbox';
import { blockListEntries } from './sandbox/routes/blockListEntries';

const defaults = { ...ADAPTIVE };
const retryDefaults = { ...RETRY };
afterEach(() => {
	Object.assign(ADAPTIVE, defaults);
	Object.assign(RETRY, retryDefaults);
});

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
	let t = start;
	return { now: () => t, advance: (ms: number) => void (t += ms), at: (ms: number) => void (t = start + ms) };
}

const ticket = (generation: number, startedAt: number): RateTicket => ({ generation, startedAt });

describe('AdaptiveRate', () => {
	it('starts at the credential’s rate, kept within 1–100', () => {
		expect(new AdaptiveRate(100).perSecond).toBe(100);
		expect(new AdaptiveRate(25).perSecond).toBe(25);
		expect(new AdaptiveRate(250).perSecond).toBe(100);
		expect(new AdaptiveRate(0).perSecond).toBe(1);
		expect(new AdaptiveRate(Number.NaN).perSecond).toBe(100);
	});

	it('reads the credential’s setting, absent in credentials saved before it existed', () => {
		expect(clampRate(undefined)).toBe(100);
		expect(clampRate(null)).toBe(100);
		expect(clampRate(50)).toBe(50);
		expect(clampRate('20')).toBe(20);
		expect(clampRate(500)).toBe(100);
		expect(clampRate(-3)).toBe(1);
		expect(clampRate('')).toBe(100);
		expect(clampRate('fast')).toBe(100);
	});

	it('a 429 cuts the rate to 90 % of what Instantly granted over the last second', () => {
		const c = clock();
		const rate = new AdaptiveRate(100, c.now);
		// 30 answers in the last second, 10 older ones that no longer count.
		for (let i = 0; i < 10; i++) rate.answered(ticket(0, c.now() - 1500));
		for (let i = 0; i < 30; i++) rate.answered(ticket(0, c.now() - i * 20));
		expect(rate.limited(ticket(0, c.now()))).toBe(true);
		expect(rate.perSecond).toBeCloseTo(27, 5);
		expect(rate.generation).toBe(1);
	});

	it('never cuts above the current rate, and a single 429 at most to a quarter (× 0.9)', () => {
		const c = clock();
		const rate = new AdaptiveRate(40, c.now);
		for (let i = 0; i < 60; i++) rate.answered(ticket(0, c.now() - i)); // more than the rate: an older, faster burst
		rate.limited(ticket(0, c.now()));
		expect(rate.perSecond).toBeCloseTo(36, 5);

		const lone = new AdaptiveRate(100, c.now); // nothing answered lately: a 429 on the first request
		lone.limited(ticket(0, c.now()));
		expect(lone.perSecond).toBeCloseTo(22.5, 5);
	});

	it('429s of requests that were in flight together cut once, not once each', () => {
		const c = clock();
		const rate = new AdaptiveRate(100, c.now);
		const inFlight = Array.from({ length: 50 }, () => ticket(rate.generation, c.now()));
		c.advance(200);
		const cuts = inFlight.filter((t) => rate.limited(t)).length;
		expect(cuts).toBe(1);
		expect(rate.perSecond).toBeCloseTo(22.5, 5);
		// Even once the hold is over, a request sent before the cut cannot cut again.
		c.advance(ADAPTIVE.holdMs);
		expect(rate.limited(inFlight[0])).toBe(false);
	});

	it('a request sent after a cut cuts again only once Instantly’s one-second window has moved on', () => {
		const c = clock();
		const rate = new AdaptiveRate(100, c.now);
		for (let i = 0; i < 50; i++) rate.answered(ticket(0, c.now() - i * 10));
		rate.limited(ticket(0, c.now()));
		expect(rate.perSecond).toBeCloseTo(45, 5);
		c.advance(300);
		expect(rate.limited(ticket(1, c.now()))).toBe(false); // within the hold: still old-rate traffic at Instantly
		c.advance(ADAPTIVE.holdMs);
		for (let i = 0; i < 40; i++) rate.answered(ticket(1, c.now() - i * 20));
		const before = rate.perSecond;
		expect(rate.limited(ticket(1, c.now()))).toBe(true);
		expect(rate.perSecond).toBeCloseTo(Math.min(before, 40) * 0.9, 5);
	});

	it('climbs back by 2/s every second while no 429 comes, faster after 2 s, up to the ceiling', () => {
		const c = clock();
		const rate = new AdaptiveRate(100, c.now);
		for (let i = 0; i < 40; i++) rate.answered(ticket(0, c.now() - i * 20));
		rate.limited(ticket(0, c.now()));
		expect(rate.perSecond).toBeCloseTo(36, 5);
		c.advance(1000);
		expect(rate.perSecond).toBeCloseTo(38, 5);
		c.advance(1000);
		expect(rate.perSecond).toBeCloseTo(40, 5);
		// Then the step doubles every 0.5 s: +2·(2^(t/0.5) − 1) on top.
		c.advance(1000);
		expect(rate.perSecond).toBeCloseTo(36 + 6 + 2 * 3, 5);
		c.advance(1000);
		expect(rate.perSecond).toBeCloseTo(36 + 8 + 2 * 15, 5);
		c.advance(2000);
		expect(rate.perSecond).toBe(100);
	});

	it('never goes below 1 request per second', () => {
		const c = clock();
		const rate = new AdaptiveRate(2, c.now);
		expect(rate.limited(ticket(0, c.now()))).toBe(true); // 2 × 0.25 × 0.9 = 0.45
		expect(rate.perSecond).toBe(1);
	});

	it('a lower credential rate applies at once; a higher one is reached by climbing', () => {
		const c = clock();
		const rate = new AdaptiveRate(100, c.now);
		rate.setCeiling(30);
		expect(rate.perSecond).toBe(30);
		rate.setCeiling(60);
		expect(rate.perSecond).toBe(30);
		c.advance(1000);
		expect(rate.perSecond).toBeCloseTo(32, 5);
		c.advance(10_000);
		expect(rate.perSecond).toBe(60);
	});

	it('with a fixed rate (the benchmark’s comparison) a 429 changes nothing', () => {
		ADAPTIVE.enabled = false;
		const rate = new AdaptiveRate(100);
		expect(rate.limited(ticket(0, Date.now()))).toBe(false);
		expect(rate.perSecond).toBe(100);
		expect(rate.generation).toBe(0);
	});
});

/** Most of `times` within any `ms`. */
function busiest(times: number[], ms: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let most = 0;
	for (let start = 0, end = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[start] >= ms) start++;
		most = Math.max(most, end - start + 1);
	}
	return most;
}

async function starts(limiter: RateLimiter, count: number): Promise<number[]> {
	const times: number[] = [];
	await Promise.all(Array.from({ length: count }, async () => times.push((await limiter.acquire()).startedAt)));
	return times.sort((a, b) => a - b);
}

describe('RateLimiter with an adaptive rate', () => {
	it('hands each request a ticket of the current generation', async () => {
		const limiter = new RateLimiter();
		const first = await limiter.acquire();
		expect(first.generation).toBe(0);
		expect(Math.abs(first.startedAt - Date.now())).toBeLessThan(50);
		limiter.limited(first, 0, false);
		expect((await limiter.acquire()).generation).toBe(1);
	});

	it('after a cut, starts follow the new rate at once, evenly spaced', async () => {
		const limiter = new RateLimiter();
		// A 429 with nothing granted lately: 100/s → 22.5/s.
		limiter.limited(await limiter.acquire(), 0, false);
		const rate = limiter.rate.perSecond;
		expect(rate).toBeGreaterThanOrEqual(22.5);
		expect(rate).toBeLessThan(23);
		const times = await starts(limiter, 30);
		// Evenly, about 1000 / 22.5 ≈ 44 ms apart (a little less as the rate climbs back), not in a burst.
		for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(40);
		expect(busiest(times, 1000)).toBeLessThanOrEqual(24);
	});

	it('never lets more requests start within a second than the rate allows', async () => {
		const limiter = new RateLimiter([{ limit: 100, ms: 1000 }], 10, 0.25, new AdaptiveRate(8));
		const t0 = Date.now();
		const times = await starts(limiter, 20);
		expect(busiest(times, 1000)).toBeLessThanOrEqual(8);
		// At the ceiling it may start its 8 close together (a quarter of the 125 ms gap apart), then waits a second.
		expect(times[8] - t0).toBeGreaterThanOrEqual(1000);
	});

	it('without Retry-After only the refused request backs off; the others wait one turn at the new rate', async () => {
		const limiter = new RateLimiter();
		const refused = await limiter.acquire();
		const own = limiter.limited(refused, 800, false);
		expect(own).toBe(800);
		const t0 = Date.now();
		await limiter.acquire();
		expect(Date.now() - t0).toBeLessThan(200);
	});

	it('a Retry-After holds every request of the key, as Instantly asked', async () => {
		const limiter = new RateLimiter();
		const refused = await limiter.acquire();
		expect(limiter.limited(refused, 300, true)).toBe(0);
		const t0 = Date.now();
		await limiter.acquire();
		expect(Date.now() - t0).toBeGreaterThanOrEqual(295);
		expect(limiter.rate.generation).toBe(1);
	});

	it('with a fixed rate, a 429 holds every request for the backoff, as before the rate adapted', async () => {
		ADAPTIVE.enabled = false;
		const limiter = new RateLimiter();
		expect(limiter.limited(await limiter.acquire(), 300, false)).toBe(0);
		const t0 = Date.now();
		await limiter.acquire();
		expect(Date.now() - t0).toBeGreaterThanOrEqual(295);
		expect(limiter.rate.perSecond).toBe(100);
	});

	it('one limiter per base URL and key, whose ceiling follows the credential', () => {
		resetRateLimiters();
		const a = rateLimiterFor('https://api.instantly.ai#aaaa', 50);
		expect(rateLimiterFor('https://api.instantly.ai#aaaa')).toBe(a);
		expect(a.rate.ceiling).toBe(50); // looking it up changes nothing
		expect(rateLimiterFor('https://api.instantly.ai#bbbb', 50)).not.toBe(a);
		expect(rateLimiterFor('http://127.0.0.1:1#aaaa', 50)).not.toBe(a);
		rateLimiterFor('https://api.instantly.ai#aaaa', 10);
		expect(a.rate.ceiling).toBe(10);
		expect(a.rate.perSecond).toBe(10);
	});
});

describe('the credential', () => {
	it('has an optional Requests per Second, 1–100, default 100, with a hint for shared keys', () => {
		const field = new InstantlyV2Api().properties.find((p) => p.name === 'requestsPerSecond');
		expect(field).toMatchObject({
			displayName: 'Requests per Second',
			type: 'number',
			default: 100,
			typeOptions: { minValue: 1, maxValue: 100 },
			hint: 'Set to 100 ÷ number of n8n workers or tools sharing this key',
		});
		expect(field?.required).toBeFalsy();
	});
});

describe('through the engine, against the sandbox shared with another client', () => {
	let sandbox: Sandbox;
	let credentials: Credentials;

	beforeAll(async () => {
		sandbox = await startSandbox();
		credentials = { apiKey: sandbox.apiKey, baseUrl: sandbox.url };
	});
	afterAll(() => sandbox.close());
	beforeEach(() => {
		resetRateLimiters();
		sandbox.reset();
		sandbox.rateLimit = false;
		sandbox.latencyMs = 0;
	});

	const limiter = () => rateLimiterFor(limiterKey(sandbox.url, sandbox.apiKey));
	const values = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}-${i}.example.com`);

	async function create(list: string[], extra: Partial<Credentials> = {}): Promise<RunResult> {
		return await runNode({
			parameters: { resource: 'blockListEntry', operation: 'create', blValue: '={{ $json.value }}' },
			items: list.map((value) => ({ value })),
			credentials: { ...credentials, ...extra },
			onError: 'continueErrorOutput',
		});
	}

	/** Every input created exactly once, each output paired to its input. */
	function expectAllCreatedOnce(result: RunResult, list: string[]) {
		expect(result.error).toBeUndefined();
		expect(result.errorItems).toEqual([]);
		expect(result.items.map((item) => [(item.pairedItem as { item: number }).item, item.json.bl_value])).toEqual(
			list.map((value, i) => [i, value]),
		);
		const created = [...blockListEntries(sandbox.state).values()].map((entry) => entry.bl_value).sort();
		expect(created).toEqual([...list].sort());
	}

	/** Another tool using the same key at a steady pace until stopped; its 429s are its own loss. */
	function outsideClient(perSecond: number) {
		let running = true;
		const t0 = Date.now();
		const done = (async () => {
			for (let i = 0; running; i++) {
				const wait = t0 + (i * 1000) / perSecond - Date.now();
				if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
				void fetch(`${sandbox.url}/api/v2/block-lists-entries?limit=1`, {
					headers: { authorization: `Bearer ${sandbox.apiKey}` },
				}).then((res) => res.arrayBuffer(), () => undefined);
			}
		})();
		return async () => {
			running = false;
			await done;
		};
	}

	it('a credential set to 10 requests per second is never exceeded', async () => {
		const list = values(25, 'slow');
		const result = await create(list, { requestsPerSecond: 10 });

		expectAllCreatedOnce(result, list);
		// Counted on arrival: 100 ms of slack for requests delayed on a busy machine (unpaced, 25 arrive at once).
		expect(sandbox.busiestWindow(900)).toBeLessThanOrEqual(10);
		const times = sandbox.requestsTo('POST', '/api/v2/block-lists-entries').map((r) => r.at);
		expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(2000);
	});

	it('429s answered together to requests in flight together cut the rate once', async () => {
		sandbox.latencyMs = 150; // all 30 are in flight when the 429s come back
		sandbox.inject({ fault: { kind: 'status', status: 429 }, method: 'POST', times: 30 });
		const list = values(30, 'together');
		const result = await create(list);

		expectAllCreatedOnce(result, list);
		expect(sandbox.rateLimited).toBe(0); // the sandbox's own limit is off: the 30 429s were the fault's
		expect(sandbox.requestsTo('POST', '/api/v2/block-lists-entries')).toHaveLength(60);
		// One cut (100 → 22.5/s, nothing granted before), not thirty (→ 1/s); it has been climbing since.
		expect(limiter().rate.generation).toBe(1);
		expect(limiter().rate.perSecond).toBeGreaterThan(22);
	});

	it('another tool taking 70 of the 100 requests per second: every item is created once, at a rate cut to the rest', async () => {
		sandbox.rateLimit = { perSecond: 100, perMinute: 6000 };
		const stop = outsideClient(70);
		try {
			await new Promise((resolve) => setTimeout(resolve, 1100)); // its pace fills Instantly's window first
			const list = values(90, 'shared');
			const result = await create(list);

			expectAllCreatedOnce(result, list);
			// It learnt that it has well under the full budget.
			expect(limiter().rate.generation).toBeGreaterThanOrEqual(1);
			expect(limiter().rate.perSecond).toBeLessThan(100);
		} finally {
			await stop();
		}
	});

	it('against a budget five times smaller than it starts at, far fewer 429s than a fixed rate', async () => {
		sandbox.rateLimit = { perSecond: 20, perMinute: 6000 };
		// Backoff scaled to the sandbox's one-second window, as in the reliability tests.
		Object.assign(RETRY, { baseDelayMs: 100, maxDelayMs: 1000 });
		const refused: Record<string, number> = {};
		for (const mode of ['fixed', 'adaptive'] as const) {
			ADAPTIVE.enabled = mode === 'adaptive';
			resetRateLimiters();
			sandbox.reset();
			await new Promise((resolve) => setTimeout(resolve, 1100)); // the sandbox's window starts empty
			const list = values(100, mode);
			const result = await create(list);
			expectAllCreatedOnce(result, list);
			refused[mode] = sandbox.rateLimited;
		}
		expect(refused.fixed).toBeGreaterThan(0);
		expect(refused.adaptive).toBeLessThan(refused.fixed / 2);
	});
});
