import type { IDataObject, IExecuteFunctions, IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError, errorItem } from '../../../shared/errors';
import { checkEveryItem, type InvalidItem } from '../../../shared/execute';
import { fingerprint, ledgerFor } from '../../../shared/ledger';
import { instantlyApiRequest } from '../../../shared/transport';
import { fail, parameter, requireId, UUID } from '../../../shared/validation';
import { checkLead } from '../shared';
import { bodyOptions, MAX_BATCH } from './description';
import type { AddTo, Batch } from './results';
import { counts, describeBatch, destinationOf } from './results';

const BULK_ADD = '/api/v2/leads/add';

/**
 * Add Many: every input item of the run is checked first, then the leads are sent in batches of
 * up to `batchSize` per destination — one request per batch, one after another. Sequential on
 * purpose: the same email in two batches must reach Instantly in order to be recognised as a
 * duplicate rather than created twice; a failure stops at a known point; and at 1,000 leads a
 * request the rate limit is never what takes the time.
 */
export async function addManyLeads(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const { batchSize, output } = runSettings(this);

	const groups = new Map<string, Batch>();
	const { invalid } = await checkEveryItem(this, false, (item, itemIndex) => {
		const { addTo, body, lead } = prepareItem(item, itemIndex);
		const key = JSON.stringify(body);
		let group = groups.get(key);
		if (!group) {
			group = { addTo, body, createdInRun: new Map(), entries: [] };
			groups.set(key, group);
		}
		group.entries.push({ itemIndex, lead });
	});
	if (invalid.length && !continueOnFail) throw nothingSent(invalid, items.length);

	const batches: Batch[] = [];
	for (const group of groups.values()) {
		for (let start = 0; start < group.entries.length; start += batchSize) {
			batches.push({ ...group, entries: group.entries.slice(start, start + batchSize) });
		}
	}

	const perItem: INodeExecutionData[] = new Array(items.length);
	const perBatch: INodeExecutionData[] = [];
	for (const { itemIndex, error } of invalid) {
		perItem[itemIndex] = errorItem(error, itemIndex);
		perBatch.push(perItem[itemIndex]);
	}
	const done = { batches: 0, created: 0 };
	// A batch an earlier try of this node run already added (n8n's Retry On Fail) is not sent again. One whose
	// outcome was uncertain is simply sent again: Instantly does not add a lead twice to one campaign or list.
	const ledger = ledgerFor(this);
	for (let b = 0; b < batches.length; b++) {
		const batch = batches[b];
		const first = batch.entries[0].itemIndex;
		const body = { ...batch.body, leads: batch.entries.map((entry) => entry.lead) };
		const key = fingerprint('addMany', b, batches.length, body);
		let outcome = ledger.completed(key);
		if (!outcome) {
			let response: IDataObject;
			try {
				response = (await instantlyApiRequest.call(this, { method: 'POST', url: BULK_ADD, body, itemIndex: first })) as IDataObject;
			} catch (caught) {
				const error = asNodeError(this, caught, first);
				if (!continueOnFail) throw batchFailed(error, batches, b, done);
				for (const { itemIndex } of batch.entries) {
					perItem[itemIndex] = errorItem(error, itemIndex);
					perBatch.push(perItem[itemIndex]);
				}
				continue;
			}
			outcome = batchOutput(response, batch, b, batches.length);
			ledger.complete(key, outcome);
		}
		const [summary, ...leads] = outcome;
		done.batches++;
		leads.forEach((item, position) => {
			const { itemIndex } = batch.entries[position];
			perItem[itemIndex] = item;
			const { email } = batch.entries[position].lead;
			if (item.json.status !== 'created') return;
			done.created++;
			// Later batches explain "already in the campaign" by the item of this run that added the lead.
			if (typeof email === 'string' && !batch.createdInRun.has(email.toLowerCase())) {
				batch.createdInRun.set(email.toLowerCase(), itemIndex);
			}
		});
		perBatch.push(summary);
	}
	return [output === 'batch' ? perBatch : perItem];
}

function runSettings(ctx: IExecuteFunctions): { batchSize: number; output: 'lead' | 'batch' } {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const batchSize = options.batchSize === undefined ? MAX_BATCH : Number(options.batchSize);
	if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH) {
		fail(ctx, 0, `"Batch Size" must be a whole number from 1 to 1,000 (got ${String(options.batchSize)})`, 'Instantly takes at most 1,000 leads per request; leave it at 1,000 unless requests time out.');
	}
	return { batchSize, output: options.output === 'batch' ? 'batch' : 'lead' };
}

/** One item's request: destination and options (the batch key) and the lead. Throws what is wrong with it. */
function prepareItem(
	ctx: IExecuteSingleFunctions,
	itemIndex: number,
): { addTo: AddTo; body: IDataObject; lead: IDataObject } {
	const addTo = ctx.getNodeParameter('addTo', 'campaign');
	if (addTo !== 'campaign' && addTo !== 'list') {
		fail(ctx, itemIndex, `"Add To" must be Campaign or List (got "${String(addTo)}")`, 'Choose where the leads go.');
	}
	const body: IDataObject =
		addTo === 'campaign'
			? { campaign_id: requireId.call(ctx, 'campaignId', itemIndex) }
			: { list_id: requireId.call(ctx, 'listId', itemIndex) };
	const { lead, problem } = checkLead(
		addTo,
		ctx.getNodeParameter('email', ''),
		ctx.getNodeParameter('leadFields', {}),
	);
	if (problem) fail(ctx, itemIndex, problem.message, problem.description);
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	for (const option of bodyOptions) {
		if (!(option.name in options)) continue;
		const property = String(option.routing?.send?.property);
		if (option.type === 'boolean') {
			body[property] = options[option.name] === true;
			continue;
		}
		const id = String(parameter.call(ctx, `options.${option.name}`, itemIndex, '') ?? '').trim();
		if (!id) fail(ctx, itemIndex, `"${option.displayName}" is empty`, `Enter an ID, or remove "${option.displayName}" from the options.`);
		if (!UUID.test(id)) fail(ctx, itemIndex, `"${id}" in "${option.displayName}" is not an Instantly ID`, 'Instantly IDs look like 0199f36c-d715-7d47-bf95-f164c0f957b1.');
		body[property] = id;
	}
	return { addTo, body, lead };
}

/** Without "On Error → Continue", one invalid item stops the run before any lead is sent. */
function nothingSent(
	invalid: InvalidItem[],
	total: number,
): NodeApiError | NodeOperationError {
	const { error } = invalid[0];
	const shown = invalid.slice(0, 10).map(({ itemIndex }) => itemIndex).join(', ');
	const which =
		invalid.length > 1
			? `${invalid.length} of ${total} items are invalid (item indexes ${shown}${invalid.length > 10 ? ', …' : ''}). `
			: '';
	error.description = `${error.description ? `${error.description} ` : ''}${which}Nothing was sent to Instantly. Fix the input, or set "On Error" to "Continue" to add the valid leads and get an error item for each invalid one.`;
	return error;
}

/** Says which batch failed and what had already happened, since earlier batches stay in Instantly. */
function batchFailed(
	error: NodeApiError | NodeOperationError,
	batches: Batch[],
	failed: number,
	done: { batches: number; created: number },
): NodeApiError | NodeOperationError {
	const { entries } = batches[failed];
	const later = batches.slice(failed + 1).reduce((sum, batch) => sum + batch.entries.length, 0);
	const parts = [
		`Batch ${failed + 1} of ${batches.length} (${entries.length} leads, items ${entries[0].itemIndex}–${entries[entries.length - 1].itemIndex}) was not added.`,
	];
	if (done.batches) {
		parts.push(
			`The ${done.batches} batch${done.batches > 1 ? 'es' : ''} before it went through (${done.created} leads created); Instantly does not add a lead twice to the same campaign or list, so running the node again is safe.`,
		);
	}
	if (later) parts.push(`${later} leads of later batches were not sent.`);
	if (error.description) parts.push(error.description);
	error.description = parts.join(' ');
	return error;
}


/** The batch's summary item, then one lean item per lead (what a user maps next), in the batch's order. */
function batchOutput(response: IDataObject, batch: Batch, b: number, total: number): INodeExecutionData[] {
	const results = describeBatch(response, batch);
	const summary: INodeExecutionData = {
		json: {
			batch: b + 1,
			of: total,
			...destinationOf(batch),
			...counts(response),
			leads: results.map((result, position) => ({ item: batch.entries[position].itemIndex, ...result })),
		},
		pairedItem: batch.entries.map(({ itemIndex }) => ({ item: itemIndex })),
	};
	const leads = batch.entries.map(({ itemIndex }, position) => ({
		json: { ...results[position], batch: b + 1 },
		pairedItem: { item: itemIndex },
	}));
	return [summary, ...leads];
}
