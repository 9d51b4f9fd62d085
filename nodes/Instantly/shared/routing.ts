import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecuteSingleFunctions,
	IExecutePaginationFunctions,
	IHttpRequestMethods,
	INode,
	INodeExecutionData,
	INodePropertyRouting,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { CursorIn } from './pagination';
import { paginate } from './pagination';
import type { InstantlyRequest } from './transport';
import { DEFAULT_TIMEOUT, instantlyApiRequest } from './transport';
import { requireId, resolveLimit } from './validation';

/** Checks one item's parameters before anything is sent; throws a NodeOperationError that names the field. */
export type Validator = (this: IExecuteSingleFunctions, itemIndex: number) => void;

export interface RouteOptions {
	validate?: Validator;
	/** A list operation: follow the cursor, honouring Return All / Limit. */
	list?: CursorIn;
	/**
	 * Shapes a single response into output records (default: the response itself). It runs with the
	 * item's context and the request sent, so it may read parameters or make follow-up requests
	 * through the transport (e.g. wait for a background job); what it throws is handled like a failed request.
	 */
	output?: (
		this: IExecutePaginationFunctions,
		response: IDataObject,
		request: InstantlyRequest,
	) => IDataObject[] | Promise<IDataObject[]>;
}

/**
 * Routing for one declarative operation. `url` may hold `{parameterName}` placeholders: they are
 * filled from those parameters (plain strings or resource locators alike), URL-encoded, and an
 * empty one fails before sending.
 */
export function route(
	method: IHttpRequestMethods,
	url: string,
	options: RouteOptions = {},
): INodePropertyRouting {
	return {
		request: { method, url },
		// RoutingNode hands the request to `operations.pagination` only when `paginate` is set. Setting it
		// on every operation is how single requests, not only lists, leave through the one transport.
		send: { paginate: true },
		operations: { pagination: sendThroughTransport(options) },
	};
}

function sendThroughTransport(options: RouteOptions) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const itemIndex = this.getItemIndex();
		let run: RunState | undefined;
		try {
			const proceed = await preflight(this, itemIndex, () => {
				options.validate?.call(this, itemIndex);
				return fillPath.call(this, String(requestData.options.url ?? ''), itemIndex);
			});
			if (!proceed.send) return [];
			run = proceed.run;
			const { method = 'GET', qs, body, timeout, proxy, skipSslCertificateValidation } = requestData.options;
			const request: InstantlyRequest = {
				method,
				url: proceed.url,
				qs: qs as IDataObject | undefined,
				body: body as IDataObject | undefined,
				timeout: timeout ?? DEFAULT_TIMEOUT,
				itemIndex,
				proxy,
				skipSslCertificateValidation: skipSslCertificateValidation === true,
				abandon: this.continueOnFail() ? undefined : () => proceed.run.failed,
			};
			let records: IDataObject[];
			if (options.list) {
				records = await paginate.call(this, request, options.list, resolveLimit.call(this, itemIndex));
			} else {
				const response = (await instantlyApiRequest.call(this, request)) as IDataObject;
				records = options.output ? await options.output.call(this, response, request) : [response];
			}
			return records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
		} catch (caught) {
			const error = asNodeError(this, caught, itemIndex);
			if (this.continueOnFail()) return [errorItem(error, itemIndex)];
			if (run) run.failed = true;
			throw error;
		}
	};
}

/** Errors from the transport and the validators already are node errors; anything else is wrapped. */
export function asNodeError(
	ctx: { getNode(): INode },
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** The output item of a failed input item under "On Error → Continue". */
export function errorItem(error: Error & { description?: string | null }, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	return { json, error: error as INodeExecutionData['error'], pairedItem: { item: itemIndex } };
}

function fillPath(this: IExecuteSingleFunctions, url: string, itemIndex: number): string {
	return url.replace(/\{(\w+)\}/g, (_, name: string) =>
		encodeURIComponent(requireId.call(this, name, itemIndex)),
	);
}

/**
 * "Bad input: nothing is sent." RoutingNode starts every item's request in one synchronous loop,
 * so each item validates at once, then waits one tick: by then every item of the run has been
 * checked. Without "On Error → Continue", one invalid item stops them all before any is sent
 * (only the invalid one rejects, so n8n reports it with its own item index).
 */
interface RunState {
	/** An item failed validation: nothing of this run is sent. */
	invalid: boolean;
	/** An item's request failed: items still queued are not sent (see InstantlyRequest.abandon). */
	failed: boolean;
}

const runs = new WeakMap<object, RunState>();

async function preflight(
	ctx: IExecutePaginationFunctions,
	itemIndex: number,
	check: () => string,
): Promise<{ send: boolean; url: string; run: RunState }> {
	const runKey = ctx.getExecuteData();
	let run = runs.get(runKey);
	if (!run) {
		run = { invalid: false, failed: false };
		runs.set(runKey, run);
	}
	let url = '';
	let failure: Error | undefined;
	try {
		url = check();
	} catch (error) {
		failure = asNodeError(ctx, error, itemIndex);
		if (!ctx.continueOnFail()) run.invalid = true;
	}
	await sleep(0);
	if (failure) throw failure;
	return { send: !run.invalid, url, run };
}
