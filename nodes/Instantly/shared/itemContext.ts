import type { IExecuteFunctions, IExecuteSingleFunctions, IGetNodeParameterOptions, INodeExecutionData } from 'n8n-workflow';

/**
 * One input item's view of an operation's run, shaped like the context n8n gives declarative code
 * (`IExecuteSingleFunctions`), so validators, request building and output hooks read the item's parameters
 * without an index. Each parameter is resolved once per item: in n8n 2.x every expression the user mapped
 * (`{{ $json.email }}`) costs an isolated-VM evaluation, and validating, building the request and shaping
 * the output would otherwise pay for it again each time.
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
			if (!resolved.has(key)) resolved.set(key, ctx.getNodeParameter(name, itemIndex, undefined, options));
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
