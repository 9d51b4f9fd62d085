import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { notResentError } from '../../shared/errors';
import { resolveCampaign, resolveLeadList } from '../../shared/resolve';
import type { RouteOptions, Validator } from '../../shared/routing';
import { fail, isWholeNumberIn, parameter, UUID } from '../../shared/validation';
import { campaignIdField, listIdField } from '../lead/shared';

export const RESOURCE = 'superSearchEnrichment';
export const ENRICHMENT = '/api/v2/supersearch-enrichment';

/** Operations whose resource goes into the URL (`…/{resource_id}`); the others send it as `resource_id`. */
const IN_PATH = new Set(['get', 'getHistory']);
/** Operations whose body also takes `resource_type` (1 = campaign, 2 = list). */
const WITH_TYPE = new Set(['addToResource', 'createAiEnrichment']);

/** Instantly's `resource_type`: 1 a campaign, 2 a list (see the sources in index.ts). */
export const RESOURCE_TYPE = { campaign: 1, list: 2 } as const;

type Context = ThisParameterType<Validator>;

function resourceKind(ctx: Context | IExecuteSingleFunctions, itemIndex: number): 'campaign' | 'list' {
	return parameter.call(ctx, 'resourceType', itemIndex, 'list') === 'campaign' ? 'campaign' : 'list';
}

function resourceValue(ctx: Context | IExecuteSingleFunctions, itemIndex: number): string {
	const name = resourceKind(ctx, itemIndex) === 'campaign' ? 'campaignId' : 'listId';
	const value = parameter.call(ctx, name, itemIndex, '');
	return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/**
 * Puts the picked campaign or list where the operation takes it: in the URL (Get, Get History) or as
 * `resource_id` (with `resource_type` where the endpoint takes one). A name is looked up (a read) first.
 */
async function placeResource(this: IExecuteSingleFunctions, options: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const itemIndex = this.getItemIndex();
	const kind = resourceKind(this, itemIndex);
	const given = resourceValue(this, itemIndex);
	const id = UUID.test(given) ? given : kind === 'campaign' ? await resolveCampaign(this, given) : await resolveLeadList(this, given);
	const operation = String(this.getNodeParameter('operation', ''));
	if (IN_PATH.has(operation)) {
		options.url = `${String(options.url)}/${encodeURIComponent(id)}`;
		return options;
	}
	const body = (options.body ?? {}) as IDataObject;
	body.resource_id = id;
	if (WITH_TYPE.has(operation)) body.resource_type = RESOURCE_TYPE[kind];
	options.body = body;
	return options;
}

const ALL_OPERATIONS = ['create', 'get', 'run', 'addToResource', 'createAiEnrichment', 'getHistory'];

/** "Resource Type" and the campaign / list pickers, shown for every operation of the resource. */
export const resourceFields: INodeProperties[] = [
	{
		displayName: 'Resource Type',
		name: 'resourceType',
		type: 'options',
		default: 'list',
		description: 'Whether the enrichment is on a lead list or on a campaign',
		displayOptions: { show: { resource: [RESOURCE], operation: ALL_OPERATIONS } },
		options: [
			{ name: 'Campaign', value: 'campaign' },
			{ name: 'List', value: 'list' },
		],
		routing: { send: { preSend: [placeResource] } },
	},
	{
		...campaignIdField,
		description:
			'The campaign whose enrichment this is. Search by name, paste its address from Instantly’s app, or map its ID (a UUID). By ID also takes the campaign’s exact name.',
		displayOptions: { show: { resource: [RESOURCE], operation: ALL_OPERATIONS, resourceType: ['campaign'] } },
	},
	{
		...listIdField,
		description: 'The lead list whose enrichment this is. Search by name, or map its ID (a UUID). By ID also takes the list’s exact name.',
		displayOptions: { show: { resource: [RESOURCE], operation: ALL_OPERATIONS, resourceType: ['list'] } },
	},
];

/** The picked campaign or list is given (an ID, or a name looked up when sending). */
export function requireResource(ctx: Context, itemIndex: number): void {
	if (!resourceValue(ctx, itemIndex)) {
		const what = resourceKind(ctx, itemIndex) === 'campaign' ? 'Campaign' : 'List';
		fail(ctx, itemIndex, `The parameter "${what}" is empty`, `Pick the ${what.toLowerCase()} whose enrichment this is, or map its ID from a previous node.`);
	}
}

/** A whole number within [min, max], or fail naming the field. */
export function wholeNumberIn(ctx: Context, itemIndex: number, value: unknown, what: string, min: number, max: number): void {
	if (!isWholeNumberIn(value, min, max)) {
		const range = max === Infinity ? `of at least ${min}` : `from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;
		fail(ctx, itemIndex, `${what} must be a whole number ${range} (got ${String(value)})`, `Set ${what} to a whole number ${range}.`);
	}
}

/**
 * `recover` for a request that starts paid work in Instantly (Run, Add to Resource, Create AI Enrichment): an
 * earlier try without a clear answer may have started it, and Instantly shows no trace a retry could match it
 * by, so it is never resent blindly; the try fails, saying what to check.
 */
export function notResentBecause(why: string): NonNullable<RouteOptions['recover']> {
	return async function (request) {
		throw notResentError(this.getNode(), { method: request.method, path: request.url, itemIndex: request.itemIndex }, why);
	};
}

