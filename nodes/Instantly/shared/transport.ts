import { createHash } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	NodeApiError,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { describeText, NOT_RESENT, nodeApiError, redact, toNodeApiError } from './errors';
import { clampRate, RateLimitCancelledError, type RateLimiter, rateLimiterFor, type RateTicket } from './rateLimiter';
import { type RequestSettings, requestSettings } from './requestOptions';

export const CREDENTIAL_TYPE = 'instantlyV2Api';

export type InstantlyContext = IExecuteFunctions | IExecuteSingleFunctions | ILoadOptionsFunctions;

export interface InstantlyRequest {
	method: IHttpRequestMethods;
	/** Path under the credential's base URL, e.g. `/api/v2/leads`. */
	url: string;
	qs?: IDataObject;
	/** Left out of the request when empty: Instantly rejects a JSON content type with no body. */
	body?: IDataObject;
	/** Milliseconds before a request that got no answer is abandoned; the node's "Timeout" request option when absent. */
	timeout?: number;
	itemIndex?: number;
	/**
	 * Takes a request that still waits for its turn out of the queue (the execution's cancel signal when absent).
	 * Operations abort it when an item failed and the node stops on errors.
	 */
	signal?: AbortSignal;
	/**
	 * Asked before the request is sent: true when the run has already failed (an earlier item, without
	 * "On Error → Continue"). n8n would discard this item's result anyway, so a queued create is not sent,
	 * and running the workflow again cannot duplicate it.
	 */
	abandon?: () => boolean;
}

/** Retry policy. Mutable so tests can shorten the waits; the defaults are what users get. */
export const RETRY = {
	/**
	 * Requests in all, the first included, before a 429 or a transient failure is reported: with the
	 * delays below, 25–50 s of waiting in all.
	 */
	maxAttempts: 10,
	/**
	 * First backoff; it doubles with each attempt, with jitter. Short, because a 429 pauses every
	 * request of the key and the limiter already paces at the limit: an odd 429 (a request delayed on
	 * the wire) should cost little; a persistent one backs off quickly to seconds.
	 */
	baseDelayMs: 100,
	maxDelayMs: 30_000,
	/** A longer Retry-After is cut to this, so one answer cannot stall a run for hours. */
	maxRetryAfterMs: 90_000,
};

/** Methods that may be sent twice without creating twice: only these are retried after a 5xx or a dropped connection. */
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PATCH', 'DELETE']);
const TRANSIENT_STATUS: ReadonlySet<number> = new Set([502, 503, 504]);

type NetworkReason = 'timeout' | 'reset' | 'cancelled' | 'unreachable' | 'other';

/**
 * The one way a request leaves this node: it waits for the rate limiter, sends with the
 * credential's Bearer key, retries what is safe to retry, and turns every failure into a
 * NodeApiError that carries Instantly's message and status but never the key.
 */
export async function instantlyApiRequest<T = IDataObject>(
	this: InstantlyContext,
	request: InstantlyRequest,
): Promise<T> {
	const { baseURL, secret, limiter, settings, credentialsDecrypted } = await connect(this);
	const signal = request.signal ?? cancelSignal(this);
	const { method } = request;
	const timeout = request.timeout ?? settings.timeout;
	const options: IHttpRequestOptions = {
		method,
		baseURL,
		url: request.url,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout,
	};
	if (request.qs && Object.keys(request.qs).length) options.qs = request.qs;
	if (request.body && Object.keys(request.body).length) options.body = request.body;
	if (settings.proxy) options.proxy = settings.proxy;
	if (settings.skipSslCertificateValidation) options.skipSslCertificateValidation = true;

	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		let ticket: RateTicket;
		try {
			ticket = await limiter.acquire({ first: attempt > 1, signal });
		} catch (error) {
			if (request.abandon?.()) throw notSent(this, request);
			throw networkError(this, error, 'cancelled', request, attempt - 1, timeout, secret);
		}
		if (attempt === 1 && request.abandon?.()) throw notSent(this, request);
		let response: IN8nHttpFullResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				{ ...options },
				{ credentialsDecrypted },
			)) as IN8nHttpFullResponse;
		} catch (error) {
			const reason = networkReason(error);
			if (reason === 'reset' && IDEMPOTENT.has(method) && attempt < RETRY.maxAttempts) {
				const wait = backoff(attempt);
				log(this, `The connection to Instantly was interrupted; retrying in ${wait} ms`, request, attempt);
				await sleep(wait);
				waitedMs += wait;
				continue;
			}
			throw networkError(this, error, reason, request, attempt, timeout, secret);
		}

		const { statusCode } = response;
		if (statusCode !== 429) limiter.answered(ticket);
		if (statusCode >= 200 && statusCode < 300) {
			return parseBody(this, response, request, secret) as T;
		}
		if (statusCode === 429) {
			// Others (another n8n worker, another tool) use part of the key's budget: the key's rate is
			// cut, and a Retry-After holds back every request of the key, not only this one.
			const retryAfter = retryAfterMs(response.headers);
			const wait = retryAfter ?? backoff(attempt);
			const own = limiter.limited(ticket, wait, retryAfter !== undefined);
			if (attempt < RETRY.maxAttempts) {
				// Instantly did not carry out a request it answered 429, so resending cannot duplicate
				// anything, even a create.
				log(
					this,
					`Instantly answered 429; the key's rate is now ${Math.round(limiter.rate.perSecond)}/s and ${own ? 'this request' : 'every request of this key'} waits ${wait} ms`,
					request,
					attempt,
				);
				if (own) await sleep(own);
				waitedMs += wait;
				continue;
			}
		}
		if (TRANSIENT_STATUS.has(statusCode) && IDEMPOTENT.has(method) && attempt < RETRY.maxAttempts) {
			const wait = backoff(attempt);
			log(this, `Instantly answered ${statusCode}; retrying in ${wait} ms`, request, attempt);
			await sleep(wait);
			waitedMs += wait;
			continue;
		}
		throw toNodeApiError(this.getNode(), {
			method,
			path: request.url,
			itemIndex: request.itemIndex,
			secret,
			statusCode,
			body: response.body,
			attempts: attempt,
			waitedMs,
			resendable: IDEMPOTENT.has(method),
		});
	}
}

/** What every request of one execution shares: read once, not per item or per request. */
export interface Connection {
	baseURL: string;
	/** The API key: only ever sent, and redacted from anything Instantly echoes back. */
	secret: string;
	limiter: RateLimiter;
	settings: RequestSettings;
	/** Handed to n8n's request helper so it does not decrypt the credential again for every request. */
	credentialsDecrypted: ICredentialsDecrypted;
}

const connections = new WeakMap<object, Promise<Connection>>();

/**
 * The credential (decrypted once), its base URL and rate limiter, and the node's request options. An execution's
 * items and tries share one; the editor's pickers and loaders read their own each time.
 */
export async function connect(ctx: InstantlyContext): Promise<Connection> {
	const run = 'getExecuteData' in ctx ? (ctx.getExecuteData() as object | undefined) : undefined;
	if (!run) return await openConnection(ctx);
	let connection = connections.get(run);
	if (!connection) {
		connection = openConnection(ctx);
		connections.set(run, connection);
		// A failed attempt (no credential yet, a bad proxy) is not remembered: the next try reads again.
		connection.catch(() => connections.delete(run));
	}
	return await connection;
}

async function openConnection(ctx: InstantlyContext): Promise<Connection> {
	const data = await ctx.getCredentials<{ apiKey: string; baseUrl?: string; requestsPerSecond?: number }>(
		CREDENTIAL_TYPE,
	);
	const baseURL = normalizeBaseUrl(data.baseUrl);
	const secret = String(data.apiKey ?? '');
	const reference = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
	return {
		baseURL,
		secret,
		// "Requests per Second" is absent in credentials saved before it existed: Instantly's 100 then.
		limiter: rateLimiterFor(limiterKey(baseURL, secret), clampRate(data.requestsPerSecond)),
		settings: requestSettings(ctx.getNode(), readRequestOptions(ctx)),
		credentialsDecrypted: {
			id: reference?.id ?? '',
			name: reference?.name ?? '',
			type: CREDENTIAL_TYPE,
			data: data as unknown as ICredentialDataDecryptedObject,
		},
	};
}

/** The node's Request Options, whatever the context: an execution, or the editor loading a picker. */
function readRequestOptions(ctx: InstantlyContext): IDataObject | undefined {
	try {
		if ('getCurrentNodeParameter' in ctx) {
			return ctx.getCurrentNodeParameter('requestOptions') as IDataObject | undefined;
		}
		if ('getItemIndex' in ctx) return ctx.getNodeParameter('requestOptions', {}) as IDataObject;
		return (ctx as IExecuteFunctions).getNodeParameter('requestOptions', 0, {}) as IDataObject;
	} catch {
		return undefined;
	}
}

/** Said for a queued request of a run that already failed: it was never sent, so nothing can be duplicated. */
function notSent(ctx: InstantlyContext, request: InstantlyRequest): NodeApiError {
	return nodeApiError(
		ctx.getNode(),
		{ message: 'Not sent: the run had already failed' },
		{
			message: 'Not sent: an earlier item failed and the node stops on errors',
			description: `Nothing was sent for this item (${request.method} ${request.url}). Fix the failed item, or set Settings → On Error → Continue to process the others anyway.`,
			itemIndex: request.itemIndex,
		},
	);
}

export function normalizeBaseUrl(baseUrl: string | undefined): string {
	return (baseUrl || 'https://api.instantly.ai').trim().replace(/\/+$/, '');
}

/** The limiter is per workspace key; only a hash of the key is kept in memory. */
export function limiterKey(baseURL: string, apiKey: string): string {
	return `${baseURL}#${createHash('sha256').update(apiKey).digest('hex').slice(0, 16)}`;
}

function cancelSignal(ctx: InstantlyContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
}

/** Only the method, path, status and attempt are logged: never headers, whose Authorization holds the key. */
function log(ctx: InstantlyContext, message: string, request: InstantlyRequest, attempt: number) {
	ctx.logger?.debug(`Instantly node: ${message}`, {
		method: request.method,
		path: request.url,
		attempt,
		itemIndex: request.itemIndex,
	});
}

/** Exponential backoff with jitter (half fixed, half random), so retrying callers do not come back in lockstep. */
export function backoff(attempt: number): number {
	const ceiling = Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: IDataObject | undefined, now = Date.now()): number | undefined {
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
	return Math.min(Math.max(ms, 0), RETRY.maxRetryAfterMs);
}

function parseBody(
	ctx: InstantlyContext,
	response: IN8nHttpFullResponse,
	request: InstantlyRequest,
	secret: string,
) {
	const { body } = response;
	if (typeof body !== 'string') return body ?? {};
	if (body.trim() === '') return {};
	try {
		return JSON.parse(body) as unknown;
	} catch {
		const message = 'Instantly sent an answer that is not valid JSON';
		const parts = [`Instantly answered ${response.statusCode} with ${redact(describeText(body), secret)}.`];
		if (!IDEMPOTENT.has(request.method)) {
			parts.push('The request probably succeeded, but its result could not be read:', NOT_RESENT);
		} else {
			parts.push('Try again in a few minutes.');
		}
		parts.push(`(${request.method} ${request.url})`);
		throw nodeApiError(ctx.getNode(), { message }, {
			message,
			description: parts.join(' '),
			itemIndex: request.itemIndex,
		});
	}
}

function networkReason(error: unknown): NetworkReason {
	if (error instanceof RateLimitCancelledError) return 'cancelled';
	const codes: string[] = [];
	const messages: string[] = [];
	let e = error as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown } | undefined;
	for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
		codes.push(String(e.code ?? ''), String(e.name ?? ''));
		messages.push(String(e.message ?? ''));
		e = e.cause as typeof e;
	}
	const code = codes.join(' ');
	const message = messages.join(' ');
	if (/ERR_CANCELED|AbortError|CanceledError/.test(code) || /\bcanceled\b|aborted by the user/i.test(message)) {
		return 'cancelled';
	}
	if (/ETIMEDOUT|UND_ERR_(HEADERS|BODY|CONNECT)_TIMEOUT/.test(code) || /timeout of \d+ms exceeded|timed out/i.test(message)) {
		return 'timeout';
	}
	if (/ENOTFOUND/.test(code)) return 'unreachable';
	if (/ECONNRESET|EPIPE|ECONNREFUSED|ECONNABORTED|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_SOCKET/.test(code) || /socket hang up|ECONNRESET|terminated/i.test(message)) {
		return 'reset';
	}
	return 'other';
}

/** A fresh error for a request that got no HTTP answer: no cause is attached, because n8n's carries the request headers. */
function networkError(
	ctx: InstantlyContext,
	error: unknown,
	reason: NetworkReason,
	request: InstantlyRequest,
	attempts: number,
	timeout: number,
	secret: string,
): NodeApiError {
	const resendable = IDEMPOTENT.has(request.method);
	const where = `(${request.method} ${request.url})`;
	let message: string;
	let description: string;
	switch (reason) {
		case 'timeout':
			message = `Instantly did not answer within ${formatTimeout(timeout)}`;
			description = `The request was abandoned after the node's timeout. ${
				resendable
					? 'Instantly may be slow right now: try again later, or raise "Timeout" in the node\'s request options.'
					: NOT_RESENT
			} ${where}`;
			break;
		case 'reset':
			message = 'The connection to Instantly was interrupted';
			description = `${
				resendable
					? `It was still interrupted after ${attempts} attempt${attempts === 1 ? '' : 's'}: check the base URL in the credential and the network, then try again.`
					: NOT_RESENT
			} ${where}`;
			break;
		case 'unreachable':
			message = 'The Instantly server could not be found';
			description = `Check the base URL in the credential (normally https://api.instantly.ai). ${where}`;
			break;
		case 'cancelled':
			message = 'The execution was cancelled before Instantly answered';
			description = `The request was not completed. ${where}`;
			break;
		default: {
			const text = error instanceof Error ? error.message : String(error);
			message = `The request to Instantly failed: ${redact(text, secret)}`;
			description = `Check the base URL in the credential and the network. ${where}`;
		}
	}
	return nodeApiError(ctx.getNode(), { message }, { message, description, itemIndex: request.itemIndex });
}

function formatTimeout(ms: number): string {
	return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
