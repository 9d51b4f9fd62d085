import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** What to do about each status, in the user's words. */
const HINTS: Record<number, string> = {
	400: 'Instantly rejected a field of the request: check the field named in the message.',
	401: 'Check the API key in the "Instantly API v2" credential, that it is not revoked, and that it has the scopes this operation needs.',
	402: 'The Instantly workspace needs an active paid plan for this operation.',
	403: 'The API key lacks the scope this operation needs: create a key with that scope (or all:all) in Instantly.',
	404: 'The ID does not exist in this Instantly workspace (or was deleted): check the ID.',
	409: 'The record conflicts with one that already exists in Instantly.',
	422: 'Instantly could not process a value of the request: check the field named in the message.',
	429: 'Instantly’s rate limit (100 requests per second, 6,000 per minute per workspace) was still exceeded after waiting and retrying. Other tools or workflows may be using the same workspace; run this one later or lower the credential’s requests per second.',
};

const SERVER_HINT = 'Instantly had a temporary problem. Try again in a few minutes.';

export interface ApiFailure {
	statusCode: number;
	body: unknown;
	method: string;
	path: string;
	itemIndex?: number;
	attempts?: number;
}

/** The one place an Instantly HTTP failure becomes a NodeApiError. Only the response body is kept: never the request, whose headers hold the key. */
export function toNodeApiError(node: INode, failure: ApiFailure): NodeApiError {
	const { statusCode, body, method, path, itemIndex, attempts } = failure;
	const apiMessage = instantlyMessage(body);
	const hint = HINTS[statusCode] ?? (statusCode >= 500 ? SERVER_HINT : undefined);
	const retried = attempts && attempts > 1 ? ` (after ${attempts} attempts)` : '';
	const response: JsonObject =
		body && typeof body === 'object' && !Array.isArray(body)
			? (body as JsonObject)
			: { statusCode, message: apiMessage };
	return new NodeApiError(node, response, {
		message: `Instantly answered ${statusCode}${apiMessage ? `: ${apiMessage}` : ''}`,
		description: `${method} ${path}${retried}. ${hint ?? ''}`.trim(),
		httpCode: String(statusCode),
		itemIndex,
	});
}

/** Instantly's errors are {statusCode, error, message}; anything else is shown as it came, cut short. */
function instantlyMessage(body: unknown): string {
	if (body && typeof body === 'object') {
		const { message, error } = body as { message?: unknown; error?: unknown };
		if (typeof message === 'string' && message) return message;
		if (Array.isArray(message)) return message.join('; ');
		if (typeof error === 'string') return error;
	}
	if (typeof body === 'string') return body.slice(0, 300);
	return '';
}
