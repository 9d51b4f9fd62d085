import type { RateWindow } from './rateLimiter';

/**
 * Endpoints that Instantly limits on their own, below the workspace's 100 per second and 6,000 per
 * minute. THE one table: the transport looks every request up here (operations, pagination pages,
 * list searches, loaders), so a new operation on a listed endpoint is paced without a line of its own.
 */
export interface EndpointLimit {
	readonly method: string;
	/** The path under the base URL, `{name}` for one path segment, e.g. `/api/v2/emails/{id}`. */
	readonly path: string;
	/** Most requests Instantly counts within any window, per workspace key. */
	readonly windows: readonly RateWindow[];
}

export const ENDPOINT_LIMITS: readonly EndpointLimit[] = Object.freeze([
	// "List emails": 20 requests per minute (Instantly's API reference, page "list-email").
	Object.freeze({ method: 'GET', path: '/api/v2/emails', windows: Object.freeze([Object.freeze({ limit: 20, ms: 60_000 })]) }),
]);

/** A listed endpoint as the transport matches it: `id` names its limiter (with the key's). */
export interface MatchedEndpoint {
	readonly id: string;
	readonly windows: readonly RateWindow[];
}

export type EndpointMatcher = (method: string, path: string) => MatchedEndpoint | undefined;

/** Compiles a table into one lookup: method and path (a query string or a trailing slash ignored). */
export function endpointMatcher(table: readonly EndpointLimit[] = ENDPOINT_LIMITS): EndpointMatcher {
	const compiled = table.map((entry) => ({
		method: entry.method.toUpperCase(),
		pattern: new RegExp(`^${entry.path.split(/\{\w+\}/).map(escape).join('[^/]+')}$`),
		endpoint: Object.freeze({ id: `${entry.method.toUpperCase()} ${entry.path}`, windows: entry.windows }),
	}));
	return (method, path) => {
		const bare = path.split('?')[0].replace(/(.)\/+$/, '$1');
		const upper = method.toUpperCase();
		return compiled.find((c) => c.method === upper && c.pattern.test(bare))?.endpoint;
	};
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
