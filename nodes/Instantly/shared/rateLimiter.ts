import { sleep } from 'n8n-workflow';

import { AdaptiveRate, DEFAULT_ADAPTIVE, MAX_PER_SECOND, type AdaptiveSettings, type RateSample } from './adaptiveRate';
import { DEFAULT_RETRY, type RetrySettings } from './retry';

/** Instantly's budget: 100 requests per second and 6,000 per minute, per workspace. */
export const MAX_PER_MINUTE = 6000;

export interface RateWindow {
	/** Most requests Instantly counts within any `ms`. */
	readonly limit: number;
	readonly ms: number;
}

export const INSTANTLY_RATE_LIMITS: readonly RateWindow[] = Object.freeze([
	Object.freeze({ limit: MAX_PER_SECOND, ms: 1000 }),
	Object.freeze({ limit: MAX_PER_MINUTE, ms: 60_000 }),
]);

/** Time as the limiter and the transport see it; tests hand in a virtual one. */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export const REAL_CLOCK: Clock = Object.freeze({
	now: () => Date.now(),
	sleep: async (ms: number) => await sleep(ms),
});

/** Everything a key's limiter, and the transport's retries through it, go by. */
export interface LimiterSettings {
	readonly windows: readonly RateWindow[];
	/**
	 * Smallest gap between two starts, as a share of the window's average gap (1000 ms / 100 = 10 ms):
	 * a backlog leaves at four times the average rate until the window is full, instead of in one
	 * burst of 100 at once. Shorter bursts finish sooner, and a pause of this process (garbage
	 * collection, a busy CPU) is less likely to fall into one. (Wider at first: AdaptiveSettings.slowStart.)
	 */
	readonly spacing: number;
	readonly adaptive: AdaptiveSettings;
	readonly retry: RetrySettings;
	readonly clock: Clock;
}

/** Settings that differ from what users get; the rest are the defaults. */
export interface LimiterOptions {
	windows?: readonly RateWindow[];
	spacing?: number;
	adaptive?: Partial<AdaptiveSettings>;
	retry?: Partial<RetrySettings>;
	clock?: Clock;
}

/** What users get. */
export const DEFAULT_LIMITER_SETTINGS: LimiterSettings = Object.freeze({
	windows: INSTANTLY_RATE_LIMITS,
	spacing: 0.25,
	adaptive: DEFAULT_ADAPTIVE,
	retry: DEFAULT_RETRY,
	clock: REAL_CLOCK,
});

export function limiterSettings(options: LimiterOptions = {}): LimiterSettings {
	const d = DEFAULT_LIMITER_SETTINGS;
	return Object.freeze({
		windows: Object.freeze((options.windows ?? d.windows).map((w) => Object.freeze({ ...w }))),
		spacing: options.spacing ?? d.spacing,
		adaptive: Object.freeze({ ...d.adaptive, ...options.adaptive }),
		retry: Object.freeze({ ...d.retry, ...options.retry }),
		clock: options.clock ?? d.clock,
	});
}

/**
 * A request's slot, from its start until it is settled: `answered`, `limited` or `failed`, exactly once.
 */
export type RateTicket = RateSample;

interface Waiter {
	resolve(ticket: RateTicket): void;
	reject(error: Error): void;
	signal?: AbortSignal;
}

/** The waiters of one cancel signal: one listener for all of them (an execution's items share one signal). */
interface Cancellable {
	waiters: Set<Waiter>;
	onAbort: () => void;
}

/** Slots of one window length: how many may be held, and when the settled ones are released. */
interface Span {
	ms: number;
	limit: number;
	/** Release times of settled slots, ascending (settle times only grow, `ms` is fixed); live from `head` on. */
	releases: number[];
	head: number;
}

export class RateLimitCancelledError extends Error {
	constructor() {
		super('The execution was cancelled while the request waited for its turn');
	}
}

/**
 * Paces one key: no more than `limit` requests within any window, as Instantly counts them, and no
 * more within a second than the adaptive rate allows.
 *
 * The rule: a request holds one slot of every window from its start until one window after its
 * answer was seen; a window has `limit` slots. Instantly counts a request at some moment between
 * its start here and its answer — when it arrives, which an event loop stalled by n8n's expression
 * evaluation can delay and bunch up (requests leave late, then together).
 *
 * Proof that Instantly never counts more than `limit` within any window W, whenever it counts: take
 * the requests it counts within one window, at moments a₁ ≤ … ≤ aₖ, aₖ − a₁ < W. Request i started
 * at sᵢ ≤ aᵢ and its answer was seen at eᵢ ≥ aᵢ, so its slot was held over [sᵢ, eᵢ + W). At the
 * moment aₖ every one of them held its slot: sᵢ ≤ aᵢ ≤ aₖ, and eᵢ + W ≥ aᵢ + W > aₖ. No more than
 * `limit` slots are ever held at once, so k ≤ limit. (And it is the least that is safe: two slots
 * that never overlap at all could both be counted within one window.)
 *
 * Exceptions, both because they cannot be counted: a request Instantly answered 429 frees its slot
 * at once (Instantly does not count the requests it refuses), and so does one that was never sent
 * (the run was abandoned). A request that got no answer (a timeout, a dropped connection) may have
 * reached Instantly and been counted, so it holds its slot like an answered one, from the moment it
 * failed.
 *
 * Callers wait in one queue, served in order by a single loop that sleeps until the next start is
 * allowed or a slot frees up. Nothing is decided ahead of time, so a pause after a 429 holds back
 * every waiting request, not only the ones that arrive later, and a cut rate applies at once.
 */
export class RateLimiter {
	readonly rate: AdaptiveRate;

	readonly settings: LimiterSettings;

	private readonly spans: Span[];

	/** Tickets handed out and not settled yet: each holds a slot of every span. */
	private readonly open = new Set<RateTicket>();

	private readonly queue: Waiter[] = [];

	private readonly cancellable = new Map<AbortSignal, Cancellable>();

	private serving = false;

	/** Resolves the serving loop's wait early when a slot frees up. */
	private wake?: () => void;

	private pausedUntil = -Infinity;

	private lastStart = -Infinity;

	/** The last start or settle: the registry drops a limiter that has been quiet long enough. */
	private lastActivity = -Infinity;

	private readonly gapMs: number;

	/** The average gap of the tightest window: 10 ms for Instantly's 100 per second. */
	private readonly averageGapMs: number;

	constructor(options: LimiterOptions | LimiterSettings = {}, ceilingPerSecond: number = MAX_PER_SECOND) {
		const settings = limiterSettings(options);
		this.settings = settings;
		this.rate = new AdaptiveRate(ceilingPerSecond, settings.adaptive, settings.clock.now);
		const byLength = new Map<number, number>([[1000, Infinity]]);
		for (const { ms, limit } of settings.windows) byLength.set(ms, Math.min(limit, byLength.get(ms) ?? Infinity));
		this.spans = [...byLength].map(([ms, limit]) => ({ ms, limit, releases: [], head: 0 }));
		this.averageGapMs = Math.min(...settings.windows.map((w) => w.ms / w.limit));
		this.gapMs = settings.spacing * this.averageGapMs;
	}

	/**
	 * Resolves when this request may start, with its ticket: settle it with `answered`, `limited` or
	 * `failed`. `first` puts it at the head of the queue: a retry has already waited its turn once. An
	 * aborted `signal` takes it out of the queue.
	 */
	async acquire(options: { first?: boolean; signal?: AbortSignal } = {}): Promise<RateTicket> {
		const { first = false, signal } = options;
		if (signal?.aborted) throw new RateLimitCancelledError();
		return await new Promise<RateTicket>((resolve, reject) => {
			const waiter: Waiter = {
				resolve: (ticket) => {
					this.untrack(waiter);
					resolve(ticket);
				},
				reject,
				signal,
			};
			this.track(waiter);
			if (first) this.queue.unshift(waiter);
			else this.queue.push(waiter);
			if (!this.serving) void this.serve();
		});
	}

	/** Holds every start back for `ms`, e.g. when Instantly answered 429 with a Retry-After. */
	pause(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, this.settings.clock.now() + ms);
	}

	/** Instantly answered the request with anything but 429: it was counted, its slot is held one window on. */
	answered(ticket: RateTicket): void {
		if (!this.settle(ticket, true)) return;
		this.rate.answered(ticket);
	}

	/**
	 * The request got no answer (`sent`: it may have reached Instantly, so its slot is held one window
	 * on) or was never sent (its slot is free at once).
	 */
	failed(ticket: RateTicket, sent = true): void {
		this.settle(ticket, sent);
	}

	/**
	 * Instantly answered 429; `waitMs` is its Retry-After, or else this attempt's backoff. Returns how
	 * long the request itself waits before it queues again. Its slot is free at once: Instantly does
	 * not count a request it refused.
	 *
	 * The rate is cut (once for requests in flight together). A Retry-After holds every request of the
	 * key, as Instantly asked. A backoff is this request's alone: the cut rate already paces the others,
	 * after a pause of one turn at the new rate. With a fixed rate (adaptive rate off), every request
	 * of the key waits `waitMs`, as before the rate adapted.
	 */
	limited(ticket: RateTicket, waitMs: number, retryAfter: boolean): number {
		if (!this.settle(ticket, false)) return waitMs;
		this.rate.limited(ticket);
		if (!this.rate.enabled || retryAfter) {
			this.pause(waitMs);
			return 0;
		}
		this.pause(1000 / this.rate.perSecond);
		return waitMs;
	}

	/**
	 * Instantly answered 429 under another limit than this key's (an endpoint's own, see the transport):
	 * the slot is free at once, as for any 429, and the key's rate and pace stay as they are.
	 */
	refused(ticket: RateTicket): void {
		this.settle(ticket, false);
	}

	/** Requests waiting for their turn. */
	get waiting(): number {
		return this.queue.length;
	}

	/** Requests started and not settled yet. */
	get inFlight(): number {
		return this.open.size;
	}

	/** Slots of the `ms`-long window held now: in flight, or answered less than `ms` ago. */
	held(ms = 1000): number {
		const span = this.spans.find((s) => s.ms === ms);
		if (!span) return this.open.size;
		this.forget(span, this.settings.clock.now());
		return this.open.size + span.releases.length - span.head;
	}

	/**
	 * Whether the limiter has nothing left to remember: no request waiting or in flight, no slot held,
	 * no pause ahead, and no start or settle within `quietMs` (a retry waiting out its backoff between
	 * two attempts is quiet, but no longer than the longest backoff).
	 */
	idle(now: number, quietMs: number): boolean {
		if (this.queue.length || this.open.size || this.pausedUntil > now || now - this.lastActivity < quietMs) return false;
		return this.spans.every((span) => {
			this.forget(span, now);
			return span.head === span.releases.length;
		});
	}

	/**
	 * The earliest time, not before `now`, at which the next request may start; Infinity while every
	 * slot of some window is held by a request still in flight (then only a settle frees one).
	 */
	nextStart(now: number): number {
		const perSecond = this.rate.perSecond;
		// Sharing the key (cut below the ceiling), requests leave evenly: a burst would take the slots
		// Instantly frees for the others before their next request arrives. Before the key's first 429,
		// slow start may widen the gap (AdaptiveSettings.slowStart).
		const spacing = perSecond < this.rate.ceiling ? 1 : this.settings.spacing;
		const gap = Math.max(this.gapMs, (spacing * 1000) / perSecond, this.rate.slowStartGap * this.averageGapMs);
		let at = Math.max(now, this.pausedUntil, this.lastStart + gap);
		for (const span of this.spans) {
			// No more slots within a second than the rate allows.
			const limit = span.ms === 1000 ? Math.min(span.limit, Math.max(1, Math.floor(perSecond))) : span.limit;
			if (this.open.size >= limit) return Infinity;
			this.forget(span, now);
			// Settled slots that must be released before one is free, the earliest first.
			const excess = this.open.size + span.releases.length - span.head - limit + 1;
			if (excess > 0) at = Math.max(at, span.releases[span.head + excess - 1]);
		}
		return at;
	}

	private track(waiter: Waiter): void {
		const { signal } = waiter;
		if (!signal) return;
		let entry = this.cancellable.get(signal);
		if (!entry) {
			const waiters = new Set<Waiter>();
			const onAbort = () => {
				this.cancellable.delete(signal);
				for (const w of waiters) {
					const index = this.queue.indexOf(w);
					if (index !== -1) this.queue.splice(index, 1);
					w.reject(new RateLimitCancelledError());
				}
			};
			entry = { waiters, onAbort };
			this.cancellable.set(signal, entry);
			signal.addEventListener('abort', onAbort, { once: true });
		}
		entry.waiters.add(waiter);
	}

	private untrack(waiter: Waiter): void {
		const { signal } = waiter;
		const entry = signal && this.cancellable.get(signal);
		if (!entry) return;
		entry.waiters.delete(waiter);
		if (entry.waiters.size) return;
		this.cancellable.delete(signal);
		signal.removeEventListener('abort', entry.onAbort);
	}

	/** Takes the ticket off the open ones; `hold` keeps its slot one window on. False if it was settled before. */
	private settle(ticket: RateTicket, hold: boolean): boolean {
		if (!this.open.delete(ticket)) return false;
		const now = this.settings.clock.now();
		this.lastActivity = now;
		if (hold) for (const span of this.spans) span.releases.push(now + span.ms);
		this.wake?.();
		return true;
	}

	private forget(span: Span, now: number): void {
		while (span.head < span.releases.length && span.releases[span.head] <= now) span.head++;
		if (span.head > 1024 && span.head * 2 > span.releases.length) {
			span.releases.splice(0, span.head);
			span.head = 0;
		}
	}

	private async serve(): Promise<void> {
		this.serving = true;
		const { clock } = this.settings;
		try {
			while (this.queue.length) {
				const now = clock.now();
				const at = this.nextStart(now);
				if (at > now) {
					await this.waitFor(at - now);
					continue;
				}
				const ticket: RateTicket = Object.freeze({ generation: this.rate.generation, startedAt: now });
				this.open.add(ticket);
				this.lastStart = now;
				this.lastActivity = now;
				this.queue.shift()!.resolve(ticket);
			}
		} finally {
			this.serving = false;
		}
	}

	/** Sleeps `ms` (for ever if Infinity), or less if a settle frees a slot first. */
	private async waitFor(ms: number): Promise<void> {
		await new Promise<void>((resolve) => {
			this.wake = resolve;
			if (ms !== Infinity) this.settings.clock.sleep(ms).then(resolve, resolve);
		});
		this.wake = undefined;
	}
}
