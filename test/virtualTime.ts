/**
 * Virtual time for the limiter and the transport: a clock whose `sleep` fires in time order only when
 * the test runs it, so start times are exact numbers and nothing depends on how busy the machine is.
 * Also a simulated Instantly (counting each request when it arrives, 100 per sliding second, 429s not
 * counted) and the little of n8n's execute context the transport uses, to drive the real transport in
 * virtual time.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse, INode } from 'n8n-workflow';

import { createLimiterRegistry, useLimiterRegistry, type LimiterRegistry } from '../nodes/Instantly/shared/limiterRegistry';
import type { Clock } from '../nodes/Instantly/shared/rateLimiter';

interface Timer {
	at: number;
	seq: number;
	resolve(): void;
}

/** Lets every promise continuation that is ready run (the microtask queue drains before an immediate). */
export const settle = async () => await new Promise<void>((resolve) => setImmediate(resolve));

export class VirtualClock implements Clock {
	private t: number;

	private seq = 0;

	private timers: Timer[] = [];

	private stalls: Array<{ from: number; to: number }> = [];

	/** Every sleep asked for, in order. */
	readonly sleeps: number[] = [];

	constructor(start = 0) {
		this.t = start;
	}

	now = (): number => this.t;

	sleep = async (ms: number): Promise<void> => {
		this.sleeps.push(ms);
		await new Promise<void>((resolve) => this.schedule({ at: this.t + Math.max(0, ms), seq: this.seq++, resolve }));
	};

	/** Keeps the timers in firing order: by time, then by when they were set. */
	private schedule(timer: Timer): void {
		let low = 0;
		let high = this.timers.length;
		while (low < high) {
			const mid = (low + high) >> 1;
			if (this.timers[mid].at <= timer.at) low = mid + 1;
			else high = mid;
		}
		this.timers.splice(low, 0, timer);
	}

	/**
	 * Between `from` and `to` nothing runs, as when n8n's event loop is busy evaluating expressions:
	 * whatever was due in between happens at `to`, all together.
	 */
	stall(from: number, to: number): void {
		this.stalls.push({ from, to });
	}

	/** Fires timers in time order (one at a time, letting everything ready run in between) until `done` settles. */
	async run<T>(done: Promise<T>, maxMs = 3_600_000): Promise<T> {
		let finished = false;
		done.then(
			() => (finished = true),
			() => (finished = true),
		);
		for (;;) {
			await settle();
			if (finished) return await done;
			if (!this.timers.length) throw new Error(`Nothing scheduled at ${this.t} ms, and the run is not done: a wait that never ends`);
			const timer = this.timers.shift()!;
			const stall = this.stalls.find((s) => timer.at >= s.from && timer.at < s.to);
			this.t = Math.max(this.t, stall ? stall.to : timer.at);
			if (this.t > maxMs) throw new Error(`Still running after ${maxMs} virtual ms`);
			timer.resolve();
		}
	}

	/** Runs for `ms` of virtual time: fires every timer due by then. */
	async advance(ms: number): Promise<void> {
		const until = this.t + ms;
		for (;;) {
			await settle();
			if (!this.timers.length || this.timers[0].at > until) break;
			const timer = this.timers.shift()!;
			this.t = Math.max(this.t, timer.at);
			timer.resolve();
		}
		this.t = until;
		await settle();
	}
}

export { busiest } from './sandbox/server';

export interface SimulatedRequest {
	method: string;
	url: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** When it arrived, in virtual ms. */
	at: number;
	status: number;
	/** Sent by the node (through the transport), not by another client of the key. */
	own: boolean;
}

export type SimulatedAnswer = { status: number; headers?: IDataObject; body?: unknown } | 'reset';

/** An endpoint Instantly limits on its own: `limit` requests within any `ms`, counted apart from the key's budget. */
export interface SimulatedEndpointLimit {
	method: string;
	url: string;
	limit: number;
	ms: number;
}

/**
 * Instantly as far as its limit goes: counts a request when it arrives, `perSecond` per sliding
 * second and `perMinute` per sliding minute, and `endpoints` their own; refuses the rest with 429 (not
 * counted). `answer` can replace the answer of a request (a fault), `respond` gives a 200's body;
 * `latency` is each way, in virtual ms.
 */
export class SimulatedInstantly {
	readonly requests: SimulatedRequest[] = [];

	perSecond = 100;

	perMinute = 6000;

	latency: (index: number) => { up: number; down: number } = () => ({ up: 5, down: 5 });

	answer?: (request: SimulatedRequest, index: number) => SimulatedAnswer | undefined;

	respond?: (request: SimulatedRequest, index: number) => unknown;

	endpoints: SimulatedEndpointLimit[] = [];

	private accepted: number[] = [];

	private acceptedAt = new Map<SimulatedEndpointLimit, number[]>();

	private sent = 0;

	constructor(private readonly clock: VirtualClock) {}

	get limited(): number {
		return this.requests.filter((r) => r.status === 429).length;
	}

	/** Arrival times of the requests Instantly counted (everything but its 429s). */
	get counted(): number[] {
		return this.accepted;
	}

	async send(options: { method?: string; url: string; qs?: IDataObject; body?: IDataObject }, own = true): Promise<IN8nHttpFullResponse> {
		const index = this.sent++;
		const { up, down } = this.latency(index);
		await this.clock.sleep(up);
		const request: SimulatedRequest = { method: options.method ?? 'GET', url: options.url, qs: options.qs, body: options.body, at: this.clock.now(), status: 0, own };
		this.requests.push(request);
		let answer = this.answer?.(request, index);
		if (answer === undefined) {
			const at = request.at;
			const lastSecond = this.accepted.filter((t) => t > at - 1000).length;
			const lastMinute = this.accepted.filter((t) => t > at - 60_000).length;
			const endpoint = this.endpoints.find((e) => e.method === request.method && e.url === request.url);
			const endpointTimes = endpoint ? (this.acceptedAt.get(endpoint) ?? []) : [];
			if (
				lastSecond >= this.perSecond ||
				lastMinute >= this.perMinute ||
				(endpoint && endpointTimes.filter((t) => t > at - endpoint.ms).length >= endpoint.limit)
			) {
				answer = { status: 429, body: { statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded' } };
			} else {
				this.accepted.push(at);
				if (endpoint) this.acceptedAt.set(endpoint, [...endpointTimes, at]);
				answer = { status: 200, body: this.respond?.(request, index) ?? { id: `id-${index}`, ...(options.body ?? {}) } };
			}
		} else if (answer !== 'reset' && answer.status !== 429) {
			this.accepted.push(request.at);
		}
		await this.clock.sleep(down);
		if (answer === 'reset') {
			request.status = 0;
			throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		}
		request.status = answer.status;
		return { statusCode: answer.status, headers: answer.headers ?? {}, body: answer.body ?? {} };
	}
}

const NODE: INode = {
	id: 'instantly',
	name: 'Instantly',
	type: 'n8n-nodes-instantly-v2.instantly',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** The part of n8n's execute context the transport uses, sending to `api`. */
export function transportContext(
	api: SimulatedInstantly,
	options: { apiKey?: string; requestsPerSecond?: number; signal?: AbortSignal } = {},
): IExecuteFunctions {
	const context = {
		getCredentials: async () => ({
			apiKey: options.apiKey ?? 'sk-simulated',
			baseUrl: 'https://simulated.instantly.invalid',
			requestsPerSecond: options.requestsPerSecond,
		}),
		getNode: () => NODE,
		getNodeParameter: () => undefined,
		getExecutionCancelSignal: () => options.signal,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) =>
				await api.send({ method: request.method, url: request.url, qs: request.qs, body: request.body as IDataObject | undefined }),
		},
	};
	return context as unknown as IExecuteFunctions;
}

/**
 * For engine tests against the real sandbox: time jumps over every wait, so a test that waits
 * minutes of polling finishes at once and sees exact times. Only right where one thing waits at a time.
 */
export class SkippingClock implements Clock {
	private t: number;

	readonly sleeps: number[] = [];

	constructor(start = 0) {
		this.t = start;
	}

	now = (): number => this.t;

	sleep = async (ms: number): Promise<void> => {
		this.sleeps.push(ms);
		this.t += Math.max(0, ms);
		await settle();
	};
}

/**
 * For a describe block driving the transport in virtual time: each test gets a fresh limiter registry
 * (a test hands in its own clock with `useLimiterRegistry`), restored after it, and Math.random at 0.5,
 * so backoffs are exact numbers.
 */
export function freshLimitersEachTest(): void {
	let previous: LimiterRegistry;
	beforeEach(() => {
		previous = useLimiterRegistry(createLimiterRegistry());
		jest.spyOn(Math, 'random').mockReturnValue(0.5);
	});
	afterEach(() => {
		useLimiterRegistry(previous);
		jest.restoreAllMocks();
	});
}
