import { createHash } from 'crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { toNodeApiError } from './errors';
import { rateLimiterFor } from './rateLimiter';

export const CREDENTIAL_TYPE = 'instantlyV2Api';

export type InstantlyContext = IExecuteFunctions | IExecuteSingleFunctions | ILoadOptionsFunctions;

export interface InstantlyRequest {
	method: IHttpRequestMethods;
	/** Path under the credential's base URL, e.g. `/api/v2/leads`. */
	url: string;
	qs?: IDataObject;
	/** Left out of the request when empty: Instantly rejects a JSON content type with no body. */
	body?: IDataObject;
	/** Milliseconds before a request that got no answer is abandoned. */
	timeout?: number;
	itemIndex?: number;
}

/** n8n's own default for declarative requests; the node's "Timeout" option overrides it. */
export const DEFAULT_TIMEOUT = 300_000;

export const RETRY = {
	/** Attempts in all, the first included, before a 429 or a transient failure is reported. */
	maxAttempts: 8,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
};

/** Methods that may be sent twice without creating twice: only these are retried after a 5xx or a dropped connection. */
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'PATCH', 'DELETE', 'HEAD']);
const TRANSIENT_STATUS: ReadonlySet<number> = new Set([502, 503, 504]);
const NETWORK_RESET = /ECONNRESET|EPIPE|ECONNREFUSED|socket hang up|EAI_AGAIN|ENOTFOUND/i;
const TIMED_OUT = /ETIMEDOUT|ECONNABORTED|timeout of \d+ms exceeded|timed out/i;

/**
 * The one way a request leaves this node: it waits for the rate limiter, sends with the
 * credential's Bearer key, retries what is safe to retry, and turns every failure into a
 * NodeApiError that carries Instantly's message and status but never the key.
 */
export async function instantlyApiRequest<T = IDataObject>(
	this: InstantlyContext,
	request: InstantlyRequest,
): Promise<T> {
	const credentials = await this.getCredentials<{ apiKey: string; baseUrl?: string }>(CREDENTIAL_TYPE);
	const baseURL = normalizeBaseUrl(credentials.baseUrl);
	const limiter = rateLimiterFor(limiterKey(baseURL, credentials.apiKey));
	const method = request.method;
	const options: IHttpRequestOptions = {
		method,
		baseURL,
		url: request.url,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: request.timeout ?? DEFAULT_TIMEOUT,
	};
	if (request.qs && Object.keys(request.qs).length) options.qs = request.qs;
	if (request.body && Object.keys(request.body).length) options.body = request.body;

	for (let attempt = 1; ; attempt++) {
		await limiter.acquire();
		let response: IN8nHttpFullResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				{ ...options },
			)) as IN8nHttpFullResponse;
		} catch (error) {
			const reason = networkReason(error);
			if (reason === 'reset' && IDEMPOTENT.has(method) && attempt < RETRY.maxAttempts) {
				await sleep(backoff(attempt));
				continue;
			}
			throw networkError(this, error, reason, request, attempt);
		}

		const { statusCode } = response;
		if (statusCode >= 200 && statusCode < 300) {
			return parseBody(this, response, request) as T;
		}
		if (statusCode === 429 && attempt < RETRY.maxAttempts) {
			// A 429 was not processed by Instantly, so resending cannot duplicate anything, even a create.
			const wait = retryAfterMs(response.headers) ?? backoff(attempt);
			limiter.pause(wait);
			continue;
		}
		if (TRANSIENT_STATUS.has(statusCode) && IDEMPOTENT.has(method) && attempt < RETRY.maxAttempts) {
			await sleep(backoff(attempt));
			continue;
		}
		throw toNodeApiError(this.getNode(), {
			statusCode,
			body: response.body,
			method,
			path: request.url,
			itemIndex: request.itemIndex,
			attempts: attempt,
		});
	}
}

export function normalizeBaseUrl(baseUrl: string | undefined): string {
	return (baseUrl || 'https://api.instantly.ai').trim().replace(/\/+$/, '');
}

/** The limiter is per workspace key; only a hash of the key is kept in memory. */
function limiterKey(baseURL: string, apiKey: string): string {
	return `${baseURL}#${createHash('sha256').update(String(apiKey)).digest('hex').slice(0, 16)}`;
}

/** Exponential backoff with full jitter, so retrying callers do not come back in lockstep. */
function backoff(attempt: number): number {
	const ceiling = Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

function retryAfterMs(headers: IDataObject | undefined): number | undefined {
	const value = headers?.['retry-after'];
	if (value === undefined || value === null || value === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.min(Math.max(seconds * 1000, 0), 120_000);
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.min(Math.max(date - Date.now(), 0), 120_000);
}

function parseBody(ctx: InstantlyContext, response: IN8nHttpFullResponse, request: InstantlyRequest) {
	const { body } = response;
	if (typeof body !== 'string') return body ?? {};
	if (body.trim() === '') return {};
	try {
		return JSON.parse(body) as unknown;
	} catch {
		throw toNodeApiError(ctx.getNode(), {
			statusCode: response.statusCode,
			body: `Instantly sent a response that is not valid JSON: ${body.slice(0, 120)}`,
			method: request.method,
			path: request.url,
			itemIndex: request.itemIndex,
		});
	}
}

type NetworkReason = 'timeout' | 'reset' | 'other';

function networkReason(error: unknown): NetworkReason {
	const parts: string[] = [];
	for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
		parts.push(String(e.code ?? ''), String(e.message ?? ''));
		e = e.cause as typeof e;
	}
	const text = parts.join(' ');
	if (TIMED_OUT.test(text)) return 'timeout';
	if (NETWORK_RESET.test(text)) return 'reset';
	return 'other';
}

function networkError(
	ctx: InstantlyContext,
	error: unknown,
	reason: NetworkReason,
	request: InstantlyRequest,
	attempts: number,
): NodeApiError {
	if (reason === 'other' && error instanceof NodeApiError) return error;
	const seconds = Math.round((request.timeout ?? DEFAULT_TIMEOUT) / 1000);
	const message =
		reason === 'timeout'
			? `Instantly did not answer within ${seconds} s`
			: 'The connection to Instantly was interrupted';
	const safeToRetry = IDEMPOTENT.has(request.method);
	const description =
		`${request.method} ${request.url}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}. ` +
		(safeToRetry
			? 'Check the base URL in the credential and your network, then run the node again.'
			: 'The request may or may not have reached Instantly, so it was not sent again (that could create a duplicate). Check in Instantly before running it again.');
	return new NodeApiError(
		ctx.getNode(),
		{ message, code: reason === 'timeout' ? 'ETIMEDOUT' : 'ECONNRESET' },
		{ message, description, httpCode: reason === 'timeout' ? 'ETIMEDOUT' : 'ECONNRESET', itemIndex: request.itemIndex },
	);
}
