import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { coerceQuery, validate, type Schema } from './schema';
import { HttpError, SandboxState, STATUS_TEXT } from './state';

/**
 * A stateful, in-memory Instantly API v2 on 127.0.0.1, written from Instantly's own documentation:
 * Bearer auth, Fastify-style validation errors, cursor pagination, 404s, an optional rate limiter
 * (100/s and 6,000/min by default) and injectable faults. Resource modules add their routes.
 */

export interface RecordedRequest {
	method: string;
	path: string;
	/** A key given more than once (`ids=a&ids=b`) is a list, as Instantly's server (Fastify) reads it. */
	query: Record<string, string | string[]>;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
	rawBody: string;
	/** Status answered; 0 when the connection was dropped or never answered. */
	status: number;
	/** With a `processed` hang or drop: the status the request was carried out with, though never answered. */
	processedStatus?: number;
	/** When it arrived (ms since epoch). */
	at: number;
}

export interface RouteContext {
	params: Record<string, string>;
	query: Record<string, unknown>;
	body: any;
	state: SandboxState;
	sandbox: Sandbox;
}

export interface Reply {
	status: number;
	body: unknown;
}

export interface Route {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
	/** e.g. `/api/v2/block-lists-entries/:id` */
	path: string;
	query?: Schema;
	/** The request body schema; a route without one takes no body. */
	body?: Schema;
	handle(ctx: RouteContext): unknown | Reply | Promise<unknown | Reply>;
}

export type RouteModule = (sandbox: Sandbox) => Route[];

/**
 * What can go wrong between n8n and Instantly. `processed: true` makes the fault strike after
 * Instantly carried the request out (the record exists, the answer is lost): the case that makes
 * resending a create unsafe.
 */
export type Fault =
	/** An answer from a gateway in front of Instantly: the request is not carried out. */
	| { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
	/** A slow answer: waits `ms` before handling the request. */
	| { kind: 'delay'; ms: number }
	/** Never answers; the connection stays open until the client gives up. */
	| { kind: 'hang'; processed?: boolean }
	/** Closes the connection without an answer (the client sees a reset / socket hang up). */
	| { kind: 'drop'; processed?: boolean }
	/**
	 * An answer that is not JSON: by default the request is carried out and its answer cut short;
	 * with `status`, a gateway answers that status with `text` (e.g. an HTML error page) instead.
	 */
	| { kind: 'malformed'; status?: number; text?: string };

export interface FaultRule {
	fault: Fault;
	method?: string;
	/** A path prefix or a pattern; all paths when absent. */
	path?: string | RegExp;
	/** How many matching requests it hits; every one when absent. */
	times?: number;
	/** Matching requests it lets through first (e.g. 1: the second matching request is the first hit). */
	after?: number;
}

export interface RateLimit {
	perSecond: number;
	perMinute: number;
	/** Send `Retry-After` (seconds) with a 429, as some gateways do; Instantly's docs do not promise it. */
	retryAfter?: boolean;
}

/**
 * An endpoint Instantly limits on its own, below the workspace's budget: `limit` requests within any
 * `ms` (sliding, counted on arrival, 429s not counted), matched by method and path whatever route
 * module serves it.
 */
export interface EndpointRateLimit {
	method: string;
	/** An exact path, or a pattern. */
	path: string | RegExp;
	limit: number;
	ms: number;
	/** Send `Retry-After` with its 429s; by default as the key's limit does (`RateLimit.retryAfter`). */
	retryAfter?: boolean;
}

export interface SandboxOptions {
	apiKey?: string;
	host?: string;
	port?: number;
	rateLimit?: RateLimit | false;
	/** Endpoints' own limits, on by default (Instantly's: INSTANTLY_ENDPOINT_LIMITS); false turns them off. */
	endpointLimits?: EndpointRateLimit[] | false;
	/** The clock the limits count by (Date.now); a test may hand in its own. */
	now?: () => number;
	/** Added to every answer, in ms. */
	latencyMs?: number;
	routes?: RouteModule[];
}

export const DEFAULT_API_KEY = 'sandbox-key-0123456789';
export const INSTANTLY_RATE_LIMIT: RateLimit = { perSecond: 100, perMinute: 6000 };
/** "List emails" allows 20 requests per minute (Instantly's API reference). */
export const INSTANTLY_ENDPOINT_LIMITS: readonly EndpointRateLimit[] = Object.freeze([
	{ method: 'GET', path: '/api/v2/emails', limit: 20, ms: 60_000 },
]);

export function reply(status: number, body: unknown): Reply {
	return { status, body };
}

function isReply(value: unknown): value is Reply {
	return (
		typeof value === 'object' &&
		value !== null &&
		Object.keys(value).length === 2 &&
		'status' in value &&
		'body' in value
	);
}

interface CompiledRoute extends Route {
	pattern: RegExp;
	names: string[];
}

export class Sandbox {
	readonly state = new SandboxState();

	readonly requests: RecordedRequest[] = [];

	apiKey: string;

	rateLimit: RateLimit | false;

	endpointLimits: EndpointRateLimit[] | false;

	latencyMs: number;

	/**
	 * Told of each request the sandbox will never answer (a `hang`), when it decides so: lets a test make
	 * the client's timeout fire for exactly that request, whatever the machine's load (`test/timeouts.ts`).
	 */
	onHang?: (request: RecordedRequest) => void;

	/** Requests in progress now, and the most there ever were at once. */
	inFlight = 0;

	peakInFlight = 0;

	/** 429s the rate limiter answered. */
	rateLimited = 0;

	private readonly routes: CompiledRoute[] = [];

	private faults: Array<FaultRule & { hits: number; passed: number }> = [];

	private accepted: number[] = [];

	/** Arrival times each endpoint limit counted, oldest first. */
	private acceptedAt = new Map<EndpointRateLimit, number[]>();

	private readonly now: () => number;

	private server?: Server;

	private readonly sockets = new Set<Socket>();

	private readonly hanging = new Set<ServerResponse>();

	url = '';

	constructor(private readonly options: SandboxOptions = {}) {
		this.apiKey = options.apiKey ?? DEFAULT_API_KEY;
		this.rateLimit = options.rateLimit ?? false;
		this.endpointLimits = options.endpointLimits === false ? false : [...(options.endpointLimits ?? INSTANTLY_ENDPOINT_LIMITS)];
		this.now = options.now ?? Date.now;
		this.latencyMs = options.latencyMs ?? 0;
		for (const module of options.routes ?? []) this.use(module);
	}

	use(module: RouteModule): this {
		for (const route of module(this)) {
			const names: string[] = [];
			const source = route.path.replace(/:(\w+)/g, (_, name: string) => {
				names.push(name);
				return '([^/]+)';
			});
			this.routes.push({ ...route, pattern: new RegExp(`^${source}$`), names });
		}
		return this;
	}

	async start(): Promise<this> {
		this.server = createServer((req, res) => void this.handle(req, res));
		this.server.keepAliveTimeout = 5000;
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve) =>
			this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve),
		);
		const { address, port } = this.server.address() as AddressInfo;
		this.url = `http://${address}:${port}`;
		return this;
	}

	async close(): Promise<void> {
		for (const res of this.hanging) res.destroy();
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	/** Forget requests, faults and counters (the data stays). */
	resetLog(): void {
		this.requests.length = 0;
		this.faults = [];
		this.accepted = [];
		this.acceptedAt.clear();
		this.peakInFlight = this.inFlight;
		this.rateLimited = 0;
	}

	/** Forget everything, data included. */
	reset(): void {
		this.resetLog();
		this.state.clear();
	}

	inject(rule: FaultRule): void {
		this.faults.push({ ...rule, hits: 0, passed: 0 });
	}

	/** Requests that reached a route (method and exact path, or a pattern). */
	requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
		return this.requests.filter(
			(r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
		);
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		this.inFlight++;
		this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
		res.on('close', () => {
			this.inFlight--;
			this.hanging.delete(res);
		});
		const url = new URL(req.url ?? '/', 'http://sandbox');
		const rawBody = await readBody(req);
		const record: RecordedRequest = {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: queryOf(url.searchParams),
			headers: { ...req.headers },
			body: undefined,
			rawBody,
			status: 0,
			at: this.now(),
		};
		try {
			record.body = rawBody ? JSON.parse(rawBody) : undefined;
		} catch {
			record.body = rawBody;
		}
		this.requests.push(record);

		const fault = this.takeFault(record);
		const lostAnswer = (fault?.kind === 'hang' || fault?.kind === 'drop') && fault.processed;
		if (fault?.kind === 'hang' && !lostAnswer) {
			this.hanging.add(res);
			this.onHang?.(record);
			return;
		}
		if (fault?.kind === 'drop' && !lostAnswer) {
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'delay') await delay(fault.ms);
		if (this.latencyMs) await delay(this.latencyMs);

		if (fault?.kind === 'malformed' && fault.status !== undefined) {
			record.status = fault.status;
			res.writeHead(fault.status, { 'content-type': 'text/html; charset=utf-8' });
			res.end(fault.text ?? `<html><head><title>${fault.status} ${STATUS_TEXT[fault.status] ?? 'Error'}</title></head><body>nginx</body></html>`);
			return;
		}

		let status: number;
		let body: unknown;
		let headers: Record<string, string> = {};
		try {
			if (fault?.kind === 'status') {
				headers = fault.headers ?? {};
				throw new HttpError(fault.status, String((fault.body as { message?: string })?.message ?? STATUS_TEXT[fault.status] ?? 'Error'), headers);
			}
			const result = await this.dispatch(req, record);
			if (isReply(result)) ({ status, body } = result);
			else [status, body] = [200, result];
		} catch (error) {
			// A bug in a route answers 500 as a server would, instead of taking the sandbox down.
			const failure = error instanceof HttpError ? error : new HttpError(500, String((error as Error)?.message ?? error));
			status = failure.status;
			headers = failure.headers;
			body =
				fault?.kind === 'status' && fault.body !== undefined
					? fault.body
					: { statusCode: status, error: STATUS_TEXT[status] ?? 'Error', message: failure.message };
		}
		if (lostAnswer) {
			// Carried out, but the answer never arrives.
			record.processedStatus = status;
			if (fault?.kind === 'drop') req.socket.destroy();
			else {
				this.hanging.add(res);
				this.onHang?.(record);
			}
			return;
		}
		record.status = status;
		const text = fault?.kind === 'malformed' ? (fault.text ?? '{"items": [ {"id": ') : JSON.stringify(body ?? {});
		res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
		res.end(text);
	}

	/**
	 * The most requests that arrived within any `ms` (1,000 by default): what Instantly's own
	 * counter would have seen, 429s included.
	 */
	busiestWindow(ms = 1000): number {
		return busiest(this.requests.map((r) => r.at), ms);
	}

	private takeFault(record: RecordedRequest): Fault | undefined {
		const rule = this.faults.find(
			(f) =>
				(f.times === undefined || f.hits < f.times) &&
				(!f.method || f.method === record.method) &&
				(!f.path || (typeof f.path === 'string' ? record.path.startsWith(f.path) : f.path.test(record.path))),
		);
		if (!rule) return undefined;
		if (rule.passed < (rule.after ?? 0)) {
			rule.passed++;
			return undefined;
		}
		rule.hits++;
		return rule.fault;
	}

	private async dispatch(req: IncomingMessage, record: RecordedRequest): Promise<unknown> {
		const auth = req.headers.authorization;
		if (!auth) throw new HttpError(401, 'Missing Authorization header');
		if (auth !== `Bearer ${this.apiKey}`) throw new HttpError(401, 'Invalid API key');
		this.checkRateLimit(record);

		const candidates = this.routes.filter((r) => r.pattern.test(record.path));
		const route = candidates.find((r) => r.method === record.method);
		if (!route) {
			throw new HttpError(404, `Route ${record.method}:${record.path} not found`);
		}
		const params: Record<string, string> = {};
		const match = route.pattern.exec(record.path)!;
		route.names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1])));

		const contentType = String(req.headers['content-type'] ?? '');
		if (contentType.includes('application/json') && record.rawBody === '') {
			throw new HttpError(400, "Body cannot be empty when content-type is set to 'application/json'");
		}
		if (record.rawBody !== '' && typeof record.body === 'string') {
			throw new HttpError(400, 'Body is not valid JSON');
		}
		if (route.body) {
			if (record.body === undefined && (route.body.required?.length || route.body.minProperties)) {
				throw new HttpError(400, 'body must be object');
			}
			if (record.body !== undefined) {
				const error = validate(record.body, route.body, 'body');
				if (error) throw new HttpError(400, error);
			}
		}
		const query = coerceQuery(record.query, route.query ?? {});
		if (route.query) {
			const error = validate(query, { ...route.query, type: 'object' }, 'querystring');
			if (error) throw new HttpError(400, error);
		}
		return await route.handle({ params, query, body: record.body, state: this.state, sandbox: this });
	}

	/**
	 * The key's budget (when `rateLimit` is on), then the endpoint's own limit: a request over either is
	 * answered 429 and counted by neither (Instantly does not count what it refuses).
	 */
	private checkRateLimit(record: RecordedRequest): void {
		const now = record.at;
		let lastSecond = 0;
		if (this.rateLimit) {
			while (this.accepted.length && this.accepted[0] <= now - 60_000) this.accepted.shift();
			for (let i = this.accepted.length - 1; i >= 0 && this.accepted[i] > now - 1000; i--) lastSecond++;
			if (lastSecond >= this.rateLimit.perSecond || this.accepted.length >= this.rateLimit.perMinute) {
				const until =
					this.accepted.length >= this.rateLimit.perMinute
						? this.accepted[0] + 60_000
						: this.accepted[this.accepted.length - lastSecond] + 1000;
				this.refuse(now, until, this.rateLimit.retryAfter);
			}
		}
		const endpoint = this.endpointLimits
			? this.endpointLimits.find(
					(e) => e.method === record.method && (typeof e.path === 'string' ? e.path === record.path : e.path.test(record.path)),
				)
			: undefined;
		const times = endpoint && (this.acceptedAt.get(endpoint) ?? []);
		if (endpoint && times) {
			while (times.length && times[0] <= now - endpoint.ms) times.shift();
			if (times.length >= endpoint.limit) {
				this.refuse(now, times[times.length - endpoint.limit] + endpoint.ms, endpoint.retryAfter ?? (this.rateLimit && this.rateLimit.retryAfter));
			}
			times.push(now);
			this.acceptedAt.set(endpoint, times);
		}
		if (this.rateLimit) this.accepted.push(now);
	}

	/** Answers 429; with `retryAfter`, says in whole seconds (at least 1) how long until `until`, when a slot frees. */
	private refuse(now: number, until: number, retryAfter: boolean | undefined): never {
		this.rateLimited++;
		const headers: Record<string, string> = {};
		if (retryAfter) headers['retry-after'] = String(Math.max(1, Math.ceil((until - now) / 1000)));
		throw new HttpError(429, 'Rate limit exceeded', headers);
	}
}

/** A request's body as text. */
function queryOf(params: URLSearchParams): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	for (const key of new Set(params.keys())) {
		const values = params.getAll(key);
		query[key] = values.length > 1 ? values : values[0];
	}
	return query;
}

export function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** A JSON answer (the control API's and the scripted model's). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
}

function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Finds a record or answers Instantly's 404. */
export function mustFind<T>(collection: Map<string, T>, id: string): T {
	const record = collection.get(id);
	if (!record) throw new HttpError(404, 'Resource not found');
	return record;
}

/** Most of `times` within any `ms`-long stretch (a sliding window, as Instantly counts). */
export function busiest(times: number[], ms: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let most = 0;
	for (let start = 0, end = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[start] >= ms) start++;
		most = Math.max(most, end - start + 1);
	}
	return most;
}
