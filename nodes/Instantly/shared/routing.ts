import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	INodeProperties,
	INodePropertyRouting,
} from 'n8n-workflow';

import type { ListPaging } from './pagination';
import type { InstantlyRequest } from './transport';

/** Checks one item's parameters before anything is sent; throws a NodeOperationError that names the field. */
export type Validator = (this: IExecuteSingleFunctions, itemIndex: number) => void;

export interface RouteOptions {
	validate?: Validator;
	/**
	 * A list operation, honouring Return All / Limit (pagination.ts): `'qs'` / `'body'` follow the cursor in the
	 * query / the body; `'offset'` pages by `limit` and `offset` in the query.
	 */
	list?: ListPaging;
	/**
	 * Shapes a single response into output records (default: the response itself); for a list operation, each
	 * record of the list. It runs with the
	 * item's context and the request sent, so it may read parameters or make follow-up requests
	 * through the transport (e.g. wait for a background job); what it throws is handled like a failed request.
	 */
	output?: (
		this: IExecuteSingleFunctions,
		response: IDataObject,
		request: InstantlyRequest,
	) => IDataObject[] | Promise<IDataObject[]>;
	/**
	 * Look before resending. Called on a later try (n8n's Retry On Fail) of a request whose earlier outcome was
	 * uncertain — sent, and no clear answer: a timeout, a cut connection, a 5xx or an unreadable answer to a
	 * non-idempotent method. It looks in Instantly whether that request took effect: it returns the output
	 * records if it did (nothing is sent; they are the item's output, as the answer would have been), or
	 * `undefined` if it did not (the request is sent again). It may throw (e.g. `notResentError` when it cannot
	 * tell); its requests go through the transport like any other. An operation where doing it twice is harmless
	 * or refused by Instantly may return `undefined` unconditionally (`resendAfterUncertain`).
	 *
	 * Without `recover`, such a request of a non-idempotent method is not sent again: the try fails with
	 * `notResentError`, which tells the user to check in Instantly. Idempotent methods (GET, PATCH, DELETE) and
	 * list operations are always simply sent again.
	 */
	recover?: (this: IExecuteSingleFunctions, request: InstantlyRequest) => Promise<IDataObject[] | undefined>;
}

/** `recover` for an operation that Instantly cannot carry out twice, or where twice is the same as once. */
export const resendAfterUncertain: NonNullable<RouteOptions['recover']> = async () => undefined;

/** An operation's request: method, path (with `{parameter}` placeholders) and its hooks. */
export interface Route extends RouteOptions {
	method: IHttpRequestMethods;
	url: string;
}

const routes = new WeakMap<INodePropertyRouting, Route>();

/**
 * Routing for one operation, written where n8n's declarative nodes write it: on the operation's option,
 * with each field's `routing.send` on the field. `url` may hold `{parameterName}` placeholders, filled from
 * those parameters (plain strings or resource locators alike), URL-encoded; an empty one fails before sending.
 *
 * The node runs these routes itself (see execute.ts), not through n8n's RoutingNode: RoutingNode resolves
 * every parameter of every item several times over (each a VM evaluation in n8n 2.x) and prepares all items
 * before it sends the first, which made the node slower than a hand-built HTTP Request.
 */
export function route(method: IHttpRequestMethods, url: string, options: RouteOptions = {}): INodePropertyRouting {
	const routing: INodePropertyRouting = { request: { method, url } };
	routes.set(routing, { method, url, ...options });
	return routing;
}

/** Every operation that has a route, by resource and operation, with the fields shown for it. */
export function routedOperations(
	properties: INodeProperties[],
): Array<{ resource: string; operation: string; route: Route; fields: INodeProperties[] }> {
	const found = [];
	for (const dropdown of properties) {
		if (dropdown.name !== 'operation' || dropdown.type !== 'options') continue;
		for (const resource of (dropdown.displayOptions?.show?.resource ?? []) as string[]) {
			for (const option of dropdown.options ?? []) {
				const routing = 'routing' in option ? option.routing : undefined;
				const route = routing && routes.get(routing);
				if (!route || !('value' in option)) continue;
				const operation = String(option.value);
				const fields = properties.filter((field) => {
					const show = field.displayOptions?.show;
					return (
						field !== dropdown &&
						(show?.resource as string[] | undefined)?.includes(resource) &&
						(show?.operation as string[] | undefined)?.includes(operation)
					);
				});
				found.push({ resource, operation, route, fields });
			}
		}
	}
	return found;
}
