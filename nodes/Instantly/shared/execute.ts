import type {
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
} from 'n8n-workflow';

import { asNodeError, errorItem } from './errors';
import { itemContext } from './itemContext';
import { fingerprint, ledgerFor } from './ledger';
import { requestClock } from './limiterRegistry';
import { paginate } from './pagination';
import { buildRequest } from './request';
import type { Route } from './routing';
import { routedOperations } from './routing';
import type { InstantlyRequest } from './transport';
import { connect, instantlyApiRequest } from './transport';
import { resolveLimit } from './validation';

/**
 * Runs one operation for every input item: the node's per-item path. In order:
 *
 * 1. Every item is checked and its request built before any is sent ("bad input: nothing is sent"). Without
 *    "On Error → Continue" one invalid item stops the run before a single request leaves; with it, the invalid
 *    item becomes its error item and the others go on.
 * 2. An item a previous try of this node run already completed (n8n's "Retry On Fail" runs the node again with
 *    the same data) is not sent again: its output is reused (see ledger.ts).
 * 3. The rest are handed to the transport in item order — in batches with a pause between them when the node's
 *    "Batching" request option asks for it — and the transport's limiter paces them at Instantly's rate.
 * 4. Without "On Error → Continue", the first failure takes the requests still waiting for their turn out of
 *    the queue: n8n discards the results of a failed node, so sending them would only create records a rerun
 *    duplicates. The requests already under way are awaited (and recorded) before the node fails, so a retry
 *    never races them.
 */
interface Planned {
	item: IExecuteSingleFunctions;
	itemIndex: number;
	request: InstantlyRequest;
	limit?: number;
	key: string;
}

export function operationExecutor(route: Route, fields: INodeProperties[]) {
	return async function (this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const continueOnFail = this.continueOnFail();
		const { settings } = await connect(this);
		const ledger = ledgerFor(this);
		const output: INodeExecutionData[][] = items.map(() => []);

		const planned: Planned[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const item = itemContext(this, itemIndex);
			try {
				route.validate?.call(item, itemIndex);
				const limit = route.list ? resolveLimit.call(item, itemIndex) : undefined;
				const request = await buildRequest(item, itemIndex, route, fields);
				const key = fingerprint(itemIndex, request.method, request.url, request.qs, request.body, limit);
				const done = ledger.completed(key);
				if (done) output[itemIndex] = done;
				else planned.push({ item, itemIndex, request, limit, key });
			} catch (error) {
				const failure = asNodeError(this, error, itemIndex);
				if (!continueOnFail) throw failure;
				output[itemIndex] = [errorItem(failure, itemIndex)];
			}
		}

		const run = new AbortController();
		const cancelled = this.getExecutionCancelSignal();
		const onCancel = () => run.abort();
		cancelled?.addEventListener('abort', onCancel, { once: true });
		let firstFailure: Error | undefined;

		const send = async ({ item, itemIndex, request, limit, key }: Planned) => {
			try {
				const sent = {
					...request,
					signal: run.signal,
					abandon: continueOnFail ? undefined : () => firstFailure !== undefined,
				};
				const records = await shapeOutput(
					route,
					item,
					sent,
					route.list
						? await paginate.call(item, sent, route.list, limit)
						: [(await instantlyApiRequest.call(item, sent)) as IDataObject],
				);
				const result = records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
				ledger.complete(key, result);
				output[itemIndex] = result;
			} catch (error) {
				const failure = asNodeError(this, error, itemIndex);
				if (continueOnFail) {
					output[itemIndex] = [errorItem(failure, itemIndex)];
					return;
				}
				if (!firstFailure) {
					firstFailure = failure;
					run.abort();
				}
			}
		};

		const sending: Array<Promise<void>> = [];
		try {
			for (let n = 0; n < planned.length && !firstFailure && !run.signal.aborted; n++) {
				if (settings.batching && n > 0 && n % settings.batching.size === 0) {
					// The clock the requests wait on: tests hand in a virtual one.
					await requestClock().sleep(settings.batching.intervalMs);
					if (firstFailure || run.signal.aborted) break;
				}
				sending.push(send(planned[n]));
			}
			await Promise.all(sending);
		} finally {
			cancelled?.removeEventListener('abort', onCancel);
		}
		if (firstFailure) throw firstFailure;
		return [output.flat()];
	};
}

/** The response (or each record of a list) as output records: the route's own shaping, or as Instantly answered. */
async function shapeOutput(
	route: Route,
	item: IExecuteSingleFunctions,
	request: InstantlyRequest,
	responses: IDataObject[],
): Promise<IDataObject[]> {
	const { output } = route;
	if (!output) return responses;
	const shaped: IDataObject[] = [];
	for (const response of responses) shaped.push(...(await output.call(item, response, request)));
	return shaped;
}

type CustomOperations = NonNullable<INodeType['customOperations']>;

/** n8n's `customOperations` for every routed operation of the node, plus those written by hand. */
export function customOperationsFor(properties: INodeProperties[], handWritten: CustomOperations): CustomOperations {
	const operations: CustomOperations = {};
	for (const { resource, operation, route, fields } of routedOperations(properties)) {
		operations[resource] = { ...operations[resource], [operation]: operationExecutor(route, fields) };
	}
	for (const [resource, byName] of Object.entries(handWritten)) {
		operations[resource] = { ...operations[resource], ...byName };
	}
	return operations;
}
