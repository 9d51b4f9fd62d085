import type { IDataObject, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** What to do about each status, in the user's words. */
const HINTS: Record<number, string> = {
	400: 'Instantly rejected a value of the request: check the field named in the message.',
	401: 'Check the API key in the "Instantly V2 API" credential, that it is not revoked, and that it has the scopes this operation needs.',
	402: 'The Instantly workspace needs an active paid plan for this operation.',
	403: 'The API key lacks the scope this operation needs: create a key with that scope (or all:all) in Instantly.',
	404: 'The ID does not exist in this Instantly workspace (or was deleted): check the ID.',
	409: 'The record conflicts with one that already exists in Instantly.',
	422: 'Instantly could not process a value of the request: check the field named in the message.',
	429: 'Instantly’s rate limit (100 requests per second, 6,000 per minute per workspace) was still exceeded after waiting and retrying. Other tools, workflows or n8n workers may be using the same workspace: run this one later, when they are done, or lower "Requests per Second" in the credential of each n8n that shares the key.',
};

const SERVER_HINT = 'Instantly had a temporary problem. Try again in a few minutes.';

/** Said when a request that may have changed something was not sent again. */
export const NOT_RESENT =
	'It was not sent again, because Instantly may have carried it out (sending it twice could create a duplicate): check in Instantly before running it again.';

/** NOT_RESENT, with where to look for the request at hand: a reply is an email a real person may already have. */
export function notResent(path: string): string {
	return /\/emails\/reply$/.test(path)
		? `${NOT_RESENT} For a reply: open the thread in Instantly’s Unibox and look whether it went out before sending it again.`
		: NOT_RESENT;
}

export interface ApiFailure {
	statusCode: number;
	body: unknown;
	method: string;
	path: string;
	itemIndex?: number;
	/** Requests sent in all, the failed one included. */
	attempts?: number;
	/** Time spent waiting out 429s and transient failures before giving up. */
	waitedMs?: number;
	/** Whether the request could be resent safely; false for a POST that got a 5xx. */
	resendable?: boolean;
	/** Text that must never appear in the error (the API key, a password the request sends). */
	secret?: Secrets;
}

/**
 * The one place an Instantly HTTP failure becomes a NodeApiError. Only the response body is
 * kept: never the request, whose headers hold the key.
 */
export function toNodeApiError(node: INode, failure: ApiFailure): NodeApiError {
	const { statusCode, method, path, itemIndex, attempts = 1, waitedMs = 0, secret } = failure;
	const body = redactDeep(failure.body, secret);
	const apiMessage = instantlyMessage(body);
	const parts = [HINTS[statusCode] ?? (statusCode >= 500 ? SERVER_HINT : '')];
	if (statusCode === 400) {
		const field = rejectedField(apiMessage);
		if (field) parts[0] = `Instantly rejected the field "${field}": check the value sent for it.`;
	}
	if (attempts > 1) {
		parts.push(`Gave up after ${attempts} attempts${waitedMs ? ` and ${formatSeconds(waitedMs)} of waiting` : ''}.`);
	}
	const maybeDone = statusCode >= 500 && failure.resendable === false;
	if (maybeDone) parts.push(notResent(path));
	parts.push(`(${method} ${path})`);
	const response: JsonObject =
		body && typeof body === 'object' && !Array.isArray(body)
			? (body as JsonObject)
			: { statusCode, message: apiMessage };
	const error = nodeApiError(node, response, {
		message: `Instantly answered ${statusCode}${apiMessage ? `: ${apiMessage}` : ''}`,
		description: parts.filter(Boolean).join(' '),
		httpCode: String(statusCode),
		itemIndex,
	});
	return maybeDone ? markUncertain(error) : error;
}

/**
 * Failures after which Instantly may still have carried a request out: it was sent, it is not idempotent, and
 * no clear answer came (no answer, a cut connection, a timeout, a 5xx, an unreadable answer). A 429 or another
 * 4xx is certain: Instantly did not carry it out. The executor records these in the ledger, so a later try
 * looks before it resends (see RouteOptions.recover).
 */
const uncertain = new WeakSet<object>();

function markUncertain<E extends Error>(error: E): E {
	uncertain.add(error);
	return error;
}

/** Whether a failed request may nonetheless have taken effect in Instantly. */
export function outcomeUncertain(error: unknown): boolean {
	return typeof error === 'object' && error !== null && uncertain.has(error);
}

/**
 * A later try of a request whose earlier outcome was uncertain, for an operation that cannot look up whether it
 * took effect: it is not sent again, because sending it twice could do it twice.
 */
export function notResentError(
	node: INode,
	request: { method: string; path: string; itemIndex?: number },
	/** Why this operation in particular is not resent (e.g. it starts paid work), put before the advice. */
	why?: string,
): NodeApiError {
	const message = 'Not sent again: an earlier try may already have done it';
	return nodeApiError(
		node,
		{ message },
		{
			message,
			description: `An earlier try of this node sent this request (${request.method} ${request.path}) and got no clear answer, so Instantly may have carried it out, and this operation cannot look that up.${why ? ` ${why}` : ''} Check in Instantly whether it took effect; if it did not, run the workflow again.`,
			itemIndex: request.itemIndex,
		},
	);
}

/** Why a request got no HTTP answer. */
export type NetworkReason = 'timeout' | 'reset' | 'cancelled' | 'unreachable' | 'other';

interface Failed {
	method: string;
	path: string;
	itemIndex?: number;
	/** Whether the request could be resent safely; false for a create. */
	resendable?: boolean;
	/** Text that must never appear in the error (the API key, a password the request sends). */
	secret?: Secrets;
}

/** A request that got no HTTP answer: timed out, cut off, unreachable, cancelled. */
export function noAnswerError(
	node: INode,
	failure: Failed & { reason: NetworkReason; detail: string; attempts: number; timeout: number },
): NodeApiError {
	const { reason, resendable, attempts } = failure;
	const where = `(${failure.method} ${failure.path})`;
	let message: string;
	let description: string;
	switch (reason) {
		case 'timeout':
			message = `Instantly did not answer within ${formatTimeout(failure.timeout)}`;
			description = `The request was abandoned after the node's timeout. ${
				resendable
					? 'Instantly may be slow right now: try again later, or raise "Timeout" in the node\'s request options.'
					: notResent(failure.path)
			} ${where}`;
			break;
		case 'reset':
			message = 'The connection to Instantly was interrupted';
			description = `${
				resendable
					? `It was still interrupted after ${attempts} attempt${attempts === 1 ? '' : 's'}: check the base URL in the credential and the network, then try again.`
					: notResent(failure.path)
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
		default:
			message = `The request to Instantly failed: ${redact(failure.detail, failure.secret)}`;
			description = `Check the base URL in the credential and the network. ${where}`;
	}
	const error = nodeApiError(node, { message }, { message, description, itemIndex: failure.itemIndex });
	// Timed out or cut off after it was sent: Instantly may have carried it out.
	return !resendable && (reason === 'timeout' || reason === 'reset' || reason === 'other') ? markUncertain(error) : error;
}

/** An answer that is not JSON (cut short, or a gateway's page). */
export function unreadableAnswerError(node: INode, failure: Failed & { statusCode: number; text: string }): NodeApiError {
	const message = 'Instantly sent an answer that is not valid JSON';
	const parts = [`Instantly answered ${failure.statusCode} with ${redact(describeText(failure.text), failure.secret)}.`];
	if (!failure.resendable) parts.push('The request probably succeeded, but its result could not be read:', notResent(failure.path));
	else parts.push('Try again in a few minutes.');
	parts.push(`(${failure.method} ${failure.path})`);
	const error = nodeApiError(node, { message }, { message, description: parts.join(' '), itemIndex: failure.itemIndex });
	return failure.resendable ? error : markUncertain(error);
}

/** A queued request of a run that already failed: never sent, so nothing can be duplicated. */
export function notSentError(node: INode, request: { method: string; path: string; itemIndex?: number }): NodeApiError {
	return nodeApiError(
		node,
		{ message: 'Not sent: the run had already failed' },
		{
			message: 'Not sent: an earlier item failed and the node stops on errors',
			description: `Nothing was sent for this item (${request.method} ${request.path}). Fix the failed item, or set Settings → On Error → Continue to process the others anyway.`,
			itemIndex: request.itemIndex,
		},
	);
}

function formatTimeout(ms: number): string {
	return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * A NodeApiError that keeps the message it is given. NodeApiError replaces a message that merely
 * contains a code such as ETIMEDOUT or ECONNRESET with n8n's generic wording ("consider setting
 * Retry on Fail"), which would hide what this node already did about it.
 */
export function nodeApiError(
	node: INode,
	response: JsonObject,
	details: { message: string; description: string; httpCode?: string; itemIndex?: number },
): NodeApiError {
	const error = new NodeApiError(node, response, details);
	error.message = details.message;
	error.description = details.description;
	return error;
}

/** Instantly's errors are {statusCode, error, message}; anything else is shown as it came, cut short. */
function instantlyMessage(body: unknown): string {
	if (body && typeof body === 'object') {
		const { message, error } = body as { message?: unknown; error?: unknown };
		if (typeof message === 'string' && message) return message;
		if (Array.isArray(message)) return message.join('; ');
		if (typeof error === 'string') return error;
	}
	if (typeof body === 'string') return describeText(body);
	return '';
}

/** A gateway's error page is HTML: say so instead of showing markup. */
export function describeText(text: string): string {
	const trimmed = text.trim();
	if (/^<(!doctype|html|head|body)/i.test(trimmed)) {
		const title = /<title>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
		return `an HTML page${title ? ` (“${title}”)` : ''} instead of JSON`;
	}
	return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed;
}

/**
 * The field a 400 names, from Instantly's (Fastify/AJV) wording: "body must have required property
 * 'email'", "body/email must match format \"email\"", "querystring/limit must be <= 100".
 */
export function rejectedField(message: string): string | undefined {
	const required = /must have required property '([^']+)'/.exec(message);
	if (required) return required[1];
	const additional = /must NOT have additional propert(?:y|ies)[^']*'([^']+)'/.exec(message);
	if (additional) return additional[1];
	const located = /^(?:body|querystring|params)[/.]([\w./-]+?)\s+must\b/.exec(message);
	if (located) return located[1].replace(/\//g, '.');
	return undefined;
}

function formatSeconds(ms: number): string {
	return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/**
 * Text that must never appear in an error: the API key, and the passwords a request sends (Account → Create's
 * IMAP / SMTP passwords). Values shorter than 4 characters are not searched for (they would mangle the message).
 */
export type Secrets = string | readonly string[] | undefined;

function searchable(secret: Secrets): string[] {
	const all = typeof secret === 'string' ? [secret] : (secret ?? []);
	// The longest first, so a secret that contains another is replaced whole.
	return all.filter((s) => typeof s === 'string' && s.length >= 4).sort((a, b) => b.length - a.length);
}

/** Replaces each secret wherever it occurs in a value meant for the user. */
export function redact(text: string, secret: Secrets): string {
	return searchable(secret).reduce((result, s) => result.split(s).join('***'), text);
}

function redactDeep(value: unknown, secret: Secrets): unknown {
	const secrets = searchable(secret);
	if (!secrets.length) return value;
	const walk = (v: unknown): unknown => {
		if (typeof v === 'string') return redact(v, secrets);
		if (Array.isArray(v)) return v.map(walk);
		if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, inner]) => [redact(k, secrets), walk(inner)]));
		return v;
	};
	return walk(value);
}

/** Errors from the transport and the validators already are node errors; anything else is wrapped. */
export function asNodeError(
	ctx: { getNode(): INode },
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	if (isTool(ctx.getNode())) oneLine(nodeError);
	return nodeError;
}

/** Whether the node runs as an AI Agent's tool (n8n 2.x gives a `usableAsTool` node the type `…Tool`). */
export function isTool(node: INode): boolean {
	return node.type.endsWith('Tool');
}

/**
 * An AI Agent gets only an error's message back from its tool (n8n drops the description), so a tool's message
 * carries the hint too, on one line: the model reads what to correct ("No lead label is named …", "The ID does not
 * exist…") and never a stack.
 */
function oneLine(error: NodeApiError | NodeOperationError): void {
	const description = typeof error.description === 'string' ? error.description.replace(/\s+/g, ' ').trim() : '';
	if (description && !error.message.includes(description)) error.message = `${error.message}. ${description}`;
}

/** The output item of a failed input item under "On Error → Continue". */
export function errorItem(error: Error & { description?: string | null }, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	return { json, error: error as INodeExecutionData['error'], pairedItem: { item: itemIndex } };
}

/** The request of the credential's "Test" button (credentials/InstantlyV2Api.credentials.ts). */
export const CREDENTIAL_TEST_PATH = '/api/v2/leads/list';

/**
 * What the credential test says per status: n8n shows only the HTTP reason ("Unauthorized") unless a rule words
 * it. Its rules are static text (n8n's declarative `test.rules`), so each gives Instantly's meaning of the status
 * and the fix, like the node's errors (HINTS).
 */
export const CREDENTIAL_TEST_MESSAGES: Record<number, string> = {
	401: 'Instantly answered 401: it does not accept this API key (missing, mistyped, cut short or revoked). Paste a whole API v2 key from Instantly → Settings → Integrations → API Keys (v1 keys do not work), and keep the Base URL https://api.instantly.ai.',
	402: `Instantly answered 402: ${HINTS[402]}`,
	403: 'Instantly answered 403: the API key lacks a scope. The test lists one lead, so the key needs leads:read (or leads:all, or all:all); create a key with the scopes of the operations you use in Instantly → Settings → Integrations → API Keys.',
	404: `Instantly answered 404 for POST ${CREDENTIAL_TEST_PATH}: the Base URL does not lead to Instantly’s API v2. Leave it at https://api.instantly.ai (without /api/v2 or any other path).`,
	405: `The server at the Base URL does not accept POST ${CREDENTIAL_TEST_PATH}: it is not Instantly’s API v2. Leave the Base URL at https://api.instantly.ai.`,
	429: 'Instantly answered 429: the workspace’s rate limit is used up right now (other tools or workflows share it). The key itself was read; test again in a minute.',
	500: `Instantly answered 500. ${SERVER_HINT} If it persists, check the Base URL (normally https://api.instantly.ai).`,
	502: `Instantly answered 502. ${SERVER_HINT} If it persists, check the Base URL (normally https://api.instantly.ai).`,
	503: `Instantly answered 503. ${SERVER_HINT}`,
	504: `Instantly answered 504. ${SERVER_HINT}`,
};
