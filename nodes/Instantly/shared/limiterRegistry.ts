import { MAX_PER_SECOND } from './adaptiveRate';
import { ENDPOINT_LIMITS, endpointMatcher, type EndpointLimit, type MatchedEndpoint } from './endpointLimits';
import { limiterSettings, RateLimiter, type Clock, type LimiterOptions, type LimiterSettings } from './rateLimiter';

/** A limiter quiet for this long is forgotten (at least: see `quietMs` below). */
export const IDLE_AFTER_MS = 60_000;

/** The limiters of one process, one per workspace key and base URL, all with the same settings. */
export interface LimiterRegistry {
	readonly settings: LimiterSettings;
	/**
	 * The key's limiter, made on first use; its rate starts at, and never exceeds, `perSecond` (the
	 * credential's Requests per Second), which a later call may change.
	 */
	limiterFor(key: string, perSecond?: number): RateLimiter;
	/**
	 * The limiter of one endpoint that Instantly limits on its own (`endpointLimits.ts`) for the key,
	 * made on first use; undefined for every other endpoint. Its windows are the endpoint's; its rate
	 * is fixed (a 429 pauses the endpoint, see the transport), and it starts its requests as soon as
	 * its windows allow: at 20 a minute, 20 at once then the 21st a minute after the first, the
	 * quickest way through a Return All.
	 */
	endpointLimiterFor(key: string, method: string, path: string): RateLimiter | undefined;
	/** Limiters the registry keeps alive now (idle ones are not among them). */
	readonly size: number;
}

/**
 * Idle limiters are let go, so an n8n that runs for months with many keys does not keep one per key
 * for ever. A limiter is idle when nothing waits, nothing is in flight, none of its slots is held and
 * it has been quiet (no start, no settle) for a minute — and for longer than the longest wait a retry
 * takes between two attempts. The registry then holds it only weakly: once nothing else refers to it
 * the garbage collector takes it, and the key's next request gets a fresh one. While something still
 * does (an execution keeps its connection, limiter included, between requests), the registry hands
 * out that same limiter again, so a key never has two limiters pacing it side by side.
 * Looked at on use, at most once per quiet period: no timers.
 */
export function createLimiterRegistry(
	options: LimiterOptions & { idleAfterMs?: number; endpoints?: readonly EndpointLimit[] } = {},
): LimiterRegistry {
	const settings = limiterSettings(options);
	const endpoints = options.endpoints ?? ENDPOINT_LIMITS;
	const matchEndpoint = endpointMatcher(endpoints);
	const active = new Map<string, RateLimiter>();
	const idle = new Map<string, WeakRef<RateLimiter>>();
	const quietMs = Math.max(
		options.idleAfterMs ?? IDLE_AFTER_MS,
		settings.retry.maxDelayMs,
		...[...settings.windows, ...endpoints.flatMap((e) => e.windows)].map((w) => w.ms),
	);
	let lastSweep = settings.clock.now();

	function sweep(now: number): void {
		if (now - lastSweep < quietMs) return;
		lastSweep = now;
		for (const [key, reference] of idle) if (!reference.deref()) idle.delete(key);
		for (const [key, limiter] of active) {
			if (!limiter.idle(now, quietMs)) continue;
			active.delete(key);
			idle.set(key, new WeakRef(limiter));
		}
	}

	/** The live limiter under `key`, or a new one from `make`: the one get-or-create of both kinds. */
	function lookUp(key: string, make: () => RateLimiter): RateLimiter {
		sweep(settings.clock.now());
		let limiter = active.get(key);
		if (!limiter) {
			limiter = idle.get(key)?.deref() ?? make();
			idle.delete(key);
			active.set(key, limiter);
		}
		return limiter;
	}

	const endpointLimiter = (endpoint: MatchedEndpoint) =>
		new RateLimiter({
			windows: endpoint.windows,
			// No gap between starts: the windows are the whole rule (a backlog of pages is sequential anyway).
			spacing: 0,
			adaptive: { ...settings.adaptive, enabled: false },
			retry: settings.retry,
			clock: settings.clock,
		});

	return {
		settings,
		get size() {
			return active.size;
		},
		limiterFor(key: string, perSecond?: number): RateLimiter {
			const limiter = lookUp(key, () => new RateLimiter(settings, perSecond ?? MAX_PER_SECOND));
			if (perSecond !== undefined) limiter.rate.setCeiling(perSecond);
			return limiter;
		},
		endpointLimiterFor(key: string, method: string, path: string): RateLimiter | undefined {
			const endpoint = matchEndpoint(method, path);
			return endpoint && lookUp(`${key} ${endpoint.id}`, () => endpointLimiter(endpoint));
		},
	};
}

let registry = createLimiterRegistry();

/** The key's limiter in this process's registry, shared by every node and run. */
export function rateLimiterFor(key: string, perSecond?: number): RateLimiter {
	return registry.limiterFor(key, perSecond);
}

/** The limiter of the endpoint for the key, when Instantly limits that endpoint on its own; undefined otherwise. */
export function endpointLimiterFor(key: string, method: string, path: string): RateLimiter | undefined {
	return registry.endpointLimiterFor(key, method, path);
}

/** The clock this process's requests wait on; Move's job polling waits on it too. */
export function requestClock(): Clock {
	return registry.settings.clock;
}

/**
 * Puts `next` in place of this process's registry and returns the one it replaces: tests and the
 * benchmark run the node with settings and a clock of their own, and a fresh registry forgets what
 * earlier runs taught the rate. n8n itself never calls it.
 */
export function useLimiterRegistry(next: LimiterRegistry): LimiterRegistry {
	const previous = registry;
	registry = next;
	return previous;
}
