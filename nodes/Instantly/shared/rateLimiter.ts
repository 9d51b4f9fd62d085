import { sleep } from 'n8n-workflow';

/**
 * Instantly's budget: 100 requests per second and 6,000 per minute, per workspace.
 * Every request of this package waits here for a start time before it leaves, so a run of
 * 600 concurrent items is spread out instead of being answered 429.
 */
export const MAX_PER_SECOND = 100;
export const MAX_PER_MINUTE = 6000;

export interface RateWindow {
	/** Most requests allowed to start within `ms`. */
	limit: number;
	ms: number;
}

export const INSTANTLY_RATE_LIMITS: readonly RateWindow[] = [
	{ limit: MAX_PER_SECOND, ms: 1000 },
	{ limit: MAX_PER_MINUTE, ms: 60_000 },
];

export const PACING = {
	/**
	 * Each window is held this much longer than its length. Instantly counts a request when it
	 * arrives, not when it leaves here; the margin absorbs the difference in transit time between
	 * a request and the one `limit` places later (25 ms costs 2.5 % of the throughput).
	 */
	marginMs: 25,
	/**
	 * Smallest gap between two starts, as a share of the window's average gap (1000 ms / 100 = 10 ms):
	 * a backlog leaves at four times the average rate until the window is full, instead of in one
	 * burst of 100 at once, and the window keeps the average. Shorter bursts finish sooner, and a
	 * pause of this process (garbage collection, a busy CPU) is less likely to fall into one and
	 * delay every later second.
	 */
	spacing: 0.25,
};

interface Waiter {
	resolve(): void;
	reject(error: Error): void;
}

export class RateLimitCancelledError extends Error {
	constructor() {
		super('The execution was cancelled while the request waited for its turn');
	}
}

/**
 * A sliding-window limiter: no more than `limit` starts within any `ms` (+ margin), for every
 * window at once. Callers wait in one queue, served in order by a single loop that sleeps until
 * the next start is allowed. Nothing is decided ahead of time, so a pause after a 429 holds back
 * every waiting request, not only the ones that arrive later.
 */
export class RateLimiter {
	/** Start times of the last `limit` requests of each window, as ring buffers. */
	private readonly starts: number[][];

	private readonly heads: number[];

	private readonly queue: Waiter[] = [];

	private serving = false;

	private pausedUntil = 0;

	private lastStart = -Infinity;

	private readonly gapMs: number;

	constructor(
		readonly windows: readonly RateWindow[] = INSTANTLY_RATE_LIMITS,
		private readonly marginMs = PACING.marginMs,
		spacing = PACING.spacing,
	) {
		this.starts = windows.map(() => []);
		this.heads = windows.map(() => 0);
		this.gapMs = spacing * Math.min(...windows.map((w) => w.ms / w.limit));
	}

	/**
	 * Resolves when this request may start. `first` puts it at the head of the queue: a retry has
	 * already waited its turn once. An aborted `signal` takes it out of the queue.
	 */
	async acquire(options: { first?: boolean; signal?: AbortSignal } = {}): Promise<void> {
		const { first = false, signal } = options;
		if (signal?.aborted) throw new RateLimitCancelledError();
		await new Promise<void>((resolve, reject) => {
			const onAbort = () => {
				const index = this.queue.indexOf(waiter);
				if (index !== -1) this.queue.splice(index, 1);
				reject(new RateLimitCancelledError());
			};
			const waiter: Waiter = {
				resolve: () => {
					signal?.removeEventListener('abort', onAbort);
					resolve();
				},
				reject,
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			if (first) this.queue.unshift(waiter);
			else this.queue.push(waiter);
			if (!this.serving) void this.serve();
		});
	}

	/** Holds every start back for `ms`, e.g. when Instantly answered 429. */
	pause(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
	}

	/** Requests waiting for their turn. */
	get waiting(): number {
		return this.queue.length;
	}

	/** The earliest time, not before `now`, at which the next request may start. */
	nextStart(now: number): number {
		let at = Math.max(now, this.pausedUntil, this.lastStart + this.gapMs);
		this.windows.forEach((window, i) => {
			const log = this.starts[i];
			if (log.length >= window.limit) at = Math.max(at, log[this.heads[i]] + window.ms + this.marginMs);
		});
		return at;
	}

	private record(now: number): void {
		this.lastStart = now;
		this.windows.forEach((window, i) => {
			const log = this.starts[i];
			if (log.length < window.limit) {
				log.push(now);
			} else {
				log[this.heads[i]] = now;
				this.heads[i] = (this.heads[i] + 1) % window.limit;
			}
		});
	}

	private async serve(): Promise<void> {
		this.serving = true;
		try {
			while (this.queue.length) {
				const now = Date.now();
				const at = this.nextStart(now);
				if (at > now) {
					await sleep(at - now);
					continue;
				}
				this.record(now);
				this.queue.shift()!.resolve();
			}
		} finally {
			this.serving = false;
		}
	}
}

const limiters = new Map<string, RateLimiter>();

/** One limiter per workspace key and base URL in this process, shared by every node and run. */
export function rateLimiterFor(key: string): RateLimiter {
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new RateLimiter();
		limiters.set(key, limiter);
	}
	return limiter;
}
