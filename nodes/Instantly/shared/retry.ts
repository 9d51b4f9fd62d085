import type { IDataObject } from 'n8n-workflow';

/** When a request answered 429, 502/503/504 or cut off is sent again, and for how long the transport waits. */
export interface RetrySettings {
	/**
	 * Requests in all, the first included, before a 429 or a transient failure is reported: with the
	 * delays below, 25–50 s of waiting in all.
	 */
	readonly maxAttempts: number;
	/**
	 * First backoff; it doubles with each attempt, with jitter. Short, because a 429 pauses every
	 * request of the key and the limiter already paces at the limit: an odd 429 (a request delayed on
	 * the wire) should cost little; a persistent one backs off quickly to seconds.
	 */
	readonly baseDelayMs: number;
	readonly maxDelayMs: number;
	/** A longer Retry-After is cut to this, so one answer cannot stall a run for hours. */
	readonly maxRetryAfterMs: number;
}

/** What users get. */
export const DEFAULT_RETRY: RetrySettings = Object.freeze({
	maxAttempts: 10,
	baseDelayMs: 100,
	maxDelayMs: 30_000,
	maxRetryAfterMs: 90_000,
});

/**
 * Exponential backoff with jitter (half fixed, half random), so retrying callers do not come back in
 * lockstep. `random` is Math.random's contract: [0, 1).
 */
export function backoff(attempt: number, settings: RetrySettings = DEFAULT_RETRY, random: () => number = Math.random): number {
	const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(
	headers: IDataObject | undefined,
	now = Date.now(),
	settings: RetrySettings = DEFAULT_RETRY,
): number | undefined {
	const raw = headers?.['retry-after'];
	const value = Array.isArray(raw) ? raw[0] : raw;
	if (value === undefined || value === null || String(value).trim() === '') return undefined;
	const text = String(value).trim();
	// Seconds, or an HTTP date (which always names a day or month in letters).
	const ms = /^\d+(\.\d+)?$/.test(text)
		? Number(text) * 1000
		: /[a-z]/i.test(text)
			? Date.parse(text) - now
			: NaN;
	if (Number.isNaN(ms)) return undefined;
	return Math.min(Math.max(ms, 0), settings.maxRetryAfterMs);
}
