/** Instantly's per-second budget, and the most the credential's "Requests per Second" may ask for. */
export const MAX_PER_SECOND = 100;

/**
 * How the rate of one key adapts to the part of the budget Instantly grants this process: the budget
 * belongs to the workspace, and other n8n workers or tools may use the same key. Like TCP sharing a
 * link: cut multiplicatively on a 429, probe back up additively while none comes.
 */
export interface AdaptiveSettings {
	/** False: a fixed rate at the credential's setting, whatever Instantly answers (the benchmark's comparison). */
	readonly enabled: boolean;
	/**
	 * A 429 sets the rate to this share of what Instantly granted this process over the last second,
	 * and never above the current rate: just under the part of the budget the others leave.
	 */
	readonly decrease: number;
	/**
	 * While no 429 comes, the rate climbs back by this many requests per second every second, up to the
	 * share Instantly granted when it last answered 429 (the plateau).
	 */
	readonly increasePerSecond: number;
	/**
	 * From the plateau on, the rate probes past the known share this slowly: one more request per
	 * second every 1 / `probePerSecond` seconds. Each probe that finds the share still taken costs a
	 * 429, so probes are rare; the share the others leave seldom changes from one second to the next.
	 */
	readonly probePerSecond: number;
	/**
	 * After this long on or past the plateau without a 429 the climb speeds up, its step doubling every
	 * `doublingMs`: a share freed by others (a worker that finished) is taken back within seconds.
	 */
	readonly accelerateAfterMs: number;
	readonly doublingMs: number;
	/**
	 * After a cut, 429s do not cut again for this long: Instantly counts the last second, which still
	 * holds the requests sent at the old rate, so their 429s say nothing about the new one.
	 */
	readonly holdMs: number;
	/** One cut brings the rate at most this far down (before `decrease`): a single 429 is thin evidence. */
	readonly deepestCut: number;
	readonly minPerSecond: number;
	/**
	 * Slow start, as TCP's: until a key's first 429, its requests leave no closer together than
	 * `slowStart` × the average gap of Instantly's budget (1: 10 ms, 100/s), a gap that halves with
	 * every `slowStartHalving` requests answered, until the limiter's own spacing is wider. Instantly's
	 * window may already be full of the others' requests when a key's first request leaves, and then
	 * every request on its way before the first 429 is back is refused too: slow start keeps them few
	 * (one or two in `bench:n8n`, against about ten). Alone on the key, n8n hands out its first
	 * requests only a little faster than that anyway (about one every 4 ms): its 100th leaves about
	 * 0.1 s later. A credential set to 25/s or less spaces its requests wider than this from the start.
	 * 0: no slow start.
	 */
	readonly slowStart: number;
	readonly slowStartHalving: number;
}

/** What users get. */
export const DEFAULT_ADAPTIVE: AdaptiveSettings = Object.freeze({
	enabled: true,
	decrease: 0.9,
	increasePerSecond: 2,
	probePerSecond: 0.25,
	accelerateAfterMs: 4000,
	doublingMs: 500,
	holdMs: 1000,
	deepestCut: 0.1,
	minPerSecond: 1,
	slowStart: 1,
	slowStartHalving: 20,
});

/** What the rate needs to know of a request: when it started, and at which rate. */
export interface RateSample {
	/** The rate's generation when it started: only a request of the current generation may cut the rate. */
	readonly generation: number;
	readonly startedAt: number;
}

/**
 * The rate a key may use now, between `minPerSecond` and the credential's ceiling. State only, no
 * timers: it grows with the time elapsed since the last cut, computed when asked.
 */
export class AdaptiveRate {
	/** Bumped by each cut. */
	generation = 0;

	private ceilingPerSecond: number;

	private base: number;

	private since = 0;

	/** What Instantly granted when it last answered 429 (per second): the climb slows down there. */
	private plateau = Infinity;

	private lastCut = -Infinity;

	/** Start times of requests answered with anything but 429, over the last second or so. */
	private granted: number[] = [];

	/** Requests answered before the first 429 (none after it): how far the slow start has come. */
	private unrefused = 0;

	constructor(
		ceilingPerSecond: number = MAX_PER_SECOND,
		private readonly settings: AdaptiveSettings = DEFAULT_ADAPTIVE,
		private readonly now: () => number = Date.now,
	) {
		this.ceilingPerSecond = clampRate(ceilingPerSecond);
		this.base = this.ceilingPerSecond;
	}

	get ceiling(): number {
		return this.ceilingPerSecond;
	}

	get enabled(): boolean {
		return this.settings.enabled;
	}

	/**
	 * Requests per second allowed now: from the cut, `increasePerSecond` up to the plateau, then
	 * `probePerSecond` past it, then (after `accelerateAfterMs` there) a step doubling every `doublingMs`.
	 */
	get perSecond(): number {
		const s = this.settings;
		if (!s.enabled) return this.ceilingPerSecond;
		const ms = this.now() - this.since;
		const climbMs = Math.max(0, ((this.plateau - this.base) / s.increasePerSecond) * 1000);
		let grown = this.base + (s.increasePerSecond * ms) / 1000;
		if (ms >= climbMs) {
			// Exactly the plateau, then past it: a plateau of 20 is 20 slots (see RateLimiter.nextStart).
			const on = ms - climbMs;
			const late = Math.max(0, on - s.accelerateAfterMs);
			grown = Math.max(this.base, this.plateau) + (s.probePerSecond * on) / 1000 + (late ? s.increasePerSecond * (2 ** (late / s.doublingMs) - 1) : 0);
		}
		return Math.min(this.ceilingPerSecond, grown);
	}

	/**
	 * Slow start (before the key's first 429): the smallest gap between two starts, as a share of the
	 * average gap of Instantly's budget; 0 once it is over, or without it.
	 */
	get slowStartGap(): number {
		const s = this.settings;
		if (!s.enabled || !s.slowStart || this.generation > 0) return 0;
		return s.slowStart * 2 ** (-this.unrefused / s.slowStartHalving);
	}

	/** The credential's setting; a lower one applies at once, a higher one is reached by growing. */
	setCeiling(perSecond: number): void {
		const ceiling = clampRate(perSecond);
		if (ceiling === this.ceilingPerSecond) return;
		this.restart(Math.min(this.perSecond, ceiling));
		// The rate so far is known to be fine: past it, the climb probes.
		this.plateau = this.base;
		this.ceilingPerSecond = ceiling;
	}

	/** Instantly answered (anything but 429) a request: it counted in what Instantly granted this process. */
	answered(sample: RateSample): void {
		if (!this.settings.enabled) return;
		if (this.generation === 0) this.unrefused++;
		this.granted.push(sample.startedAt);
		if (this.granted.length > 2 * MAX_PER_SECOND) this.forget(this.now());
	}

	/**
	 * Instantly answered 429. Requests in flight together were all sent at one rate: the first 429 among
	 * them cuts it, the others (an older generation, or within `holdMs`) do not cut it again. The cut
	 * goes to `decrease` × what Instantly granted over the last second — the part of the budget others
	 * left — bounded by the current rate and by `deepestCut`. Returns whether this one cut.
	 */
	limited(sample: RateSample): boolean {
		const s = this.settings;
		const now = this.now();
		if (!s.enabled || sample.generation !== this.generation || now - this.lastCut < s.holdMs) {
			return false;
		}
		const rate = this.perSecond;
		this.forget(now);
		const share = Math.min(rate, Math.max(this.granted.length, rate * s.deepestCut));
		this.restart(Math.max(s.minPerSecond, share * s.decrease));
		this.plateau = Math.max(this.base, share, rate - 1);
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
