/**
 * Issue 21 item 3: endpoints that Instantly limits on their own (GET /api/v2/emails: 20 requests per
 * minute). The transport paces every request to such an endpoint with the endpoint's own limiter
 * (per key, from the one table in `endpointLimits.ts`) before it takes a place in the key's limiter:
 * a Return All over 6,000 emails draws no 429 and takes the least time the limit allows, and the
 * key's other requests are not held back behind it. All in virtual time.
 */
import type { IDataObject } from 'n8n-workflow';

import { ENDPOINT_LIMITS, endpointMatcher } from '../nodes/Instantly/shared/endpointLimits';
import {
	createLimiterRegistry,
	endpointLimiterFor,
	rateLimiterFor,
	useLimiterRegistry,
} from '../nodes/Instantly/shared/limiterRegistry';
import { paginate } from '../nodes/Instantly/shared/pagination';
import type { LimiterOptions } from '../nodes/Instantly/shared/rateLimiter';
import { instantlyApiRequest, limiterKey } from '../nodes/Instantly/shared/transport';
import { freshLimitersEachTest, SimulatedInstantly, transportContext, VirtualClock, type SimulatedRequest } from './virtualTime';

const EMAILS = '/api/v2/emails';
const KEY = limiterKey('https://simulated.instantly.invalid', 'sk-simulated');

describe('the endpoint table', () => {
	const match = endpointMatcher();

	it('knows GET /api/v2/emails: 20 requests per minute', () => {
		expect(ENDPOINT_LIMITS).toEqual([{ method: 'GET', path: EMAILS, windows: [{ limit: 20, ms: 60_000 }] }]);
		expect(match('GET', EMAILS)).toEqual({ id: `GET ${EMAILS}`, windows: [{ limit: 20, ms: 60_000 }] });
		expect(match('get', `${EMAILS}/`)).toBe(match('GET', EMAILS));
		expect(match('GET', `${EMAILS}?limit=100`)).toBe(match('GET', EMAILS));
	});

	it('leaves the other email endpoints to the key’s budget alone', () => {
		for (const [method, path] of [
			['GET', `${EMAILS}/0199f36c-d715-7d47-bf95-f164c0f957b1`],
			['GET', `${EMAILS}/unread/count`],
			['POST', `${EMAILS}/reply`],
			['POST', EMAILS],
			['GET', '/api/v2/leads'],
		]) {
			expect(match(method, path)).toBeUndefined();
		}
	});

	it('matches `{name}` as one path segment', () => {
		const m = endpointMatcher([{ method: 'POST', path: '/api/v2/x/{id}/go', windows: [{ limit: 5, ms: 1000 }] }]);
		expect(m('POST', '/api/v2/x/abc/go')?.id).toBe('POST /api/v2/x/{id}/go');
		expect(m('POST', '/api/v2/x/a/b/go')).toBeUndefined();
		expect(m('POST', '/api/v2/x//go')).toBeUndefined();
	});

	it('one limiter per key and endpoint in the registry, none for other endpoints', () => {
		const registry = createLimiterRegistry();
		const a = registry.endpointLimiterFor('k1', 'GET', EMAILS);
		expect(a).toBeDefined();
		expect(registry.endpointLimiterFor('k1', 'GET', `${EMAILS}/`)).toBe(a);
		expect(registry.endpointLimiterFor('k2', 'GET', EMAILS)).not.toBe(a);
		expect(registry.endpointLimiterFor('k1', 'GET', '/api/v2/leads')).toBeUndefined();
		expect(a).not.toBe(registry.limiterFor('k1'));
		expect(a!.settings.windows).toEqual([{ limit: 20, ms: 60_000 }]);
		expect(a!.rate.enabled).toBe(false);
	});

	it('lets an endpoint’s limiter go once it is idle, like the key’s', async () => {
		const clock = new VirtualClock();
		const registry = createLimiterRegistry({ clock });
		const first = registry.endpointLimiterFor('k', 'GET', EMAILS)!;
		const ticket = await clock.run(first.acquire());
		await clock.advance(10_000);
		first.answered(ticket);
		await clock.advance(50_000);
		registry.limiterFor('other');
		expect(registry.size).toBe(2); // its slot is held a minute after its answer, until 70 s
		await clock.advance(70_000);
		registry.limiterFor('other');
		expect(registry.size).toBe(1);
	});
});

describe('Return All over a 20-per-minute endpoint, with the key’s other requests (virtual time)', () => {
	freshLimitersEachTest();

	/** Instantly with 6,000 emails in 100-record pages behind its 20-per-minute limit; 5 ms each way. */
	function instantly(options: LimiterOptions & { endpoints?: typeof ENDPOINT_LIMITS } = {}) {
		const clock = new VirtualClock();
		const api = new SimulatedInstantly(clock);
		api.endpoints = [{ method: 'GET', url: EMAILS, limit: 20, ms: 60_000 }];
		const emails = Array.from({ length: 6000 }, (_, i) => ({ id: `e${i}`, thread_id: `t${i >> 1}` }));
		api.respond = (request: SimulatedRequest, index: number) => {
			if (request.url !== EMAILS) return { id: `id-${index}` };
			const after = request.qs?.starting_after;
			const from = after === undefined ? 0 : emails.findIndex((e) => e.id === after) + 1;
			const items = emails.slice(from, from + Number(request.qs?.limit));
			return { items, ...(from + items.length < emails.length ? { next_starting_after: items.at(-1)!.id } : {}) };
		};
		useLimiterRegistry(createLimiterRegistry({ clock, ...options }));
		return { clock, api, ctx: transportContext(api) };
	}

	const emailRequests = (api: SimulatedInstantly) => api.requests.filter((r) => r.url === EMAILS);

	it('6,000 emails: 60 pages, no 429, 20 at once then 20 more a minute after each, the key’s other requests never held back', async () => {
		// Slow start off: before the key's first 429 it keeps its starts up to 10 ms apart, which would move
		// these exact times by a few ms (a real round trip to Instantly is longer than that anyway).
		const { clock, api, ctx } = instantly({ adaptive: { slowStart: 0 } });
		// Another node run of the same key meanwhile: one request to another endpoint every 100 ms for 125 s.
		const asked: number[] = [];
		const started: number[] = [];
		const others = async () => {
			for (let i = 0; i < 1250; i++) {
				await clock.sleep(i ? 100 : 7);
				asked.push(clock.now());
				const request = instantlyApiRequest.call(ctx, { method: 'GET', url: `/api/v2/leads/l${i}` });
				// The simulated request arrives 5 ms after it started.
				void request.then(() => started.push(api.requests.find((r) => r.url === `/api/v2/leads/l${i}`)!.at - 5));
				await request;
			}
		};
		const [records] = await clock.run(Promise.all([paginate.call(ctx, { method: 'GET', url: EMAILS }, 'qs'), others()]));

		expect(records).toHaveLength(6000);
		expect(new Set(records.map((r: IDataObject) => r.id)).size).toBe(6000);
		expect(api.limited).toBe(0);
		const pages = emailRequests(api);
		expect(pages).toHaveLength(60);
		// Each page takes 10 ms there and back. The 21st may start once the 1st's slot is free, a minute
		// after its answer (the one rule that is safe whenever Instantly counts); then each next one as
		// soon as the one before is answered. The least the limit allows, plus one round trip a minute.
		const starts = pages.map((r) => r.at - 5);
		const expected = Array.from({ length: 60 }, (_, k) => Math.floor(k / 20) * 60_010 + (k % 20) * 10);
		expect(starts).toEqual(expected);
		expect(clock.now()).toBeGreaterThanOrEqual(120_020 + 19 * 10 + 10);
		// Every other request started the moment it was asked, pages waiting or not.
		expect(started).toHaveLength(1250);
		expect(started).toEqual(asked);
	});

	it('a Return All waiting for its endpoint takes no place in the key’s queue', async () => {
		const { clock, api, ctx } = instantly();
		const pages = paginate.call(ctx, { method: 'GET', url: EMAILS }, 'qs');
		await clock.advance(30_000); // 20 pages done, the 21st waits for the 1st's slot
		expect(emailRequests(api)).toHaveLength(20);
		const endpoint = endpointLimiterFor(KEY, 'GET', EMAILS)!;
		const key = rateLimiterFor(KEY);
		expect(endpoint.waiting).toBe(1);
		expect(key.waiting).toBe(0);
		// 500 creates asked now leave at the key's pace as if nothing else were waiting.
		const creates = Array.from({ length: 500 }, (_, i) => instantlyApiRequest.call(ctx, { method: 'POST', url: '/api/v2/block-lists-entries', body: { bl_value: `d${i}.example.com` } }));
		await clock.run(Promise.all(creates));
		expect(clock.now()).toBeLessThan(30_000 + 5_000);
		await clock.run(pages);
		expect(api.limited).toBe(0);
	});

	it('a stopped execution takes its request out of the endpoint’s queue at once', async () => {
		const { clock, api } = instantly();
		const controller = new AbortController();
		const ctx = transportContext(api, { signal: controller.signal });
		const pages = paginate.call(ctx, { method: 'GET', url: EMAILS }, 'qs');
		pages.catch(() => undefined);
		await clock.advance(30_000);
		expect(endpointLimiterFor(KEY, 'GET', EMAILS)!.waiting).toBe(1);
		controller.abort();
		await expect(pages).rejects.toThrow();
		expect(endpointLimiterFor(KEY, 'GET', EMAILS)!.waiting).toBe(0);
		expect(rateLimiterFor(KEY).inFlight).toBe(0);
		expect(emailRequests(api)).toHaveLength(20);
	});

	it('without the table the same Return All meets the limit: 429s, and it fails after its ten attempts', async () => {
		const { clock, api, ctx } = instantly({ endpoints: [] });
		await expect(clock.run(paginate.call(ctx, { method: 'GET', url: EMAILS }, 'qs'))).rejects.toThrow(/429/);
		expect(api.limited).toBe(10);
		expect(emailRequests(api).filter((r) => r.status === 200)).toHaveLength(20);
	});

	it('a 429 there (another client used the endpoint) pauses the endpoint for its Retry-After, not the key', async () => {
		const { clock, api, ctx } = instantly();
		api.answer = (request) =>
			request.url === EMAILS && emailRequests(api).length === 1
				? { status: 429, headers: { 'retry-after': '7' }, body: { statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded' } }
				: undefined;
		const pages = paginate.call(ctx, { method: 'GET', url: EMAILS }, 'qs', 300);
		const other = (async () => {
			await clock.sleep(1000);
			return await instantlyApiRequest.call(ctx, { method: 'GET', url: '/api/v2/leads/l1' });
		})();
		const [records] = await clock.run(Promise.all([pages, other]));

		expect(records).toHaveLength(300);
		const starts = emailRequests(api).map((r) => r.at - 5);
		expect(starts).toEqual([0, 7010, 7020, 7030]);
		// The other request went at 1 s, during the endpoint's pause; the key's rate was not cut.
		expect(api.requests.find((r) => r.url === '/api/v2/leads/l1')!.at).toBe(1005);
		expect(rateLimiterFor(KEY).rate.generation).toBe(0);
		expect(rateLimiterFor(KEY).rate.perSecond).toBe(100);
	});

	it('without Retry-After, the endpoint waits at least one request’s share of its window (3 s at 20 a minute)', async () => {
		const { clock, api, ctx } = instantly();
		api.answer = (request) =>
			request.url === EMAILS && emailRequests(api).length <= 2 ? { status: 429, body: { statusCode: 429, message: 'Rate limit exceeded' } } : undefined;
		await clock.run(paginate.call(ctx, { method: 'GET', url: EMAILS }, 'qs', 100));
		expect(emailRequests(api).map((r) => r.at - 5)).toEqual([0, 3010, 6020]);
		expect(rateLimiterFor(KEY).rate.generation).toBe(0);
	});
});
