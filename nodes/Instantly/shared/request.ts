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
	for (const field of fields) {
		if (NodeHelpers.displayParameter(node.parameters, field, node, null)) collect(ctx, field, field.name, options, preSend);
	}
	for (const action of preSend) options = await action.call(ctx, options);
	const request: InstantlyRequest = { method: route.method, url: options.url, itemIndex };
	if (Object.keys(options.qs ?? {}).length) request.qs = options.qs;
	if (Object.keys((options.body as IDataObject) ?? {}).length) request.body = options.body as IDataObject;
	return request;
}

function collect(
	ctx: IExecuteSingleFunctions,
	field: INodeProperties,
	path: string,
	options: IHttpRequestOptions,
	preSend: PreSendAction[],
): void {
	const send = field.routing?.send;
	if (send?.property !== undefined) {
		const value = ctx.getNodeParameter(path, undefined, { extractValue: true });
		const target = (send.type === 'body' ? options.body : options.qs) as IDataObject;
		target[send.property] = value as IDataObject[keyof IDataObject];
	}
	if (send?.preSend) preSend.push(...send.preSend);
	if (field.type !== 'collection') return;
	const added = valueAt(ctx.getNode().parameters, path);
	if (!added || typeof added !== 'object') return;
	for (const option of (field.options ?? []) as INodeProperties[]) {
		if (option.name in added) collect(ctx, option, `${path}.${option.name}`, options, preSend);
	}
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
					const target = (type === 'body' ? options.body : options.qs) as IDataObject;
					if (target && property in target) {
						const value = transform(target[property]);
						if (value === undefined) delete target[property];
						else target[property] = value as IDataObject[keyof IDataObject];
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
