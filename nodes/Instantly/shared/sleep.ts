import type { Clock } from './rateLimiter';

/**
 * A wait on `clock` that also ends when `signal` aborts (the execution was stopped, or the run failed): a
 * Retry-After of up to 90 s, a Batching interval or Move's polling must not hold a stopped execution. It only
 * ends the wait; what follows (the limiter's turn, the next request) sees the aborted signal and stops.
 */
export async function sleepUnlessAborted(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<void> {
	if (!signal) return await clock.sleep(ms);
	if (signal.aborted) return;
	await new Promise<void>((resolve) => {
		const done = () => {
			signal.removeEventListener('abort', done);
			resolve();
		};
		signal.addEventListener('abort', done, { once: true });
		clock.sleep(ms).then(done, done);
	});
}
