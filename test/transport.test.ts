import { NodeApiError } from 'n8n-workflow';

import { describeText, redact, rejectedField } from '../nodes/Instantly/shared/errors';
import { createLimiterRegistry, rateLimiterFor, useLimiterRegistry, type LimiterRegistry } from '../nodes/Instantly/shared/limiterRegistry';
import type { LimiterOptions } from '../nodes/Instantly/shared/rateLimiter';
import { backoff, DEFAULT_RETRY, retryAfterMs } from '../nodes/Instantly/shared/retry';
import { instantlyApiRequest, limiterKey, type InstantlyRequest } from '../nodes/Instantly/shared/transport';
import { SimulatedInstantly, transportContext, VirtualClock, type SimulatedAnswer } from './virtualTime';

describe('Retry-After', () => {
	const now = Date.parse('2026-01-01T00:00:00Z');

	it.each([
		['2', 2000],
		['0', 0],
		['1.5', 1500],
		[' 3 ', 3000],
		['Thu, 01 Jan 2026 00:00:05 GMT', 5000],
		['Wed, 31 Dec 2025 23:59:00 GMT', 0],
	])('reads %j as %i ms', (value, ms) => {
		expect(retryAfterMs({ 'retry-after': value }, now)).toBe(ms);
	});

	it.each([[undefined], [''], ['soon'], ['-1']])('ignores %j (then backoff applies)', (value) => {
		expect(retryAfterMs(value === undefined ? {} : { 'retry-after': value }, now)).toBeUndefined();
	});

	it('caps a very long Retry-After', () => {
		expect(retryAfterMs({ 'retry-after': '86400' }, now)).toBe(DEFAULT_RETRY.maxRetryAfterMs);
		expect(retryAfterMs({ 'retry-after': '86400' }, now, { ...DEFAULT_RETRY, maxRetryAfterMs: 5000 })).toBe(5000);
	});
});

describe('backoff', () => {
	it('doubles with each attempt, between half and all of its ceiling, up to the maximum', () => {
		for (let attempt = 1; attempt <= 10; attempt++) {
			const ceiling = Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** (attempt - 1));
			expect(backoff(attempt, DEFAULT_RETRY, () => 0)).toBe(Math.round(ceiling / 2));
			expect(backoff(attempt, DEFAULT_RETRY, () => 0.999999)).toBe(Math.round(ceiling));
			expect(backoff(attempt, DEFAULT_RETRY, () => 0.5)).toBe(Math.round(ceiling * 0.75));
		}
	});

	it('is jittered, so callers that failed together do not come back together', () => {
		const draws = [0.1, 0.4, 0.7];
		expect(draws.map((d) => backoff(3, DEFAULT_RETRY, () => d))).toEqual([220, 280, 340]);
	});
});

describe('error wording', () => {
	it.each([
		["body must have required property 'bl_value'", 'bl_value'],
		['body/email must match format "email"', 'email'],
		['body/custom_variables/score must be string,number,boolean,null', 'custom_variables.score'],
		['querystring/limit must be <= 100', 'limit'],
		['body must NOT have additional properties', undefined],
		['Invalid campaign', undefined],
	])('finds the field a 400 names in %j', (message, field) => {
		expect(rejectedField(message)).toBe(field);
	});

	it('describes a gateway’s HTML page instead of showing it', () => {
		expect(describeText('<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>…</body></html>')).toBe(
			'an HTML page (“502 Bad Gateway”) instead of JSON',
		);
		expect(describeText('x'.repeat(400))).toHaveLength(301);
	});

	it('redacts the key wherever it occurs', () => {
		expect(redact('Bearer sk-123456 rejected; sk-123456 is revoked', 'sk-123456')).toBe('Bearer *** rejected; *** is revoked');
		expect(redact('nothing to hide', '')).toBe('nothing to hide');
	});
});

/**
 * The transport's retry loop and the limiter together, in virtual time, against a simulated Instantly:
 * every ticket is settled exactly once whatever the answer, a 429 is resent up to the attempt limit and
 * never dropped or duplicated, 5xx and resets are resent only when that cannot create twice.
 */
describe('the transport with the limiter', () => {
	let clock: VirtualClock;
	let api: SimulatedInstantly;
	let previous: LimiterRegistry;

	function install(options: LimiterOptions = {}): void {
		useLimiterRegistry(createLimiterRegistry({ clock, ...options }));
	}

	beforeEach(() => {
		clock = new VirtualClock();
		api = new SimulatedInstantly(clock);
		previous = useLimiterRegistry(createLimiterRegistry({ clock }));
		jest.spyOn(Math, 'random').mockReturnValue(0.5);
	});
	afterEach(() => {
		useLimiterRegistry(previous);
		jest.restoreAllMocks();
	});

	const limiter = () => rateLimiterFor(limiterKey('https://simulated.instantly.invalid', 'sk-simulated'));

	/** Sends every request at once; resolves to each one's body or error. */
	async function send(requests: InstantlyRequest[], signal?: AbortSignal): Promise<Array<unknown>> {
		const ctx = transportContext(api, { signal });
		return await clock.run(
			Promise.all(
				requests.map(async (request) => {
					try {
						return await instantlyApiRequest.call(ctx, request);
					} catch (error) {
						return error;
					}
				}),
			),
		);
	}

	/** Fault the first `times` requests matching `method` with `answer`. */
	function fault(answer: SimulatedAnswer, times: number, method?: string) {
		let left = times;
		api.answer = (request) => {
			if (left > 0 && (!method || request.method === method)) {
				left--;
				return answer;
			}
			return undefined;
		};
	}

	const creates = (count: number): InstantlyRequest[] =>
		Array.from({ length: count }, (_, i) => ({ method: 'POST', url: '/api/v2/block-lists-entries', body: { bl_value: `d${i}.example.com` } }));

	it('a 429 is resent, first in the queue, until it is answered: every create exactly once', async () => {
		fault({ status: 429 }, 3, 'POST');
		const results = await send(creates(5));

		expect(results.map((r) => (r as { bl_value: string }).bl_value)).toEqual(creates(5).map((r) => r.body!.bl_value));
		const created = api.requests.filter((r) => r.status === 200).map((r) => r.body!.bl_value);
		expect(created.sort()).toEqual(creates(5).map((r) => r.body!.bl_value as string).sort());
		expect(api.requests).toHaveLength(5 + 3);
		expect(limiter().inFlight).toBe(0);
	});

	it('gives up after the attempt limit with the 429, having waited the backoff between attempts', async () => {
		install({ retry: { maxAttempts: 3, baseDelayMs: 100 } });
		fault({ status: 429 }, 100);
		const [error] = await send(creates(1));

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('429');
		expect((error as NodeApiError).description).toMatch(/Gave up after 3 attempts/);
		expect(api.requests).toHaveLength(3);
		// Backoff with Math.random at 0.5: ¾ of 100 and 200 ms; the limiter's own pauses come on top.
		expect(clock.sleeps).toEqual(expect.arrayContaining([75, 150]));
		expect(limiter().inFlight).toBe(0);
	});

	it('a Retry-After holds every request of the key, not only the refused one', async () => {
		install({ adaptive: { slowStart: 0 } }); // the three leave in one burst (slow start has its own tests)
		fault({ status: 429, headers: { 'retry-after': '2' } }, 1);
		await send(creates(3));

		// Starts 2.5 ms apart, 5 ms each way: the 429 is seen at 10, when the other two have left; the
		// refused one is sent again at 2,010 and arrives at 2,015.
		expect(api.requests.map((r) => [r.at, r.status])).toEqual([
			[5, 429],
			[7.5, 200],
			[10, 200],
			[2015, 200],
		]);
	});

	it.each(['GET', 'PATCH', 'DELETE'] as const)('%s answered 502, 503, 504 and reset is resent and succeeds', async (method) => {
		const answers: SimulatedAnswer[] = [{ status: 502 }, { status: 503 }, { status: 504 }, 'reset'];
		api.answer = (_, i) => answers[i];
		const [result] = await send([{ method, url: '/api/v2/block-lists-entries/x', body: method === 'PATCH' ? { bl_value: 'a.example.com' } : undefined }]);

		expect(result).not.toBeInstanceOf(Error);
		expect(api.requests.map((r) => r.status)).toEqual([502, 503, 504, 0, 200]);
		expect(limiter().inFlight).toBe(0);
	});

	it.each([{ status: 503 }, 'reset'] as SimulatedAnswer[])('a create answered %j is not resent', async (answer) => {
		fault(answer, 1);
		const [error] = await send(creates(1));

		expect(error).toBeInstanceOf(NodeApiError);
		expect(api.requests).toHaveLength(1);
		expect(limiter().inFlight).toBe(0);
		// It may have been carried out and counted: its slot is held a window on.
		expect(limiter().held(1000)).toBe(1);
	});

	it('every ticket is settled once: answered, refused, failed, not sent, and when sending throws', async () => {
		install({ adaptive: { slowStart: 0 } }); // all leave in one burst, so the answers go in this order
		const answers: Array<SimulatedAnswer | undefined> = [undefined, { status: 400, body: { message: 'bad' } }, { status: 429 }, 'reset', { status: 503 }];
		api.answer = (_, i) => answers[i];
		const results = await send([
			...creates(4),
			{ method: 'GET', url: '/api/v2/block-lists-entries/x' },
			{ method: 'GET', url: '/not-sent', abandon: () => true },
		]);

		expect(results.filter((r) => r instanceof NodeApiError).map((r) => (r as NodeApiError).message)).toEqual([
			'Instantly answered 400: bad',
			'The connection to Instantly was interrupted',
			'Not sent: an earlier item failed and the node stops on errors',
		]);
		// The 429 (a create) and the 503 (the GET) were resent.
		expect(api.requests.map((r) => `${r.method} ${r.status}`).sort()).toEqual(
			['POST 200', 'POST 400', 'POST 429', 'POST 0', 'GET 503', 'POST 200', 'GET 200'].sort(),
		);
		expect(api.requests.map((r) => r.url)).not.toContain('/not-sent');
		expect(limiter().inFlight).toBe(0);

		// A helper that throws before anything is sent settles its ticket too.
		const ctx = transportContext(api);
		(ctx.helpers as unknown as { httpRequestWithAuthentication: () => never }).httpRequestWithAuthentication = () => {
			throw new TypeError('broken');
		};
		const thrown = await clock.run(instantlyApiRequest.call(ctx, { method: 'GET', url: '/x' }).catch((error: Error) => error));
		expect(thrown).toBeInstanceOf(NodeApiError);
		expect(limiter().inFlight).toBe(0);
	});

	it('an execution stopped during a 90 s Retry-After wait ends at once: the wait is cut short, nothing more is sent', async () => {
		fault({ status: 429, headers: { 'retry-after': '90' } }, 1);
		const controller = new AbortController();
		const ctx = transportContext(api, { signal: controller.signal });
		const pending = instantlyApiRequest.call(ctx, { method: 'GET', url: '/x' }).catch((error: Error) => error);
		await clock.advance(1000);
		expect(api.requests).toHaveLength(1);
		controller.abort();
		const result = await clock.run(pending);

		expect((result as NodeApiError).message).toBe('The execution was cancelled before Instantly answered');
		expect(api.requests).toHaveLength(1);
		// Ended when stopped, not after the 90 s.
		expect(clock.now()).toBeLessThan(2000);
		expect(limiter().inFlight).toBe(0);
	});

	it('an execution cancelled while its requests wait: they leave the queue, nothing is sent for them', async () => {
		install({ windows: [{ limit: 1, ms: 1000 }] });
		const controller = new AbortController();
		const ctx = transportContext(api, { signal: controller.signal });
		const pending = creates(3).map(async (request) => await instantlyApiRequest.call(ctx, request).catch((error: Error) => error));
		await clock.advance(500); // the first was answered at 10; its slot is held until 1,010
		controller.abort();
		const results = await clock.run(Promise.all(pending));

		expect(api.requests).toHaveLength(1);
		expect(results.filter((r) => r instanceof NodeApiError).map((r) => (r as NodeApiError).message)).toEqual([
			'The execution was cancelled before Instantly answered',
			'The execution was cancelled before Instantly answered',
		]);
		expect(limiter().waiting).toBe(0);
	});
});
