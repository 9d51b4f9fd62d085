import { sleep } from 'n8n-workflow';

/**
 * Instantly's budget: 100 requests per second and 6,000 per minute, per workspace.
 * Every request of this package reserves a start time here before it leaves, so a run of
 * 600 concurrent items is spread out instead of being answered 429.
 */
export const MAX_PER_SECOND = 100;
export const MAX_PER_MINUTE = 6000;

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export class RateLimiter {
	/** When the next request may start (ms since epoch). */
	private nextSlot = 0;

	/** Start times of the last `perMinute` reservations, oldest first (a ring buffer). */
	private readonly minuteWindow: number[] = [];

	private minuteHead = 0;

	constructor(
		private readonly perSecond = MAX_PER_SECOND,
		private readonly perMinute = MAX_PER_MINUTE,
	) {}

	/**
	 * Reserves the earliest start time that keeps both windows under their limits and waits for it.
	 * The reservation itself is synchronous, so concurrent callers never get the same slot.
	 */
	async acquire(): Promise<void> {
		const wait = this.reserve(Date.now());
		if (wait > 0) await sleep(wait);
	}

	/** Pushes every later reservation back, e.g. when Instantly answered 429 with Retry-After. */
	pause(ms: number): void {
		this.nextSlot = Math.max(this.nextSlot, Date.now() + ms);
	}

	/** Returns how long the caller must wait before starting its request. */
	reserve(now: number): number {
		let start = Math.max(now, this.nextSlot);
		if (this.minuteWindow.length >= this.perMinute) {
			const oldest = this.minuteWindow[this.minuteHead];
			start = Math.max(start, oldest + MINUTE);
			this.minuteWindow[this.minuteHead] = start;
			this.minuteHead = (this.minuteHead + 1) % this.perMinute;
		} else {
			this.minuteWindow.push(start);
		}
		this.nextSlot = start + SECOND / this.perSecond;
		return start - now;
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
