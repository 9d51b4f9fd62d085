import { INSTANTLY_RATE_LIMITS, RateLimiter, RateLimitCancelledError } from '../nodes/Instantly/shared/rateLimiter';

/** Most of `times` that fall within any `ms`-long stretch. */
function busiest(times: number[], ms: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let most = 0;
	for (let start = 0, end = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[start] >= ms) start++;
		most = Math.max(most, end - start + 1);
	}
	return most;
}

async function startTimes(limiter: RateLimiter, count: number): Promise<number[]> {
	const times: number[] = [];
	await Promise.all(
		Array.from({ length: count }, async () => {
			// The start time the limiter gave, not when the caller resumed (later, on a busy machine).
			times.push((await limiter.acquire()).startedAt);
		}),
	);
	return times;
}

describe('RateLimiter', () => {
	it('is configured with Instantly’s budget: 100 per second and 6,000 per minute', () => {
		expect(INSTANTLY_RATE_LIMITS).toEqual([
			{ limit: 100, ms: 1000 },
			{ limit: 6000, ms: 60_000 },
		]);
	});

	it('never starts more than each window allows, with every window at once', async () => {
		// 8 per 200 ms and 20 per 1,000 ms: 30 requests need the short window 2 times over and the long one once.
		const limiter = new RateLimiter(
			[
				{ limit: 8, ms: 200 },
				{ limit: 20, ms: 1000 },
			],
			10,
		);
		const t0 = Date.now();
		const times = await startTimes(limiter, 30);
		expect(times).toHaveLength(30);
		expect(busiest(times, 200)).toBeLessThanOrEqual(8);
		expect(busiest(times, 1000)).toBeLessThanOrEqual(20);
		// The 21st start had to wait for the first to leave the long window.
		expect(times.sort((a, b) => a - b)[20] - t0).toBeGreaterThanOrEqual(1000);
	});

	it('spaces a backlog out instead of releasing it in one burst', async () => {
		// The average gap is 20 ms; half of it is the least allowed between two starts.
		const limiter = new RateLimiter([{ limit: 10, ms: 200 }], 0, 0.5);
		const times = (await startTimes(limiter, 6)).sort((a, b) => a - b);
		for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(9);
	});

	it('a pause holds back requests that were already waiting', async () => {
		const limiter = new RateLimiter([{ limit: 100, ms: 1000 }], 0);
		const t0 = Date.now();
		const first = limiter.acquire();
		await first;
		limiter.pause(300);
		const times = await startTimes(limiter, 3);
		for (const time of times) expect(time - t0).toBeGreaterThanOrEqual(295);
	});

	it('serves in order, and a retry (`first`) ahead of those still waiting', async () => {
		const limiter = new RateLimiter([{ limit: 1, ms: 50 }], 0);
		await limiter.acquire(); // takes the window: everyone below has to queue
		const order: string[] = [];
		const started = ['a', 'b', 'c'].map((name) => limiter.acquire().then(() => order.push(name)));
		const retry = limiter.acquire({ first: true }).then(() => order.push('retry'));
		await Promise.all([...started, retry]);
		expect(order).toEqual(['retry', 'a', 'b', 'c']);
	});

	it('a cancelled execution leaves the queue without taking a turn', async () => {
		const limiter = new RateLimiter([{ limit: 1, ms: 100 }], 0);
		await limiter.acquire();
		const controller = new AbortController();
		const cancelled = limiter.acquire({ signal: controller.signal });
		const next = limiter.acquire();
		expect(limiter.waiting).toBe(2);
		controller.abort();
		await expect(cancelled).rejects.toBeInstanceOf(RateLimitCancelledError);
		expect(limiter.waiting).toBe(1);
		const t0 = Date.now();
		await next;
		// It took the turn the cancelled request would have had (one window after the first start).
		expect(Date.now() - t0).toBeLessThan(150);
	});
});
