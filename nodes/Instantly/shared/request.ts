import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyRouting,
	PreSendAction,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { valueAt } from './itemContext';
import type { Route } from './routing';
import type { InstantlyRequest } from './transport';
import { requireId } from './validation';

/*
 * HOW AN OPERATION IS WRITTEN — what this interpreter honours, and nothing else.
 *
 * The routing on the node's description looks like n8n's declarative routing, but n8n's RoutingNode never
 * reads it: this file (with routing.ts and execute.ts) does, and it honours only what is listed here.
 * test/routing.test.ts walks every operation of every resource and fails on anything else, so a property
 * that would be silently ignored cannot be merged.
 *
 * On the operation's option (the `operation` dropdown):
 *   routing: route(method, '/api/v2/things/{thingId}', { validate, list, output, recover })
 *     - only `route()` (routing.ts): a hand-written `routing: { request: … }`, `request.qs` / `request.body`,
 *       `output.postReceive` or `operations.pagination` is not supported.
 *     - `{param}` in the URL: filled from that parameter (string or resource locator), URL-encoded; empty fails.
 *     - `validate(itemIndex)`: checks the item before anything is sent (throw via `fail`).
 *     - `list`: a list operation (Return All / Limit fields, `returnAllAndLimit` in descriptions.ts), paged by
 *       pagination.ts; `limit` and the paging parameters are sent by the paginator, never by a field:
 *         `'qs' | 'body'`: cursor paging (`starting_after` → `next_starting_after`) in the query / the body;
 *         `'offset'`: offset paging (`limit`, `offset`) in the query, stopping on a short page.
 *       Nothing else (test/routing.test.ts checks the value and that Return All and Limit are shown).
 *     - `output(response, request)`: shapes the answer into records (replaces `postReceive`); may make
 *       follow-up requests through the transport.
 *     - `recover(request)`: for a non-idempotent request, how a retry looks up whether an uncertain earlier
 *       try took effect (see RouteOptions.recover; without it such a request is not resent).
 *   An operation that cannot be written so runs by hand: pass it to `customOperationsFor` (Add Many).
 *
 * On a field shown for the operation (`displayOptions.show.resource` and `.operation` both set):
 *   routing: { send: { type: 'body' | 'query', property: 'name', preSend: [fn, …] } }   — nothing else.
 *     - `property`: where the field's value goes; dots name nested objects (`campaign_schedule.schedules`
 *       sets body.campaign_schedule.schedules). The value is sent as n8n resolved it (`extractValue` for
 *       resource locators): NO `value` expression — use `sendAs(property, transforms.x)`, plain code.
 *     - `preSend`: async functions (this: IExecuteSingleFunctions, options) => options, run after every field
 *       was placed, in the order of the fields; they may rewrite anything (resolve a name, drop a blank).
 *     - `type` defaults to the query when absent; write it.
 *   Inside a `collection`: each option added by the user is read the same way (recursively for a nested
 *   collection). A `fixedCollection` is NOT walked: give the fixedCollection itself a `preSend` that reads it
 *   (e.g. leadFields.ts), never routing on its inner fields.
 *   Not supported anywhere: `send.value`, `send.paginate`, `send.propertyInDotNotation`, `routing.output`,
 *   `routing.request`, `routing.operations`, `displayOptions` on collection options.
 */

/**
 * Builds one item's request from its operation's route and the `routing.send` of the fields shown for it,
 * with the meaning n8n's declarative routing gives them: a field's value goes to `send.property` of the body or
 * the query; a collection's options, where added; then the `preSend` functions, in the order of the fields.
 */
export async function buildRequest(
	ctx: IExecuteSingleFunctions,
	itemIndex: number,
	route: Route,
	fields: INodeProperties[],
): Promise<InstantlyRequest> {
	const node = ctx.getNode();
	let options: IHttpRequestOptions = {
		method: route.method,
		url: route.url.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(requireId.call(ctx, name, itemIndex))),
		qs: {},
		body: {},
	};
	const preSend: PreSendAction[] = [];
	const secrets: string[] = [];
	for (const field of fields) {
		if (NodeHelpers.displayParameter(node.parameters, field, node, null)) collect(ctx, field, field.name, options, preSend, secrets);
	}
	for (const action of preSend) options = await action.call(ctx, options);
	const request: InstantlyRequest = { method: route.method, url: options.url, itemIndex };
	if (Object.keys(options.qs ?? {}).length) request.qs = options.qs;
	if (Object.keys((options.body as IDataObject) ?? {}).length) request.body = options.body as IDataObject;
	if (secrets.length) request.secrets = secrets;
	return request;
}

function collect(
	ctx: IExecuteSingleFunctions,
	field: INodeProperties,
	path: string,
	options: IHttpRequestOptions,
	preSend: PreSendAction[],
	secrets: string[],
): void {
	const send = field.routing?.send;
	if (send?.property !== undefined) {
		const value = ctx.getNodeParameter(path, undefined, { extractValue: true });
		// A password field's value is sent, and kept out of every error message (see errors.ts `redact`).
		if (field.typeOptions?.password && typeof value === 'string' && value) secrets.push(value);
		const target = (send.type === 'body' ? options.body : options.qs) as IDataObject;
		setProperty(target, send.property, value);
	}
	if (send?.preSend) preSend.push(...send.preSend);
	if (field.type !== 'collection') return;
	const added = valueAt(ctx.getNode().parameters, path);
	if (!added || typeof added !== 'object') return;
	for (const option of (field.options ?? []) as INodeProperties[]) {
		if (option.name in added) collect(ctx, option, `${path}.${option.name}`, options, preSend, secrets);
	}
}

/**
 * `send.property` names a place in the body or query; dots name nested objects, as in n8n's declarative routing
 * (`campaign_schedule.schedules`). Objects on the way are created.
 */
export function setProperty(target: IDataObject, property: string, value: unknown): void {
	const keys = property.split('.');
	let parent = target;
	for (const key of keys.slice(0, -1)) {
		const next = parent[key];
		parent = next && typeof next === 'object' && !Array.isArray(next) ? (next as IDataObject) : (parent[key] = {});
	}
	parent[keys[keys.length - 1]] = value as IDataObject[keyof IDataObject];
}

/** Where a dotted `property` is set in `target`, or undefined when it is not. */
export function propertyAt(target: IDataObject | undefined, property: string): { parent: IDataObject; key: string } | undefined {
	const keys = property.split('.');
	let parent = target;
	for (const key of keys.slice(0, -1)) {
		const next = parent?.[key];
		if (!next || typeof next !== 'object' || Array.isArray(next)) return undefined;
		parent = next as IDataObject;
	}
	const key = keys[keys.length - 1];
	return parent && key in parent ? { parent, key } : undefined;
}

/**
 * A field sent as `property` of the body or query, after `transform` (plain code: an n8n `value` expression
 * would cost a VM evaluation per item). `undefined` leaves the property out.
 */
export function sendAs(
	property: string,
	transform?: (value: unknown) => unknown,
	type: 'body' | 'query' = 'body',
): INodePropertyRouting {
	if (!transform) return { send: { type, property } };
	return {
		send: {
			type,
			property,
			preSend: [
				async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
					const at = propertyAt((type === 'body' ? options.body : options.qs) as IDataObject, property);
					if (at) {
						const value = transform(at.parent[at.key]);
						if (value === undefined) delete at.parent[at.key];
						else at.parent[at.key] = value as IDataObject[keyof IDataObject];
					}
					return options;
				},
			],
		},
	};
}

/** Transforms for `sendAs`, the plain-code forms of the value expressions declarative nodes write. */
export const transforms = {
	/** IDs, emails, names: sent without surrounding spaces. */
	trimmed: (value: unknown) => String(value).trim(),
	/** An optional text: left out when blank, never sent as "". */
	trimmedOrLeftOut: (value: unknown) => String(value ?? '').trim() || undefined,
	/** An expression may give a number as text ("-1"). */
	number: (value: unknown) => Number(value),
	/** As `number`, with null kept (it resets the value). */
	numberOrNull: (value: unknown) => (value === null ? null : Number(value)),
	/** An emptied text clears the value. */
	emptyAsNull: (value: unknown) => (value === '' ? null : value),
	/** Comma-separated text, or a list mapped from a previous node: trimmed, non-empty values. */
	list: (value: unknown) =>
		(Array.isArray(value) ? value : String(value ?? '').split(','))
			.map((v) => String(v).trim())
			.filter((v) => v !== ''),
};
