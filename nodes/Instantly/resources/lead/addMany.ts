import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { leadFieldsCollection } from '../../shared/leadFields';
import { asNodeError, errorItem } from '../../shared/routing';
import { instantlyApiRequest } from '../../shared/transport';
import { fail, parameter, requireId } from '../../shared/validation';
import { campaignIdField, checkLead, importOptions, listIdField, sendId } from './shared';

const showOnlyForAddMany = { resource: ['lead'], operation: ['addMany'] };

/** Instantly's most leads per bulk request. */
export const MAX_BATCH = 1000;
const BULK_ADD = '/api/v2/leads/add';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The options that become body fields of every request. n8n does not route a custom operation's
 * fields; their `routing.send.property` here names the body field, as it does for Create.
 */
const bodyOptions: INodeProperties[] = [
	{
		displayName: 'Assign To',
		name: 'assignedTo',
		type: 'string',
		default: '',
		placeholder: 'e.g. 0199f36c-d715-7d47-bf95-f163e8f9fc46',
		description:
			'ID of the workspace member to assign all the leads to. By default: the campaign’s owner, or you for a list.',
		routing: sendId('assigned_to'),
	},
	...importOptions,
];

/** Options of the run as a whole, taken from the first item. */
const runOptions: INodeProperties[] = [
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_BATCH },
		default: MAX_BATCH,
		description: 'Leads per request to Instantly (1–1,000). Lower it only if requests time out.',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'lead',
		options: [
			{
				name: 'One Item per Lead',
				value: 'lead',
				description: 'Each input item gets an output item with its lead’s ID, or why it was not added',
			},
			{
				name: 'One Summary per Batch',
				value: 'batch',
				description: 'One item per request to Instantly, with its counts and the result of each lead',
			},
		],
	},
];

export const leadAddManyDescription: INodeProperties[] = [
	{
		displayName:
			'All input items are sent together, up to 1,000 leads per request (Options → Batch Size), so 2,500 rows take 3 requests. A lead already in the campaign or list, or on the block list, is not added again; the "Skip If" options also leave out leads that exist elsewhere in the workspace. Each output item says whether its lead was created (with its ID) or why not.',
		name: 'addManyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showOnlyForAddMany },
	},
	{
		displayName: 'Add To',
		name: 'addTo',
		type: 'options',
		default: 'campaign',
		description: 'Where the leads go',
		displayOptions: { show: showOnlyForAddMany },
		options: [
			{ name: 'Campaign', value: 'campaign', description: 'Add the leads to a campaign (each lead needs an email)' },
			{ name: 'List', value: 'list', description: 'Add the leads to a lead list (each lead needs an email or a name)' },
		],
	},
	{ ...campaignIdField, displayOptions: { show: { ...showOnlyForAddMany, addTo: ['campaign'] } } },
	{ ...listIdField, displayOptions: { show: { ...showOnlyForAddMany, addTo: ['list'] } } },
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. {{ $json.email }}',
		default: '',
		description:
			'The lead’s email address: drag in the input field that holds it. Required for a campaign; a list lead needs an email or a name.',
		displayOptions: { show: showOnlyForAddMany },
	},
	{ ...leadFieldsCollection, displayOptions: { show: showOnlyForAddMany } },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: showOnlyForAddMany },
		// Sorted by name like every option list, the body options among them.
		options: [...bodyOptions, ...runOptions].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

type AddTo = 'campaign' | 'list';

interface Entry {
	itemIndex: number;
	lead: IDataObject;
}

interface Batch {
	addTo: AddTo;
	/** The destination and options: the body of the request without `leads`. */
	body: IDataObject;
	/** The leads of one destination across batches, by lower-case email, with the item that created them. */
	createdInRun: Map<string, number>;
	entries: Entry[];
}

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
	const invalid: Array<{ itemIndex: number; error: NodeApiError | NodeOperationError }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const { addTo, body, lead } = prepareItem(this, itemIndex);
			const key = JSON.stringify(body);
			let group = groups.get(key);
			if (!group) {
				group = { addTo, body, createdInRun: new Map(), entries: [] };
				groups.set(key, group);
			}
			group.entries.push({ itemIndex, lead });
		} catch (caught) {
			invalid.push({ itemIndex, error: asNodeError(this, caught, itemIndex) });
		}
	}
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
	for (let b = 0; b < batches.length; b++) {
		const batch = batches[b];
		const first = batch.entries[0].itemIndex;
		let response: IDataObject;
		try {
			response = (await instantlyApiRequest.call(this, {
				method: 'POST',
				url: BULK_ADD,
				body: { ...batch.body, leads: batch.entries.map((entry) => entry.lead) },
				itemIndex: first,
			})) as IDataObject;
		} catch (caught) {
			const error = asNodeError(this, caught, first);
			if (!continueOnFail) throw batchFailed(error, batches, b, done);
			for (const { itemIndex } of batch.entries) {
				perItem[itemIndex] = errorItem(error, itemIndex);
				perBatch.push(perItem[itemIndex]);
			}
			continue;
		}
		const summary: IDataObject = { number: b + 1, of: batches.length, ...counts(response) };
		const results = describeBatch(response, batch);
		done.batches++;
		done.created += results.filter((result) => result.status === 'created').length;
		batch.entries.forEach(({ itemIndex }, position) => {
			perItem[itemIndex] = {
				json: { ...results[position], ...destinationOf(batch), batch: { ...summary } },
				pairedItem: { item: itemIndex },
			};
		});
		perBatch.push({
			json: {
				batch: b + 1,
				of: batches.length,
				...destinationOf(batch),
				...counts(response),
				leads: results.map((result, position) => ({ item: batch.entries[position].itemIndex, ...result })),
			},
			pairedItem: batch.entries.map(({ itemIndex }) => ({ item: itemIndex })),
		});
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
function prepareItem(ctx: IExecuteFunctions, itemIndex: number): { addTo: AddTo; body: IDataObject; lead: IDataObject } {
	const addTo = ctx.getNodeParameter('addTo', itemIndex, 'campaign');
	if (addTo !== 'campaign' && addTo !== 'list') {
		fail(ctx, itemIndex, `"Add To" must be Campaign or List (got "${String(addTo)}")`, 'Choose where the leads go.');
	}
	const body: IDataObject =
		addTo === 'campaign'
			? { campaign_id: requireId.call(ctx, 'campaignId', itemIndex) }
			: { list_id: requireId.call(ctx, 'listId', itemIndex) };
	const { lead, problem } = checkLead(
		addTo,
		ctx.getNodeParameter('email', itemIndex, ''),
		ctx.getNodeParameter('leadFields', itemIndex, {}),
	);
	if (problem) fail(ctx, itemIndex, problem.message, problem.description);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
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
	invalid: Array<{ itemIndex: number; error: NodeApiError | NodeOperationError }>,
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

function destinationOf(batch: Batch): IDataObject {
	return batch.addTo === 'campaign' ? { campaign_id: batch.body.campaign_id } : { list_id: batch.body.list_id };
}

/** The response's summary fields (everything but the per-lead list). */
function counts(response: IDataObject): IDataObject {
	const { created_leads: _created, status: _status, ...summary } = response;
	return summary;
}

function count(value: unknown): number {
	return typeof value === 'number' && value > 0 ? value : 0;
}

type NotCreated =
	| 'alreadyInCampaign'
	| 'alreadyInList'
	| 'blocklisted'
	| 'skipped'
	| 'invalidEmail'
	| 'incomplete'
	| 'duplicateInInput';

const WHY: Record<NotCreated, { one: string; many: string }> = {
	alreadyInCampaign: { one: 'the lead is already in this campaign', many: 'already in the campaign' },
	alreadyInList: { one: 'the lead is already in this list', many: 'already in the list' },
	blocklisted: { one: 'the email or its domain is on the block list', many: 'on the block list' },
	skipped: { one: 'the lead already exists in the workspace and a "Skip If" option is on', many: 'skipped by a "Skip If" option' },
	invalidEmail: { one: 'Instantly considers the email address invalid', many: 'with an email Instantly considers invalid' },
	incomplete: { one: 'the lead has neither an email nor a name', many: 'with neither an email nor a name' },
	duplicateInInput: { one: 'the same email is on an earlier item of this batch', many: 'repeating an email of the batch' },
};

/**
 * One result per lead of the batch, in order. `created_leads[].index` (the position in the
 * request) gives each created lead's ID. For the others Instantly gives only counts, so a reason
 * is named per lead where it can be known: a repeated email within the batch, an email this run
 * just added, or a batch whose skipped leads all share one reason. Otherwise the counts are quoted.
 */
function describeBatch(response: IDataObject, batch: Batch): IDataObject[] {
	const created = new Map<number, IDataObject>();
	for (const lead of (Array.isArray(response.created_leads) ? response.created_leads : []) as IDataObject[]) {
		if (typeof lead.index === 'number') created.set(lead.index, lead);
	}
	const emailAt = batch.entries.map(({ lead }) => (typeof lead.email === 'string' ? lead.email.toLowerCase() : undefined));
	const firstAt = new Map<string, number>();
	emailAt.forEach((email, position) => {
		if (email !== undefined && !firstAt.has(email)) firstAt.set(email, position);
	});
	const remaining: Record<NotCreated, number> = {
		alreadyInCampaign: batch.addTo === 'campaign' ? count(response.duplicated_leads) : 0,
		alreadyInList: batch.addTo === 'list' ? count(response.duplicated_leads) : 0,
		blocklisted: count(response.in_blocklist),
		skipped: count(response.skipped_count),
		invalidEmail: count(response.invalid_email_count),
		incomplete: count(response.incomplete_count),
		duplicateInInput: count(response.duplicate_email_count),
	};
	const already: NotCreated = batch.addTo === 'campaign' ? 'alreadyInCampaign' : 'alreadyInList';

	const results: IDataObject[] = new Array(batch.entries.length);
	const unexplained: number[] = [];
	batch.entries.forEach(({ lead }, position) => {
		const email = emailAt[position];
		const createdLead = created.get(position);
		if (createdLead) {
			const { index: _index, ...fields } = createdLead;
			results[position] = { status: 'created', ...fields };
			if (email !== undefined && !batch.createdInRun.has(email)) batch.createdInRun.set(email, batch.entries[position].itemIndex);
			return;
		}
		const sent = pick(lead);
		const first = email === undefined ? undefined : firstAt.get(email);
		if (first !== undefined && first !== position && remaining.duplicateInInput > 0) {
			remaining.duplicateInInput--;
			results[position] = {
				status: 'duplicateInInput',
				...sent,
				reason: `Not added: the same email is on item ${batch.entries[first].itemIndex}, earlier in this batch`,
			};
			return;
		}
		const earlier = email === undefined ? undefined : batch.createdInRun.get(email);
		if (earlier !== undefined && remaining[already] > 0) {
			remaining[already]--;
			results[position] = {
				status: already,
				...sent,
				reason: `Not added: ${WHY[already].one} (item ${earlier} of this run added it)`,
			};
			return;
		}
		results[position] = sent;
		unexplained.push(position);
	});

	const reasons = (Object.keys(remaining) as NotCreated[]).filter((reason) => remaining[reason] > 0);
	for (const position of unexplained) {
		if (reasons.length === 1 && remaining[reasons[0]] >= unexplained.length) {
			results[position] = { status: reasons[0], ...results[position], reason: `Not added: ${WHY[reasons[0]].one}` };
		} else {
			const quoted = reasons.map((reason) => `${remaining[reason]} ${WHY[reason].many}`).join(', ');
			results[position] = {
				status: 'notCreated',
				...results[position],
				reason: quoted
					? `Not added. Instantly does not say which lead was left out for which reason; in this batch: ${quoted}`
					: 'Not added, and Instantly gave no reason',
			};
		}
	}
	return results;
}

function pick(lead: IDataObject): IDataObject {
	const sent: IDataObject = {};
	for (const key of ['email', 'first_name', 'last_name']) if (lead[key] !== undefined) sent[key] = lead[key];
	return sent;
}
