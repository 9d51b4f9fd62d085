import axios, { type AxiosRequestConfig } from 'axios';

import { addBlockListEntry } from './sandbox/routes/blockListEntries';
import { INSTANTLY_ENDPOINT_LIMITS, INSTANTLY_RATE_LIMIT, Sandbox, startSandbox } from './sandbox';

// The sandbox is only as good as its resemblance to Instantly: these pin the behaviours the node relies on.
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	sandbox.rateLimit = false;
});

function call(config: AxiosRequestConfig & { auth?: never }, key: string | null = sandbox.apiKey) {
	return axios.request({
		baseURL: sandbox.url,
		validateStatus: () => true,
		...config,
		headers: { ...(key === null ? {} : { Authorization: `Bearer ${key}` }), ...(config.headers ?? {}) },
	});
}

it('answers 401 with Instantly’s error body without or with a wrong Bearer key', async () => {
	const missing = await call({ url: '/api/v2/block-lists-entries' }, null);
	expect(missing.status).toBe(401);
	expect(missing.data).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Missing Authorization header' });
	const wrong = await call({ url: '/api/v2/block-lists-entries' }, 'nope');
	expect(wrong.data.message).toBe('Invalid API key');
});

it('validates bodies as the schema says: required, additionalProperties false, types', async () => {
	const required = await call({ method: 'POST', url: '/api/v2/block-lists-entries', data: {} });
	expect([required.status, required.data.message]).toEqual([400, "body must have required property 'bl_value'"]);
	const extra = await call({ method: 'POST', url: '/api/v2/block-lists-entries', data: { bl_value: 'a.com', x: 1 } });
	expect([extra.status, extra.data.message]).toEqual([400, 'body must NOT have additional properties']);
	const type = await call({ method: 'POST', url: '/api/v2/block-lists-entries', data: { bl_value: 5 } });
	expect([type.status, type.data.message]).toEqual([400, 'body/bl_value must be string']);
});

it('refuses an empty PATCH and a JSON content type without a body', async () => {
	const entry = addBlockListEntry(sandbox.state, 'a.com');
	const empty = await call({ method: 'PATCH', url: `/api/v2/block-lists-entries/${entry.id}`, data: {} });
	expect([empty.status, empty.data.message]).toEqual([400, 'body must NOT have fewer than 1 properties']);
	const noBody = await call({
		method: 'DELETE',
		url: `/api/v2/block-lists-entries/${entry.id}`,
		headers: { 'Content-Type': 'application/json' },
	});
	expect(noBody.status).toBe(400);
	expect(noBody.data.message).toContain('Body cannot be empty');
});

it('keeps limit within 1–100 and paginates with next_starting_after, absent on the last page', async () => {
	const entries = Array.from({ length: 5 }, (_, i) => addBlockListEntry(sandbox.state, `d${i}.com`));
	for (const limit of [0, 101, 'x']) {
		const res = await call({ url: '/api/v2/block-lists-entries', params: { limit } });
		expect(res.status).toBe(400);
	}
	const first = await call({ url: '/api/v2/block-lists-entries', params: { limit: 2 } });
	expect(first.data.items.map((e: { id: string }) => e.id)).toEqual([entries[0].id, entries[1].id]);
	expect(first.data.next_starting_after).toBe(entries[1].id);
	const last = await call({ url: '/api/v2/block-lists-entries', params: { limit: 3, starting_after: entries[1].id } });
	expect(last.data.items).toHaveLength(3);
	expect(last.data).not.toHaveProperty('next_starting_after');
	const unknown = await call({ url: '/api/v2/block-lists-entries/unknown' });
	expect([unknown.status, unknown.data.message]).toEqual([404, 'Resource not found']);
});

it('rate limits per second with 429 and, when asked, a Retry-After header', async () => {
	// Its clock stands still, so the 8 requests arrive within one second however slowly a busy machine sends them.
	const frozen = await startSandbox({ now: () => Date.parse('2026-01-01T00:00:00Z') });
	try {
		frozen.rateLimit = { perSecond: 5, perMinute: 6000, retryAfter: true };
		const answers = await Promise.all(
			Array.from({ length: 8 }, () => axios.request({
				baseURL: frozen.url,
				url: '/api/v2/block-lists-entries',
				validateStatus: () => true,
				headers: { Authorization: `Bearer ${frozen.apiKey}` },
			})),
		);
		const limited = answers.filter((a) => a.status === 429);
		expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
		expect(limited).toHaveLength(3);
		expect(limited[0].data).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded' });
		expect(limited[0].headers['retry-after']).toBe('1');
		expect(frozen.rateLimited).toBe(3);
	} finally {
		await frozen.close();
	}
});

it('injects faults for a number of matching requests, then behaves normally', async () => {
	sandbox.inject({ fault: { kind: 'status', status: 503 }, method: 'GET', times: 1 });
	const first = await call({ url: '/api/v2/block-lists-entries' });
	const second = await call({ url: '/api/v2/block-lists-entries' });
	expect([first.status, second.status]).toEqual([503, 200]);
	expect(sandbox.requests.map((r) => r.status)).toEqual([503, 200]);
});

describe('an endpoint’s own limit (GET /api/v2/emails: 20 per sliding minute), whatever route module serves it', () => {
	// A throwaway module standing in for the Unibox routes; the limit is the sandbox's, by method and path.
	const emails = () => [
		{ method: 'GET' as const, path: '/api/v2/emails', handle: () => ({ items: [] }) },
		{ method: 'GET' as const, path: '/api/v2/emails/:id', handle: ({ params }: { params: Record<string, string> }) => ({ id: params.id }) },
	];
	let t = 0;
	let limited: Sandbox;
	beforeAll(async () => {
		limited = await new Sandbox({ routes: [emails], now: () => t, rateLimit: { ...INSTANTLY_RATE_LIMIT, retryAfter: true } }).start();
	});
	afterAll(async () => await limited.close());
	const get = (url: string) =>
		axios.get(`${limited.url}${url}`, { validateStatus: () => true, headers: { Authorization: `Bearer ${limited.apiKey}` } });

	it('is on by default: the 21st within a minute is answered 429 with Retry-After, not counted; the others flow', async () => {
		expect(limited.endpointLimits).toEqual(INSTANTLY_ENDPOINT_LIMITS);
		for (let i = 0; i < 20; i++) {
			t = 1000 + i * 100;
			expect((await get('/api/v2/emails?limit=100')).status).toBe(200);
		}
		t = 30_000;
		const refused = await get('/api/v2/emails');
		expect(refused.status).toBe(429);
		expect(refused.data).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded' });
		// The first of the 20 arrived at 1 s: a slot frees at 61 s, 31 s from now.
		expect(refused.headers['retry-after']).toBe('31');
		// Other endpoints, the same resource's included, are not limited by it.
		expect((await get('/api/v2/emails/e1')).status).toBe(200);
		t = 60_999;
		expect((await get('/api/v2/emails')).status).toBe(429);
		t = 61_000; // sliding: the 1st has left the window, the refused ones never counted
		expect((await get('/api/v2/emails')).status).toBe(200);
		expect((await get('/api/v2/emails')).status).toBe(429);
		expect(limited.rateLimited).toBe(3);
	});

	it('can be turned off, and sends Retry-After only as the key’s limit does', async () => {
		const plain = await new Sandbox({ routes: [emails], now: () => t }).start();
		const off = await new Sandbox({ routes: [emails], now: () => t, endpointLimits: false }).start();
		try {
			const statuses = async (s: Sandbox) => {
				const answers = [];
				for (let i = 0; i < 21; i++) answers.push(await axios.get(`${s.url}/api/v2/emails`, { validateStatus: () => true, headers: { Authorization: `Bearer ${s.apiKey}` } }));
				return answers;
			};
			const limitedAnswers = await statuses(plain);
			expect(limitedAnswers.map((a) => a.status).filter((s) => s === 429)).toHaveLength(1);
			expect(limitedAnswers[20].headers['retry-after']).toBeUndefined();
			expect((await statuses(off)).every((a) => a.status === 200)).toBe(true);
		} finally {
			await plain.close();
			await off.close();
		}
	});
});
