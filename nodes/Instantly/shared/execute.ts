import type {
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { asNodeError, errorItem, notResentError, outcomeUncertain } from './errors';
import { itemContext } from './itemContext';
import type { Ledger, LedgerEntry } from './ledger';
import { fingerprint, ledgerFor } from './ledger';
import { requestClock } from './limiterRegistry';
import { paginateList } from './pagination';
import { buildRequest } from './request';
import type { Route } from './routing';
import { routedOperations } from './routing';
import type { InstantlyRequest } from './transport';
import { connect, instantlyApiRequest } from './transport';
import { sleepUnlessAborted } from './sleep';
import { resolveLimit } from './validation';

/**
 * Runs one operation for every input item: the node's per-item path. In order:
 *
 * 1. Every item is checked and its request built before any is sent ("bad input: nothing is sent"). Without
 *    "On Error → Continue" one invalid item stops the run before a single request leaves; with it, the invalid
 *    item becomes its error item and the others go on.
 * 2. An item a previous try of this node run already completed (n8n's "Retry On Fail" runs the node again with
 *    the same data) is not sent again: its output is reused (see ledger.ts). One whose request Instantly
 *    answered but whose output hook failed (Move's wait for its job) reuses that answer. One whose earlier
 *    outcome was uncertain (sent, no clear answer) is looked up before it is resent (`RouteOptions.recover`);
 *    without a way to look, a create is not resent but fails, telling the user what to check.
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
	/** What an earlier try of this node run left of this request (never `done`: those are not planned). */
	earlier?: LedgerEntry;
}

export function operationExecutor(route: Route, fields: INodeProperties[]) {
	return async function (this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const continueOnFail = this.continueOnFail();
		const { settings } = await connect(this);
		const ledger = ledgerFor(this);
		const output: INodeExecutionData[][] = items.map(() => []);

		const planned: Planned[] = [];
		const { invalid } = await checkEveryItem(this, !continueOnFail, async (item, itemIndex) => {
			route.validate?.call(item, itemIndex);
			const limit = route.list ? resolveLimit.call(item, itemIndex) : undefined;
			const request = await buildRequest(item, itemIndex, route, fields);
			const key = fingerprint(itemIndex, request.method, request.url, request.qs, request.body, limit);
			const earlier = ledger.entry(key);
			if (earlier?.state === 'done') output[itemIndex] = earlier.output;
			else planned.push({ item, itemIndex, request, limit, key, earlier });
		});
		if (invalid.length && !continueOnFail) throw invalid[0].error;
		for (const { itemIndex, error } of invalid) output[itemIndex] = [errorItem(error, itemIndex)];

		const run = new AbortController();
		const cancelled = this.getExecutionCancelSignal();
		const onCancel = () => run.abort();
		cancelled?.addEventListener('abort', onCancel, { once: true });
		let firstFailure: Error | undefined;

		const send = async ({ item, itemIndex, request, limit, key, earlier }: Planned) => {
			try {
				const sent = {
					...request,
					signal: run.signal,
					abandon: continueOnFail ? undefined : () => firstFailure !== undefined,
				};
				const records = route.list
					? await shapeEach(route, item, sent, await paginateList.call(item, sent, route.list, limit))
					: await sendOnce(route, item, sent, ledger, key, earlier);
				const result = records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
				ledger.complete(key, result);
				output[itemIndex] = result;
			} catch (error) {
				// A create sent without a clear answer: the next try looks before it resends. Lists only read;
				// an answer already accepted (Move's job) stays: only its follow-up requests failed.
				if (!route.list && outcomeUncertain(error) && ledger.entry(key)?.state !== 'accepted') ledger.uncertain(key);
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
					await sleepUnlessAborted(requestClock(), settings.batching.intervalMs, run.signal);
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

/** Each record of a list, shaped by the route's `output` where it has one. */
async function shapeEach(
	route: Route,
	item: IExecuteSingleFunctions,
	request: InstantlyRequest,
	records: IDataObject[],
): Promise<IDataObject[]> {
	const { output } = route;
	if (!output) return records;
	const shaped: IDataObject[] = [];
	for (const record of records) shaped.push(...(await output.call(item, record, request)));
	return shaped;
}

export interface InvalidItem {
	itemIndex: number;
	error: NodeApiError | NodeOperationError;
}

/**
 * Step 1 of every operation, the routed ones and Add Many alike: each input item is checked (and prepared, in
 * its own context) before anything is sent. What is wrong with an item is collected as its error; `stopAtFirst`
 * stops at the first invalid item (nothing would be sent anyway), otherwise every item is checked.
 */
export async function checkEveryItem<T>(
	ctx: IExecuteFunctions,
	stopAtFirst: boolean,
	prepare: (item: IExecuteSingleFunctions, itemIndex: number) => T | Promise<T>,
): Promise<{ prepared: Array<{ itemIndex: number; value: T }>; invalid: InvalidItem[] }> {
	const prepared: Array<{ itemIndex: number; value: T }> = [];
	const invalid: InvalidItem[] = [];
	const count = ctx.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			prepared.push({ itemIndex, value: await prepare(itemContext(ctx, itemIndex), itemIndex) });
		} catch (error) {
			invalid.push({ itemIndex, error: asNodeError(ctx, error, itemIndex) });
			if (stopAtFirst) break;
		}
	}
	return { prepared, invalid };
}

/**
 * One request's output records, sent at most as often as it must be: an answer an earlier try got is reused;
 * an earlier uncertain outcome is looked up first (`recover`); what happens now is written to the ledger.
 */
async function sendOnce(
	route: Route,
	item: IExecuteSingleFunctions,
	request: InstantlyRequest,
	ledger: Ledger,
	key: string,
	earlier: LedgerEntry | undefined,
): Promise<IDataObject[]> {
	let response = earlier?.state === 'accepted' ? earlier.response : undefined;
	if (!response && earlier?.state === 'uncertain') {
		if (!route.recover) throw notResentError(item.getNode(), { method: request.method, path: request.url, itemIndex: request.itemIndex });
		const found = await route.recover.call(item, request);
		if (found) return found;
	}
	// A failure here that leaves the outcome uncertain is written to the ledger by the caller.
	response ??= (await instantlyApiRequest.call(item, request)) as IDataObject;
	if (!route.output) return [response];
	ledger.accept(key, response);
	return await route.output.call(item, response, request);
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
