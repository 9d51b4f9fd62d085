/**
 * Issue 6: reliability under Instantly's rate limit, faults and bad input, through n8n-core's real
 * engine against the sandbox's fault modes. Each test runs with a limiter registry of its own, its
 * retry waits shortened; the sandbox's own rate limits are small so that a limit is actually hit.
 * Nothing here measures time: what counts is what the sandbox received and what the node put out.
 * Timeouts too are independent of the machine's load (`timeouts.ts`): a request the sandbox hangs fails
 * as the node's Timeout makes it fail, and one it answers, however late, is never abandoned.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { inspect } from 'node:util';
import {
	LoggerProxy,
	NodeApiError,
	type IDataObject,
	type INodeExecutionData,
	type INodeParameters,
} from 'n8n-workflow';

import { createLimiterRegistry, rateLimiterFor, useLimiterRegistry, type LimiterRegistry } from '../nodes/Instantly/shared/limiterRegistry';
import type { RateLimiter } from '../nodes/Instantly/shared/rateLimiter';
import type { RetrySettings } from '../nodes/Instantly/shared/retry';
import { limiterKey } from '../nodes/Instantly/shared/transport';
import { runNode, type Credentials, type RunOptions, type RunResult } from './engine';
import { startSandbox, type RecordedRequest, type Sandbox } from './sandbox';
import { addBlockListEntry, blockListEntries } from './sandbox/routes/blockListEntries';
import { addCampaign } from './sandbox/routes/campaigns';
import { timeoutsOnHang } from './timeouts';

const ENTRIES = '/api/v2/block-lists-entries';
const KEY = 'sk-live-RELIABILITY-0123456789abcdef';

let sandbox: Sandbox;
let credentials: Credentials;
let previous: LimiterRegistry;
let requestTimeouts: ReturnType<typeof timeoutsOnHang>;

/** Short waits for single faults: retries happen within milliseconds. */
const QUICK = { baseDelayMs: 20, maxDelayMs: 200 };
/**
 * Against a sandbox limited to 20/s the backoff must outlast its one-second window, as the real
 * one (0.5 s doubling to 30 s) outlasts Instantly's; scaled down so tests stay short.
 */
const RATE_LIMITED = { baseDelayMs: 100, maxDelayMs: 1000 };

beforeAll(async () => {
	sandbox = await startSandbox({ apiKey: KEY });
	credentials = { apiKey: sandbox.apiKey, baseUrl: sandbox.url };
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => {
	// The key's rate adapts to 429s: each test starts at Instantly's full rate, not where the last one left it.
	previous = useLimiterRegistry(createLimiterRegistry({ retry: QUICK }));
	sandbox.reset();
	sandbox.rateLimit = false;
	requestTimeouts = timeoutsOnHang(sandbox);
});
afterEach(() => {
	requestTimeouts.restore();
	useLimiterRegistry(previous);
	jest.restoreAllMocks();
});

/** Runs the rest of the test with these retry settings (on top of QUICK), in a fresh registry. */
function retrying(retry: Partial<RetrySettings>): void {
	useLimiterRegistry(createLimiterRegistry({ retry: { ...QUICK, ...retry } }));
}

/** The sandbox key's limiter, as the transport will find it. */
function keyLimiter(): RateLimiter {
	return rateLimiterFor(limiterKey(sandbox.url, KEY));
}

const domains = (count: number, prefix = 'd') => Array.from({ length: count }, (_, i) => `${prefix}-${i}.example.com`);

interface RunExtras {
	onError?: RunOptions['onError'];
	/** The node's "Request Options" (Timeout, Batching, …). */
	requestOptions?: INodeParameters;
}

async function createEntries(values: string[], extras: RunExtras = { onError: 'continueRegularOutput' }): Promise<RunResult> {
	return await runNode({
		parameters: {
			resource: 'blockListEntry',
			operation: 'create',
			blValue: '={{ $json.value }}',
			...(extras.requestOptions ? { requestOptions: extras.requestOptions } : {}),
		},
		items: values.map((value) => ({ value })),
		credentials,
		onError: 'onError' in extras ? extras.onError : 'continueRegularOutput',
	});
}

async function getEntries(ids: string[], extras: RunExtras = {}): Promise<RunResult> {
	return await runNode({
		parameters: {
			resource: 'blockListEntry',
			operation: 'get',
			blockListEntryId: '={{ $json.id }}',
			...(extras.requestOptions ? { requestOptions: extras.requestOptions } : {}),
		},
		items: ids.map((id) => ({ id })),
		credentials,
		onError: 'onError' in extras ? extras.onError : 'continueRegularOutput',
	});
}

function seed(count: number): string[] {
	return domains(count, 'seeded').map((value) => addBlockListEntry(sandbox.state, value).id);
}

/** Output items and error items together: exactly one per input item, each paired to its own input. */
function expectOnePerInput(result: RunResult, inputs: number): INodeExecutionData[] {
	expect(result.error).toBeUndefined();
	const all = [...result.items, ...result.errorItems];
	expect(all).toHaveLength(inputs);
	const paired = all.map((item) => (item.pairedItem as { item: number }).item).sort((a, b) => a - b);
	expect(paired).toEqual(Array.from({ length: inputs }, (_, i) => i));
	return [...all].sort(
		(a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item,
	);
}

/** n8n keeps only the message in an error item's JSON; what to do is in its error's description. */
function descriptionOf(item: INodeExecutionData): string | undefined {
	return (item.error as { description?: string } | undefined)?.description ?? undefined;
}

function createdValues(): string[] {
	return [...blockListEntries(sandbox.state).values()].map((entry) => entry.bl_value);
}

function expectNoDuplicates() {
	const values = createdValues();
	expect(values.length).toBe(new Set(values).size);
}

function posts(): RecordedRequest[] {
	return sandbox.requestsTo('POST', ENTRIES);
}

describe('throttle: one credential stays under Instantly’s 100 requests per second', () => {
	it('250 creates started at once by the declarative engine reach the API paced, each created once', async () => {
		sandbox.rateLimit = { perSecond: 100, perMinute: 6000 };
		const values = domains(250);
		const result = await createEntries(values);

		const outputs = expectOnePerInput(result, 250);
		outputs.forEach((item, i) => {
			expect(item.error).toBeUndefined();
			expect(item.json.bl_value).toBe(values[i]);
		});
		expect(createdValues().sort()).toEqual([...values].sort());
		// Without the limiter, 250 requests at once get ~150 answers 429. Each request holds its slot
		// until a second after its answer, so however late a busy machine sends or reads it, the
		// sandbox (counting on arrival) never sees more than 100 within a second: not one 429.
		expect(sandbox.rateLimited).toBe(0);
		expect(sandbox.busiestWindow(1000)).toBeLessThanOrEqual(100);
		expect(posts()).toHaveLength(250);
		expect(keyLimiter().inFlight).toBe(0);
	});

	it('two workflows using the same credential at the same time share one budget', async () => {
		sandbox.rateLimit = { perSecond: 100, perMinute: 6000 };
		const [a, b] = await Promise.all([createEntries(domains(120, 'a')), createEntries(domains(120, 'b'))]);
		expectOnePerInput(a, 120);
		expectOnePerInput(b, 120);
		expect([...a.items, ...b.items].filter((item) => item.error)).toHaveLength(0);
		expect(createdValues()).toHaveLength(240);
		// A limiter per run would let both send 100/s at once: about a hundred answers 429.
		expect(sandbox.rateLimited).toBe(0);
		expect(sandbox.busiestWindow(1000)).toBeLessThanOrEqual(100);
	});
});

describe('retry: 429 is waited out and resent, a bounded number of times', () => {
	it('rate limit without Retry-After: backs off and creates every entry exactly once', async () => {
		sandbox.rateLimit = { perSecond: 20, perMinute: 6000 };
		// The first three answers are 429 whatever the timing, so the retries are always exercised.
		sandbox.inject({ fault: { kind: 'status', status: 429 }, method: 'POST', times: 3 });
		retrying(RATE_LIMITED);
		const values = domains(60);
		const result = await createEntries(values);

		const outputs = expectOnePerInput(result, 60);
		outputs.forEach((item, i) => expect(item.json.bl_value).toBe(values[i]));
		const refused = posts().filter((r) => r.status === 429).length;
		expect(refused).toBeGreaterThanOrEqual(3);
		expect(posts()).toHaveLength(60 + refused);
		expect(createdValues()).toHaveLength(60);
		expectNoDuplicates();
	});

	it('rate limit with Retry-After: every item is created exactly once', async () => {
		sandbox.rateLimit = { perSecond: 20, perMinute: 6000, retryAfter: true };
		sandbox.inject({ fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } }, method: 'POST', times: 1 });
		retrying(RATE_LIMITED);
		const values = domains(30);
		const result = await createEntries(values);

		expectOnePerInput(result, 30).forEach((item, i) => expect(item.json.bl_value).toBe(values[i]));
		expect(posts().filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);
		expect(posts()).toHaveLength(30 + posts().filter((r) => r.status === 429).length);
		expect(createdValues()).toHaveLength(30);
		expectNoDuplicates();
	});

	it('honours Retry-After: every request of the key is held for as long as Instantly asked, then it is resent', async () => {
		sandbox.inject({
			fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } },
			method: 'POST',
			times: 1,
		});
		const limited = jest.spyOn(keyLimiter(), 'limited');
		const acquire = jest.spyOn(keyLimiter(), 'acquire');
		const result = await createEntries(['only.example.com']);

		expect(result.items.map((item) => item.json.bl_value)).toEqual(['only.example.com']);
		expect(posts().map((r) => r.status)).toEqual([429, 200]);
		// The limiter was told to hold the whole key for Instantly's 1 s (its unit tests show that it
		// does, in virtual time), and the request queued again at the head of the line.
		expect(limited.mock.calls.map(([, wait, retryAfter]) => [wait, retryAfter])).toEqual([[1000, true]]);
		expect(acquire.mock.calls.map(([options]) => options?.first)).toEqual([false, true]);
	});

	it('without Retry-After, waits grow exponentially between attempts', async () => {
		jest.spyOn(Math, 'random').mockReturnValue(0.5);
		sandbox.inject({ fault: { kind: 'status', status: 429 }, method: 'GET', times: 3 });
		const [id] = seed(1);
		const limited = jest.spyOn(keyLimiter(), 'limited');
		const result = await getEntries([id]);

		expect(result.items[0].json.id).toBe(id);
		expect(sandbox.requestsTo('GET', `${ENTRIES}/${id}`).map((r) => r.status)).toEqual([429, 429, 429, 200]);
		// Backoff for attempt n: ¾ (the jitter at its middle) of 20 ms × 2^(n-1), this request's own wait.
		expect(limited.mock.calls.map(([, wait]) => wait)).toEqual([15, 30, 60]);
		expect(limited.mock.results.map((r) => r.value)).toEqual([15, 30, 60]);
	});

	it('gives up after the attempt limit with a NodeApiError that says what happened', async () => {
		retrying({ maxAttempts: 3 });
		sandbox.inject({ fault: { kind: 'status', status: 429 }, method: 'POST' });
		const result = await createEntries(['a.example.com', 'b.example.com']);

		const outputs = expectOnePerInput(result, 2);
		for (const item of outputs) {
			expect(item.error).toBeInstanceOf(NodeApiError);
			expect((item.error as NodeApiError).httpCode).toBe('429');
			expect(item.json.error).toBe('Instantly answered 429: Too Many Requests');
			expect(descriptionOf(item)).toMatch(/rate limit .* was still exceeded after waiting and retrying/);
			expect(descriptionOf(item)).toMatch(/Gave up after 3 attempts and [\d.]+ s of waiting/);
			expect(descriptionOf(item)).toContain(`(POST ${ENTRIES})`);
		}
		expect(posts()).toHaveLength(6);
	});

	it('without On Error → Continue, the node fails with that same error', async () => {
		retrying({ maxAttempts: 2 });
		sandbox.inject({ fault: { kind: 'status', status: 429 }, method: 'POST' });
		const result = await createEntries(['a.example.com'], { onError: undefined });

		// A failed node's error is stored as n8n reports it: the NodeApiError's fields, spread.
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('Instantly answered 429: Too Many Requests');
		expect(result.error?.description).toMatch(/Gave up after 2 attempts/);
	});
});

describe('transient failures: retried for GET, PATCH and DELETE, never for a create', () => {
	it.each([502, 503, 504])('GET answered %i twice is retried and succeeds', async (status) => {
		const [id] = seed(1);
		sandbox.inject({ fault: { kind: 'status', status }, method: 'GET', times: 2 });
		const result = await getEntries([id]);

		expect(result.items.map((item) => item.json.id)).toEqual([id]);
		expect(sandbox.requests.map((r) => r.status)).toEqual([status, status, 200]);
	});

	it('PATCH and DELETE are retried after a 503', async () => {
		const [first, second] = seed(2);
		sandbox.inject({ fault: { kind: 'status', status: 503 }, times: 2 });
		const update = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'update', blockListEntryId: first, blValue: 'new.example.com' },
			credentials,
		});
		expect(update.items[0].json).toMatchObject({ id: first, bl_value: 'new.example.com' });
		sandbox.inject({ fault: { kind: 'status', status: 503 }, times: 1 });
		const removal = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'delete', blockListEntryId: second },
			credentials,
		});
		expect(removal.items[0].json).toMatchObject({ id: second });
		expect(sandbox.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
			'PATCH 503',
			'PATCH 503',
			'PATCH 200',
			'DELETE 503',
			'DELETE 200',
		]);
	});

	it('POST answered 503 is not resent: that item fails with the reason, the others are created', async () => {
		sandbox.inject({ fault: { kind: 'status', status: 503 }, method: 'POST', times: 1 });
		const values = domains(3);
		const result = await createEntries(values);

		const outputs = expectOnePerInput(result, 3);
		const failed = outputs.filter((item) => item.error);
		expect(failed).toHaveLength(1);
		expect(failed[0].json.error).toBe('Instantly answered 503: Service Unavailable');
		expect(descriptionOf(failed[0])).toMatch(/temporary problem.*not sent again.*duplicate/);
		expect(posts()).toHaveLength(3);
		expect(createdValues()).toHaveLength(2);
	});

	it('a dropped connection is retried for GET', async () => {
		const [id] = seed(1);
		sandbox.inject({ fault: { kind: 'drop' }, method: 'GET', times: 2 });
		const result = await getEntries([id]);

		expect(result.items.map((item) => item.json.id)).toEqual([id]);
		expect(sandbox.requests.map((r) => r.status)).toEqual([0, 0, 200]);
	});

	it('a POST whose connection dropped after Instantly created the entry is not resent: no duplicate', async () => {
		sandbox.inject({ fault: { kind: 'drop', processed: true }, method: 'POST', times: 1 });
		const result = await createEntries(['dropped.example.com']);

		const [item] = expectOnePerInput(result, 1);
		expect(item.json.error).toBe('The connection to Instantly was interrupted');
		expect(descriptionOf(item)).toMatch(/not sent again.*check in Instantly/);
		expect(posts()).toHaveLength(1);
		expect(createdValues()).toEqual(['dropped.example.com']);
	});

	it('a GET still failing after the attempt limit is reported with the attempts made', async () => {
		retrying({ maxAttempts: 3 });
		const [id] = seed(1);
		sandbox.inject({ fault: { kind: 'status', status: 502 }, method: 'GET' });
		const result = await getEntries([id]);

		expect(result.items[0].json.error).toBe('Instantly answered 502: Bad Gateway');
		expect(descriptionOf(result.items[0])).toMatch(/temporary problem.*Gave up after 3 attempts/);
		expect(sandbox.requests).toHaveLength(3);
	});
});

describe('timeouts and slow or broken answers', () => {
	it('a hung GET is abandoned after the node’s Timeout option and reported, not retried', async () => {
		const [id] = seed(1);
		sandbox.inject({ fault: { kind: 'hang' }, method: 'GET' });
		const result = await getEntries([id], { requestOptions: { timeout: 300 } });

		const [item] = expectOnePerInput(result, 1);
		expect(item.error).toBeInstanceOf(NodeApiError);
		expect(item.json.error).toBe('Instantly did not answer within 300 ms');
		expect(descriptionOf(item)).toMatch(/abandoned after the node's timeout.*raise "Timeout"/);
		expect(sandbox.requests).toHaveLength(1);
		// Not answered, perhaps counted: its slot stays held a second; nothing is left in flight.
		expect(keyLimiter().inFlight).toBe(0);
	});

	it('a create that timed out after Instantly carried it out is not resent', async () => {
		sandbox.inject({ fault: { kind: 'hang', processed: true }, method: 'POST', times: 1 });
		const result = await createEntries(['slow.example.com', 'fast.example.com'], { requestOptions: { timeout: 300 } });

		const outputs = expectOnePerInput(result, 2);
		expect(outputs[0].json.error).toBe('Instantly did not answer within 300 ms');
		expect(descriptionOf(outputs[0])).toMatch(/not sent again/);
		expect(outputs[1].json.bl_value).toBe('fast.example.com');
		expect(posts()).toHaveLength(2);
		expect(createdValues().sort()).toEqual(['fast.example.com', 'slow.example.com']);
	});

	it('a slow answer within the timeout is waited for', async () => {
		sandbox.inject({ fault: { kind: 'delay', ms: 400 }, method: 'POST', times: 1 });
		const result = await createEntries(['slow.example.com'], { requestOptions: { timeout: 2000 } });

		expect(result.items.map((item) => item.json.bl_value)).toEqual(['slow.example.com']);
		expect(posts()).toHaveLength(1);
		expect(requestTimeouts.timeouts).toEqual([2000]);
	});

	it('a custom operation (Add Many) honours the node’s Timeout option too', async () => {
		const campaign = addCampaign(sandbox.state, 'Reliability');
		sandbox.inject({ fault: { kind: 'hang' }, method: 'POST', path: '/api/v2/leads/add' });
		const result = await runNode({
			parameters: {
				resource: 'lead',
				operation: 'addMany',
				addTo: 'campaign',
				campaignId: campaign.id,
				email: '={{ $json.email }}',
				requestOptions: { timeout: 300 },
			},
			items: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
			credentials,
			onError: 'continueRegularOutput',
		});

		const outputs = expectOnePerInput(result, 2);
		for (const item of outputs) expect(item.json.error).toBe('Instantly did not answer within 300 ms');
		expect(sandbox.requestsTo('POST', '/api/v2/leads/add')).toHaveLength(1);
	});

	it('a GET answered with malformed JSON is reported as such', async () => {
		const [id] = seed(1);
		sandbox.inject({ fault: { kind: 'malformed' }, method: 'GET', times: 1 });
		const result = await getEntries([id]);

		expect(result.items[0].json.error).toBe('Instantly sent an answer that is not valid JSON');
		expect(descriptionOf(result.items[0])).toMatch(/answered 200 with \{"items": \[/);
	});

	it('a create answered with malformed JSON says it probably succeeded, and is not resent', async () => {
		sandbox.inject({ fault: { kind: 'malformed' }, method: 'POST', times: 1 });
		const result = await createEntries(['garbled.example.com']);

		expect(result.items[0].json.error).toBe('Instantly sent an answer that is not valid JSON');
		expect(descriptionOf(result.items[0])).toMatch(/probably succeeded.*not sent again/);
		expect(posts()).toHaveLength(1);
		expect(createdValues()).toEqual(['garbled.example.com']);
	});

	it('a gateway’s HTML error page is described, not dumped, and retried for GET', async () => {
		const [id] = seed(1);
		sandbox.inject({ fault: { kind: 'malformed', status: 502 }, method: 'GET', times: 1 });
		const ok = await getEntries([id]);
		expect(ok.items.map((item) => item.json.id)).toEqual([id]);

		sandbox.inject({ fault: { kind: 'malformed', status: 502 }, method: 'POST', times: 1 });
		const failed = await createEntries(['gateway.example.com']);
		expect(failed.items[0].json.error).toBe('Instantly answered 502: an HTML page (“502 Bad Gateway”) instead of JSON');
		expect(posts()).toHaveLength(1);
	});
});

describe('errors: NodeApiError with the status, Instantly’s message and what to do', () => {
	it('401: check the key and its scopes', async () => {
		const result = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'get', blockListEntryId: 'x' },
			credentials: { ...credentials, apiKey: 'sk-live-WRONG-key-9876543210' },
		});
		// A failed node's error is stored as n8n reports it: the NodeApiError's fields, spread.
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.httpCode).toBe('401');
		expect(result.error?.message).toBe('Instantly answered 401: Invalid API key');
		expect(result.error?.description).toMatch(/Check the API key .* scopes/);
		expect(JSON.stringify(result.run)).not.toContain('sk-live-WRONG-key-9876543210');
	});

	it('402: the workspace needs a paid plan', async () => {
		sandbox.inject({
			fault: { kind: 'status', status: 402, body: { statusCode: 402, error: 'Payment Required', message: 'No active paid plan' } },
		});
		const result = await createEntries(['plan.example.com']);
		expect((result.items[0].error as NodeApiError).httpCode).toBe('402');
		expect(result.items[0].json.error).toBe('Instantly answered 402: No active paid plan');
		expect(descriptionOf(result.items[0])).toMatch(/needs an active paid plan/);
	});

	it('404: the ID does not exist', async () => {
		const result = await getEntries(['019a0000-0000-7000-8000-00000000dead']);
		expect((result.items[0].error as NodeApiError).httpCode).toBe('404');
		expect(result.items[0].json.error).toBe('Instantly answered 404: Resource not found');
		expect(descriptionOf(result.items[0])).toMatch(/The ID does not exist/);
		expect(sandbox.requests).toHaveLength(1);
	});

	it('400: names the field Instantly rejected', async () => {
		sandbox.inject({
			fault: {
				kind: 'status',
				status: 400,
				body: { statusCode: 400, error: 'Bad Request', message: 'body/bl_value must NOT have fewer than 3 characters' },
			},
		});
		const result = await createEntries(['ab.example.com']);
		expect((result.items[0].error as NodeApiError).httpCode).toBe('400');
		expect(result.items[0].json.error).toBe('Instantly answered 400: body/bl_value must NOT have fewer than 3 characters');
		expect(descriptionOf(result.items[0])).toMatch(/Instantly rejected the field "bl_value"/);
		expect(sandbox.requests).toHaveLength(1);
	});

	it('the API key appears in no message, output, serialized error or log line, whatever the fault', async () => {
		const logged: unknown[] = [];
		const logger = Container.get(Logger);
		const spies = (['debug', 'info', 'warn', 'error'] as const).flatMap((level) => [
			jest.spyOn(logger, level).mockImplementation((...args: unknown[]) => void logged.push(args)),
			jest.spyOn(LoggerProxy, level).mockImplementation((...args: unknown[]) => void logged.push(args)),
		]);
		retrying({ maxAttempts: 2 });
		try {
			const [id] = seed(1);
			const faults = [
				{ kind: 'status', status: 429 },
				{ kind: 'status', status: 503 },
				{ kind: 'drop' },
				{ kind: 'hang' },
				{ kind: 'malformed' },
				{ kind: 'malformed', status: 502 },
			] as const;
			const results: RunResult[] = [];
			let sent = 0;
			for (const fault of faults) {
				sandbox.inject({ fault });
				results.push(await getEntries([id], { requestOptions: { timeout: 300 } }));
				results.push(await createEntries(['k.example.com'], { requestOptions: { timeout: 300 } }));
				results.push(await createEntries(['k.example.com'], { onError: undefined, requestOptions: { timeout: 300 } }));
				// The key was there to leak: every request carried it.
				expect(sandbox.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
				sent += sandbox.requests.length;
				sandbox.resetLog();
			}
			expect(sent).toBeGreaterThanOrEqual(faults.length * 3);
			let errors = 0;
			for (const result of results) {
				for (const item of [...result.items, result]) {
					const error = 'error' in item ? item.error : undefined;
					if (error) {
						errors++;
						// An item's error is the NodeApiError itself; a failed node's is as n8n stores it.
						if (item !== result) expect(error).toBeInstanceOf(NodeApiError);
						expect(`${error.message} ${error.description}`).not.toContain(KEY);
						expect(JSON.stringify(error)).not.toContain(KEY);
						expect(inspect(error, { depth: 8, showHidden: true })).not.toContain(KEY);
					}
				}
				expect(JSON.stringify(result.run)).not.toContain(KEY);
			}
			expect(errors).toBe(faults.length * 3);
			expect(logged.length).toBeGreaterThan(0);
			expect(inspect(logged, { depth: 8 })).not.toContain(KEY);
		} finally {
			spies.forEach((spy) => spy.mockRestore());
		}
	});
});

describe('no loss: one output or error item per input item, paired to it, under every fault', () => {
	it('creates under a mix of rate limiting and faults', async () => {
		sandbox.rateLimit = { perSecond: 20, perMinute: 6000 };
		retrying(RATE_LIMITED);
		sandbox.inject({ fault: { kind: 'status', status: 503 }, method: 'POST', times: 2 });
		sandbox.inject({ fault: { kind: 'drop', processed: true }, method: 'POST', times: 2 });
		sandbox.inject({ fault: { kind: 'malformed' }, method: 'POST', times: 2 });
		sandbox.inject({ fault: { kind: 'hang', processed: true }, method: 'POST', times: 1 });
		sandbox.inject({ fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } }, method: 'POST', times: 2 });
		const values = domains(40);
		values[7] = 'not a domain'; // bad input: fails before anything is sent for it
		const result = await createEntries(values, { requestOptions: { timeout: 500 }, onError: 'continueErrorOutput' });

		const outputs = expectOnePerInput(result, 40);
		outputs.forEach((item, i) => {
			if (result.items.includes(item)) expect(item.json.bl_value).toBe(values[i]);
			else expect(item.json.error).toEqual(expect.any(String));
		});
		// 1 invalid + 2 × 503 + 2 drops + 2 malformed + 1 timeout; every 429 was waited out.
		expect(result.errorItems).toHaveLength(8);
		expect(posts().filter((r) => r.body && (r.body as IDataObject).bl_value === 'not a domain')).toHaveLength(0);
		expectNoDuplicates();
		// Answers lost after Instantly created the entry (drop, malformed, timeout) still created it once.
		expect(createdValues()).toHaveLength(39 - 2);
		// Every request was sent with the node's Timeout; only the hung one was abandoned.
		expect(new Set(requestTimeouts.timeouts)).toEqual(new Set([500]));
		expect(outputs.filter((item) => item.json.error === 'Instantly did not answer within 500 ms')).toHaveLength(1);
	});

	it('gets under rate limiting, 5xx, resets and slow answers: every item succeeds', async () => {
		sandbox.rateLimit = { perSecond: 20, perMinute: 6000 };
		retrying(RATE_LIMITED);
		const ids = seed(40);
		sandbox.inject({ fault: { kind: 'status', status: 502 }, method: 'GET', times: 3 });
		sandbox.inject({ fault: { kind: 'drop' }, method: 'GET', times: 3 });
		sandbox.inject({ fault: { kind: 'delay', ms: 200 }, method: 'GET', times: 3 });
		sandbox.inject({ fault: { kind: 'status', status: 429 }, method: 'GET', times: 3 });
		const result = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'get', blockListEntryId: '={{ $json.id }}' },
			items: ids.map((id) => ({ id })),
			credentials,
			onError: 'continueErrorOutput',
		});

		const outputs = expectOnePerInput(result, 40);
		expect(result.errorItems).toHaveLength(0);
		outputs.forEach((item, i) => expect(item.json.id).toBe(ids[i]));
	});
});
