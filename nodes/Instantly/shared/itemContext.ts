import type { IExecuteFunctions, IExecuteSingleFunctions, IGetNodeParameterOptions, INodeExecutionData } from 'n8n-workflow';

/**
 * One input item's view of an operation's run, shaped like the context n8n gives declarative code
 * (`IExecuteSingleFunctions`), so validators, request building and output hooks read the item's parameters
 * without an index. Each parameter is resolved once per item: in n8n 2.x every expression the user mapped
 * (`{{ $json.email }}`) costs an isolated-VM evaluation, and validating, building the request and shaping
 * the output would otherwise pay for it again each time. What the editor writes when a field is dragged in —
 * `{{ $json.email }}`, `{{ $json["First Name"] }}` — is read straight from the item (see `mappedDirectly`).
 */
export function itemContext(ctx: IExecuteFunctions, itemIndex: number): IExecuteSingleFunctions {
	const parameters = ctx.getNode().parameters;
	const resolved = new Map<string, unknown>();
	const view = Object.create(ctx) as IExecuteSingleFunctions;
	return Object.assign(view, {
		getItemIndex: () => itemIndex,
		getInputData: (): INodeExecutionData => ctx.getInputData()[itemIndex],
		getNodeParameter(name: string, fallback?: unknown, options?: IGetNodeParameterOptions) {
			// n8n answers a missing parameter with the fallback; asking it would throw without one.
			if (valueAt(parameters, name) === undefined) return fallback;
			const key = options?.extractValue ? `${name}\0extract` : name;
			if (!resolved.has(key)) {
				const fast = mappedDirectly(valueAt(parameters, name), ctx.getInputData()[itemIndex]?.json);
				resolved.set(key, fast ? fast.value : ctx.getNodeParameter(name, itemIndex, undefined, options));
			}
			return resolved.get(key);
		},
	}) as IExecuteSingleFunctions;
}

/** A parameter's stored value by its dotted path (`options.batchSize`), as n8n looks it up. */
export function valueAt(parameters: object, path: string): unknown {
	let value: unknown = parameters;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/** `={{ $json.a.b }}`, `={{ $json["First Name"] }}`, `={{ $json[0] }}`: the whole value is one input field. */
const FIELD_EXPRESSION = /^=\{\{\s*\$json((?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\[\s*(?:'[^'\\]*'|"[^"\\]*"|\d+)\s*\])+)\s*\}\}$/;
const SEGMENT = /\.\s*([A-Za-z_$][\w$]*)|\[\s*(?:'([^'\\]*)'|"([^"\\]*)"|(\d+))\s*\]/g;

/**
 * A parameter's value for this item without n8n's expression engine, when every expression in it only names an
 * input field whose value is text, a number, true/false or null: then n8n would give exactly that value, and
 * reading it costs microseconds instead of an isolated-VM evaluation (1–2 ms in n8n 2.x, per field and item).
 * Anything else — other expressions, text around them, objects, missing fields, resource locators — is left
 * to n8n (`undefined`).
 */
export function mappedDirectly(raw: unknown, json: unknown): { value: unknown } | undefined {
	if (typeof raw === 'string') {
		if (!raw.startsWith('=')) return { value: raw };
		const match = FIELD_EXPRESSION.exec(raw);
		if (!match) return undefined;
		let value: unknown = json;
		for (const [, name, single, double, index] of match[1].matchAll(SEGMENT)) {
			if (value === null || typeof value !== 'object') return undefined;
			const key = name ?? single ?? double ?? index;
			if (!Object.prototype.hasOwnProperty.call(value, key)) return undefined;
			value = (value as Record<string, unknown>)[key];
		}
		const plain = value === null || ['string', 'number', 'boolean'].includes(typeof value);
		return plain ? { value } : undefined;
	}
	if (raw === null || typeof raw !== 'object') return { value: raw };
	if ('__rl' in raw) return undefined;
	if (Array.isArray(raw)) {
		const values = [];
		for (const entry of raw) {
			const resolved = mappedDirectly(entry, json);
			if (!resolved) return undefined;
			values.push(resolved.value);
		}
		return { value: values };
	}
	const object: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(raw)) {
		const resolved = mappedDirectly(entry, json);
		if (!resolved) return undefined;
		object[key] = resolved.value;
	}
	return { value: object };
}
