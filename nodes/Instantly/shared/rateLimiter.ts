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

/**
 * How the rate of one key adapts to the part of the budget Instantly grants this process: the budget
 * belongs to the workspace, and other n8n workers or tools may use the same key. Like TCP sharing a
 * link: cut multiplicatively on a 429, probe back up additively while none comes. Mutable so that
 * tests and the benchmark can change it; the defaults are what users get.
 */
export const ADAPTIVE = {
	/** False: a fixed rate at the credential's setting, whatever Instantly answers (the behaviour before). */
	enabled: true,
	/**
	 * A 429 sets the rate to this share of what Instantly granted this process over the last second,
	 * and never above the current rate: just under the part of the budget the others leave.
	 */
	decrease: 0.9,
	/**
	 * While no 429 comes, the rate climbs back by this many requests per second every second: slowly,
	 * so a process granted 20/s probes past its share by a request or two, about every two seconds.
	 */
	increasePerSecond: 2,
	/**
	 * After this long without a 429 the climb speeds up, its step doubling every `doublingMs`: a share
	 * freed by others (a worker that finished) is taken back within seconds.
	 */
	accelerateAfterMs: 2000,
	doublingMs: 500,
	/**
	 * After a cut, 429s do not cut again for this long: Instantly counts the last second, which still
	 * holds the requests sent at the old rate, so their 429s say nothing about the new one.
	 */
	holdMs: 1000,
	/** One cut brings the rate at most this far down (before `decrease`): a single 429 is thin evidence. */
	deepestCut: 0.25,
	minPerSecond: 1,
};

/** What a request carries from its start to its answer. */
export interface RateTicket {
	/** The rate's generation when it started: only a request of the current generation may cut the rate. */
	generation: number;
	startedAt: number;
}

/**
 * The rate a key may use now, between `minPerSecond` and the credential's ceiling. State only, no
 * timers: it grows with the time elapsed since the last cut, computed when asked.
 */
export class AdaptiveRate {
	/** Bumped by each cut. */
	generation = 0;

	private base: number;

	private since = 0;

	private lastCut = -Infinity;

	/** Start times of requests answered with anything but 429, over the last second or so. */
	private granted: number[] = [];

	constructor(
		private ceilingPerSecond = MAX_PER_SECOND,
		private readonly now: () => number = Date.now,
	) {
		this.ceilingPerSecond = clampRate(ceilingPerSecond);
		this.base = this.ceilingPerSecond;
	}

	get ceiling(): number {
		return this.ceilingPerSecond;
	}

	/** Requests per second allowed now. */
	get perSecond(): number {
		if (!ADAPTIVE.enabled) return this.ceilingPerSecond;
		const ms = this.now() - this.since;
		const late = Math.max(0, ms - ADAPTIVE.accelerateAfterMs);
		const grown = this.base + ADAPTIVE.increasePerSecond * (ms / 1000 + (late ? 2 ** (late / ADAPTIVE.doublingMs) - 1 : 0));
		return Math.min(this.ceilingPerSecond, grown);
	}

	/** The credential's setting; a lower one applies at once, a higher one is reached by growing. */
	setCeiling(perSecond: number): void {
		const ceiling = clampRate(perSecond);
		if (ceiling === this.ceilingPerSecond) return;
		this.restart(Math.min(this.perSecond, ceiling));
		this.ceilingPerSecond = ceiling;
	}

	/** Instantly answered (anything but 429) a request: it counted in what Instantly granted this process. */
	answered(ticket: RateTicket): void {
		if (!ADAPTIVE.enabled) return;
		this.granted.push(ticket.startedAt);
		if (this.granted.length > 2 * MAX_PER_SECOND) this.forget(this.now());
	}

	/**
	 * Instantly answered 429. Requests in flight together were all sent at one rate: the first 429 among
	 * them cuts it, the others (an older generation, or within `holdMs`) do not cut it again. The cut
	 * goes to `decrease` × what Instantly granted over the last second — the part of the budget others
	 * left — bounded by the current rate and by `deepestCut`. Returns whether this one cut.
	 */
	limited(ticket: RateTicket): boolean {
		const now = this.now();
		if (!ADAPTIVE.enabled || ticket.generation !== this.generation || now - this.lastCut < ADAPTIVE.holdMs) {
			return false;
		}
		const rate = this.perSecond;
		this.forget(now);
		const share = Math.min(rate, Math.max(this.granted.length, rate * ADAPTIVE.deepestCut));
		this.restart(Math.max(ADAPTIVE.minPerSecond, share * ADAPTIVE.decrease));
		this.lastCut = now;
		this.generation++;
		return true;
	}

	private forget(now: number): void {
		this.granted = this.granted.filter((at) => at > now - 1000);
	}

	private restart(base: number): void {
		this.base = base;
		this.since = this.now();
	}
}

/** A requests-per-second setting within 1–100; anything that is not a number means Instantly's 100. */
export function clampRate(perSecond: unknown): number {
	const value = typeof perSecond === 'string' && perSecond.trim() === '' ? NaN : Number(perSecond ?? NaN);
	if (!Number.isFinite(value)) return MAX_PER_SECOND;
	return Math.min(MAX_PER_SECOND, Math.max(1, value));
}

interface Waiter {
	resolve(ticket: RateTicket): void;
	reject(error: Error): void;
}

export class RateLimitCancelledError extends Error {
	constructor() {
		super('The execution was cancelled while the request waited for its turn');
	}
}

/**
 * A sliding-window limiter: no more than `limit` starts within any `ms` (+ margin), for every
 * window at once, and no more than the adaptive rate's requests per second within any second
 * (+ margin). Callers wait in one queue, served in order by a single loop that sleeps until
 * the next start is allowed. Nothing is decided ahead of time, so a pause after a 429 holds back
 * every waiting request, not only the ones that arrive later, and a cut rate applies at once.
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

	/** Start times within the last second (+ margin), oldest first, for the adaptive rate. */
	private recent: number[] = [];

	constructor(
		readonly windows: readonly RateWindow[] = INSTANTLY_RATE_LIMITS,
		private readonly marginMs = PACING.marginMs,
		private readonly spacing = PACING.spacing,
		readonly rate = new AdaptiveRate(),
	) {
		this.starts = windows.map(() => []);
		this.heads = windows.map(() => 0);
		this.gapMs = spacing * Math.min(...windows.map((w) => w.ms / w.limit));
	}

	/**
	 * Resolves when this request may start, with its ticket: hand it to `answered` or `limited` with
	 * Instantly's answer. `first` puts it at the head of the queue: a retry has
	 * already waited its turn once. An aborted `signal` takes it out of the queue.
	 */
	async acquire(options: { first?: boolean; signal?: AbortSignal } = {}): Promise<RateTicket> {
		const { first = false, signal } = options;
		if (signal?.aborted) throw new RateLimitCancelledError();
		return await new Promise<RateTicket>((resolve, reject) => {
			const onAbort = () => {
				const index = this.queue.indexOf(waiter);
				if (index !== -1) this.queue.splice(index, 1);
				reject(new RateLimitCancelledError());
			};
			const waiter: Waiter = {
				resolve: (ticket) => {
					signal?.removeEventListener('abort', onAbort);
					resolve(ticket);
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

	/** Instantly answered the request with anything but 429. */
	answered(ticket: RateTicket): void {
		this.rate.answered(ticket);
	}

	/**
	 * Instantly answered 429; `waitMs` is its Retry-After, or else this attempt's backoff. Returns how
	 * long the request itself waits before it queues again.
	 *
	 * The rate is cut (once for requests in flight together). A Retry-After holds every request of the
	 * key, as Instantly asked. A backoff is this request's alone: the cut rate already paces the others,
	 * after a pause of one turn at the new rate. With a fixed rate (`ADAPTIVE.enabled = false`),
	 * every request of the key waits `waitMs`, as before the rate adapted.
	 */
	limited(ticket: RateTicket, waitMs: number, retryAfter: boolean): number {
		this.rate.limited(ticket);
		if (!ADAPTIVE.enabled || retryAfter) {
			this.pause(waitMs);
			return 0;
		}
		this.pause(1000 / this.rate.perSecond);
		return waitMs;
	}

	/** Requests waiting for their turn. */
	get waiting(): number {
		return this.queue.length;
	}

	/** The earliest time, not before `now`, at which the next request may start. */
	nextStart(now: number): number {
		const perSecond = this.rate.perSecond;
		// No more starts within any second (+ margin) than the rate allows.
		const allowed = Math.max(1, Math.floor(perSecond));
		// Sharing the key (cut below the ceiling), requests leave evenly: a burst would take the slots
		// Instantly frees for the others before their next request arrives.
		const spacing = perSecond < this.rate.ceiling ? 1 : this.spacing;
		let at = Math.max(now, this.pausedUntil, this.lastStart + Math.max(this.gapMs, (spacing * 1000) / perSecond));
		while (this.recent.length && this.recent[0] + 1000 + this.marginMs <= now) this.recent.shift();
		if (this.recent.length >= allowed) {
			at = Math.max(at, this.recent[this.recent.length - allowed] + 1000 + this.marginMs);
		}
		this.windows.forEach((window, i) => {
			const log = this.starts[i];
			if (log.length >= window.limit) at = Math.max(at, log[this.heads[i]] + window.ms + this.marginMs);
		});
		return at;
	}

	private record(now: number): void {
		this.lastStart = now;
		this.recent.push(now);
		if (this.recent.length > MAX_PER_SECOND) this.recent.shift();
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
				this.queue.shift()!.resolve({ generation: this.rate.generation, startedAt: now });
			}
		} finally {
			this.serving = false;
		}
	}
}

const limiters = new Map<string, RateLimiter>();

/** Forgets every key's limiter and what its rate learnt: tests start from a clean slate with it. */
export function resetRateLimiters(): void {
	limiters.clear();
}

/**
 * One limiter per workspace key and base URL in this process, shared by every node and run; its
 * rate starts at, and never exceeds, `perSecond` (the credential's Requests per Second).
 */
export function rateLimiterFor(key: string, perSecond?: number): RateLimiter {
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new RateLimiter(INSTANTLY_RATE_LIMITS, PACING.marginMs, PACING.spacing, new AdaptiveRate(perSecond ?? MAX_PER_SECOND));
		limiters.set(key, limiter);
	} else if (perSecond !== undefined) {
		limiter.rate.setCeiling(perSecond);
	}
	return limiter;
}
