import { createHash } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	NodeApiError,
} from 'n8n-workflow';

import { clampRate } from './adaptiveRate';
import type { NetworkReason, Secrets } from './errors';
import { noAnswerError, notSentError, toNodeApiError, unreadableAnswerError } from './errors';
import { runScope, scoped } from './ledger';
import { endpointLimiterFor, rateLimiterFor } from './limiterRegistry';
import { RateLimitCancelledError, type RateLimiter, type RateTicket } from './rateLimiter';
import { backoff, retryAfterMs } from './retry';
import { sleepUnlessAborted } from './sleep';
import { type RequestSettings, requestSettings } from './requestOptions';

export const CREDENTIAL_TYPE = 'instantlyV2Api';

/** IHookFunctions: the trigger's webhook registration (activation and deactivation). */
export type InstantlyContext = IExecuteFunctions | IExecuteSingleFunctions | ILoadOptionsFunctions | IHookFunctions;

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
	/** Values the request sends that must never appear in an error (its password fields; see request.ts). */
	secrets?: string[];
}

/** Methods that may be sent twice without creating twice: only these are retried after a 5xx or a dropped connection. */
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PATCH', 'DELETE']);
const TRANSIENT_STATUS: ReadonlySet<number> = new Set([502, 503, 504]);


/**
 * The one way a request leaves this node: it waits for the rate limiter, sends with the
 * credential's Bearer key, retries what is safe to retry, and turns every failure into a
 * NodeApiError that carries Instantly's message and status but never the key.
 */
export async function instantlyApiRequest<T = IDataObject>(
	this: InstantlyContext,
	request: InstantlyRequest,
): Promise<T> {
	const { baseURL, secret: apiKey, key, limiter, settings, credentialsDecrypted } = await connect(this);
	const secret: Secrets = request.secrets?.length ? [apiKey, ...request.secrets] : apiKey;
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
	if (request.qs && Object.keys(request.qs).length) {
		options.qs = request.qs;
		// A list in the query as Instantly's server (Fastify) reads one, `ids=a&ids=b`; not axios's `ids[]=a`.
		options.arrayFormat = 'repeat';
	}
	if (request.body && Object.keys(request.body).length) options.body = request.body;
	if (settings.proxy) options.proxy = settings.proxy;
	if (settings.skipSslCertificateValidation) options.skipSslCertificateValidation = true;

	const { clock, retry } = limiter.settings;
	// An endpoint Instantly limits on its own (`endpointLimits.ts`) is paced by its own limiter too.
	const endpoint = endpointLimiterFor(key, method, request.url);
	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		let ticket: RateTicket;
		let endpointTicket: RateTicket | undefined;
		try {
			// The endpoint's turn first, then the key's: a request held back by its endpoint's limit takes no
			// place in the key's queue, so the key's other requests flow past it.
			endpointTicket = await endpoint?.acquire({ first: attempt > 1, signal });
			ticket = await limiter.acquire({ first: attempt > 1, signal });
		} catch (error) {
			if (endpointTicket) endpoint!.failed(endpointTicket, false);
			if (request.abandon?.()) throw notSentError(this.getNode(), { method: request.method, path: request.url, itemIndex: request.itemIndex });
			throw networkError(this, error, 'cancelled', request, attempt - 1, timeout, secret);
		}
		// Both tickets are settled exactly once — answered, limited (429) or failed — whatever happens, so no
		// slot is held for ever: whatever leaves this block unsettled fails them in `finally`.
		let settled = false;
		let sent = false;
		const fail = (wasSent: boolean) => {
			settled = true;
			limiter.failed(ticket, wasSent);
			if (endpointTicket) endpoint!.failed(endpointTicket, wasSent);
		};
		try {
			if (attempt === 1 && request.abandon?.()) throw notSentError(this.getNode(), { method: request.method, path: request.url, itemIndex: request.itemIndex });
			let response: IN8nHttpFullResponse;
			try {
				sent = true;
				response = (await this.helpers.httpRequestWithAuthentication.call(
					this,
					CREDENTIAL_TYPE,
					{ ...options },
					{ credentialsDecrypted },
				)) as IN8nHttpFullResponse;
			} catch (error) {
				fail(true);
				const reason = networkReason(error);
				if (reason === 'reset' && IDEMPOTENT.has(method) && attempt < retry.maxAttempts) {
					const wait = backoff(attempt, retry);
					log(this, `The connection to Instantly was interrupted; retrying in ${wait} ms`, request, attempt);
					await sleepUnlessAborted(clock, wait, signal);
					waitedMs += wait;
					continue;
				}
				throw networkError(this, error, reason, request, attempt, timeout, secret);
			}

			const { statusCode } = response;
			settled = true;
			if (statusCode !== 429) {
				limiter.answered(ticket);
				if (endpointTicket) endpoint!.answered(endpointTicket);
			}
			if (statusCode >= 200 && statusCode < 300) {
				return parseBody(this, response, request, secret) as T;
			}
			if (statusCode === 429) {
				const retryAfter = retryAfterMs(response.headers, clock.now(), retry);
				let wait: number;
				let own: number;
				let who: string;
				if (endpointTicket) {
					// Taken as the endpoint's own limit: Instantly's 429 reads the same for both limits, the
					// endpoint's is far tighter and other clients may use it too. Only the endpoint pauses
					// (Retry-After, else at least one request's share of its window); the key's rate and its
					// other requests go on. Were the key out of budget, their own 429s would tell the key.
					wait = retryAfter ?? Math.max(backoff(attempt, retry), endpointGapMs(endpoint!));
					limiter.refused(ticket);
					own = endpoint!.limited(endpointTicket, wait, true);
					who = `every request to ${method} ${request.url}`;
				} else {
					// Others (another n8n worker, another tool) use part of the key's budget: the key's rate is
					// cut, and a Retry-After holds back every request of the key, not only this one.
					wait = retryAfter ?? backoff(attempt, retry);
					own = limiter.limited(ticket, wait, retryAfter !== undefined);
					who = own ? 'this request' : 'every request of this key';
				}
				if (attempt < retry.maxAttempts) {
					// Instantly did not carry out a request it answered 429, so resending cannot duplicate
					// anything, even a create.
					log(
						this,
						`Instantly answered 429; the key's rate is now ${Math.round(limiter.rate.perSecond)}/s and ${who} waits ${wait} ms`,
						request,
						attempt,
					);
					if (own) await sleepUnlessAborted(clock, own, signal);
					waitedMs += wait;
					continue;
				}
			}
			if (TRANSIENT_STATUS.has(statusCode) && IDEMPOTENT.has(method) && attempt < retry.maxAttempts) {
				const wait = backoff(attempt, retry);
				log(this, `Instantly answered ${statusCode}; retrying in ${wait} ms`, request, attempt);
				await sleepUnlessAborted(clock, wait, signal);
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
		} finally {
			if (!settled) fail(sent);
		}
	}
}

/** One request's share of an endpoint's tightest window (3 s at 20 a minute): the least a 429 there waits. */
function endpointGapMs(endpoint: RateLimiter): number {
	return Math.max(...endpoint.settings.windows.map((w) => w.ms / w.limit));
}

/** What every request of one execution shares: read once, not per item or per request. */
export interface Connection {
	baseURL: string;
	/** The API key: only ever sent, and redacted from anything Instantly echoes back. */
	secret: string;
	/** The limiters' key: base URL and a hash of the API key. */
	key: string;
	limiter: RateLimiter;
	settings: RequestSettings;
	/** Handed to n8n's request helper so it does not decrypt the credential again for every request. */
	credentialsDecrypted: ICredentialsDecrypted;
}

const connections = new WeakMap<object, Map<string, Promise<Connection>>>();

/**
 * The credential (decrypted once), its base URL and rate limiter, and the node's request options. An execution's
 * items and tries share one; the editor's pickers and loaders read their own each time.
 */
export async function connect(ctx: InstantlyContext): Promise<Connection> {
	const run = 'getExecuteData' in ctx ? (ctx.getExecuteData() as object | undefined) : undefined;
	if (!run) return await openConnection(ctx);
	// Keyed by the node and its credential too: an AI Agent's tools all share the agent's execute data (runScope).
	const scope = runScope(ctx);
	const connection = scoped(connections, run, scope, () => {
		const opened = openConnection(ctx);
		// A failed attempt (no credential yet, a bad proxy) is not remembered: the next try reads again.
		opened.catch(() => connections.get(run)?.delete(scope));
		return opened;
	});
	return await connection;
}

async function openConnection(ctx: InstantlyContext): Promise<Connection> {
	const data = await ctx.getCredentials<{ apiKey: string; baseUrl?: string; requestsPerSecond?: number }>(
		CREDENTIAL_TYPE,
	);
	const baseURL = normalizeBaseUrl(data.baseUrl);
	const secret = String(data.apiKey ?? '');
	const reference = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
	const key = limiterKey(baseURL, secret);
	return {
		baseURL,
		secret,
		key,
		// "Requests per Second" is absent in credentials saved before it existed: Instantly's 100 then.
		limiter: rateLimiterFor(key, clampRate(data.requestsPerSecond)),
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
	let value: unknown;
	try {
		if ('getCurrentNodeParameter' in ctx) value = ctx.getCurrentNodeParameter('requestOptions');
		else if ('getInputData' in ctx && !('getItemIndex' in ctx)) value = ctx.getNodeParameter('requestOptions', 0, {});
		else value = ctx.getNodeParameter('requestOptions', {});
	} catch {
		return undefined;
	}
	// The trigger and other nodes without Request Options have none.
	return value && typeof value === 'object' ? (value as IDataObject) : undefined;
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

function parseBody(
	ctx: InstantlyContext,
	response: IN8nHttpFullResponse,
	request: InstantlyRequest,
	secret: Secrets,
) {
	const { body } = response;
	if (typeof body !== 'string') return body ?? {};
	if (body.trim() === '') return {};
	try {
		return JSON.parse(body) as unknown;
	} catch {
		throw unreadableAnswerError(ctx.getNode(), {
			statusCode: response.statusCode,
			text: body,
			method: request.method,
			path: request.url,
			itemIndex: request.itemIndex,
			resendable: IDEMPOTENT.has(request.method),
			secret,
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
	secret: Secrets,
): NodeApiError {
	return noAnswerError(ctx.getNode(), {
		reason,
		detail: error instanceof Error ? error.message : String(error),
		method: request.method,
		path: request.url,
		itemIndex: request.itemIndex,
		attempts,
		timeout,
		resendable: IDEMPOTENT.has(request.method),
		secret,
	});
}
