import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodePropertyRouting } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { BUILT_IN_INTEREST_STATUSES } from './interestStatus';
import { paginate } from './pagination';
import { runScope } from './ledger';
import { propertyAt } from './request';
import { requireId, UUID } from './validation';

/**
 * Names where an ID is asked for. An AI Agent (or a sheet a user maps) knows a campaign, a list or a lead label by
 * its name, never by its ID: fields that take an ID also take the exact name, looked up once per run with the
 * same search the editor's "From List" uses. Anything shaped like an ID is sent as it is, unlooked-up.
 */


interface Kind {
	/** What the user calls it. */
	what: string;
	url: string;
	/** The record's name field. */
	nameField: string;
	/** What the record is sent as. */
	valueField: string;
}

const CAMPAIGN: Kind = { what: 'campaign', url: '/api/v2/campaigns', nameField: 'name', valueField: 'id' };
const LIST: Kind = { what: 'lead list', url: '/api/v2/lead-lists', nameField: 'name', valueField: 'id' };
const LABEL: Kind = { what: 'lead label', url: '/api/v2/lead-labels', nameField: 'label', valueField: 'interest_status' };

const normalize = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** Lookups of this node run, so 500 items naming one campaign search for it once. */
const cache = new WeakMap<object, Map<string, Promise<unknown>>>();

function lookup(ctx: IExecuteSingleFunctions, kind: Kind, name: string): Promise<unknown> {
	const run = (ctx.getExecuteData?.() as object | undefined) ?? ctx;
	let found = cache.get(run);
	if (!found) cache.set(run, (found = new Map()));
	// With the node and its credential: an AI Agent's tools share the agent's execute data (see runScope).
	const key = `${runScope(ctx)}\0${kind.url}\0${normalize(name)}`;
	let pending = found.get(key);
	if (!pending) {
		pending = byName(ctx, kind, name);
		// A failed lookup (Instantly down, a 401) is not remembered: the next item asks again.
		pending.catch(() => found.delete(key));
		found.set(key, pending);
	}
	return pending;
}

async function byName(ctx: IExecuteSingleFunctions, kind: Kind, name: string): Promise<unknown> {
	const records = await paginate.call(ctx, { method: 'GET', url: kind.url, qs: { search: name.trim() } }, 'qs', 100);
	const exact = records.filter((r) => typeof r[kind.nameField] === 'string' && normalize(r[kind.nameField] as string) === normalize(name));
	if (exact.length === 1) return exact[0][kind.valueField];
	const itemIndex = ctx.getItemIndex();
	if (exact.length > 1) {
		throw new NodeOperationError(ctx.getNode(), `${exact.length} ${kind.what}s are named "${name}"`, {
			itemIndex,
			description: `Give the ${kind.what}'s ID instead of its name.`,
		});
	}
	const close = records.slice(0, 5).map((r) => `"${String(r[kind.nameField])}"`);
	throw new NodeOperationError(ctx.getNode(), `No ${kind.what} is named "${name}"${close.length ? `; close: ${close.join(', ')}` : ''}`, {
		itemIndex,
		description: `Use the exact name of an existing ${kind.what}, or its ID.`,
	});
}

/** A campaign or list by ID (a UUID, sent as is) or by its exact name. */
async function idOrName(ctx: IExecuteSingleFunctions, kind: Kind, value: unknown): Promise<unknown> {
	const text = String(value ?? '').trim();
	if (!text || UUID.test(text)) return text;
	return await lookup(ctx, kind, text);
}

/**
 * An interest status: a number (or numeric text), null (resets it), a built-in status by name ("Meeting
 * Booked"), or a lead label by its name ("Hot Lead").
 */
export async function resolveInterestValue(ctx: IExecuteSingleFunctions, value: unknown): Promise<number | null> {
	if (value === null) return null;
	const text = String(value).trim();
	if (/^-?\d+$/.test(text)) return Number(text);
	const builtIn = BUILT_IN_INTEREST_STATUSES.find((s) => normalize(s.name) === normalize(text));
	if (builtIn) return builtIn.value as number;
	return (await lookup(ctx, LABEL, text)) as number;
}

/** Whether a value can be an interest status before looking anything up: a whole number, null or a name. */
export function isInterestValue(value: unknown): boolean {
	if (value === null) return true;
	if (typeof value === 'number') return Number.isInteger(value);
	if (typeof value !== 'string') return false;
	return /^-?\d+$/.test(value.trim()) || /\p{L}/u.test(value);
}

/** Sends a body (or query) field resolved by `resolve` (async: it may look a name up). */
function sendResolved(
	property: string,
	resolve: (ctx: IExecuteSingleFunctions, value: unknown) => Promise<unknown>,
	type: 'body' | 'query' = 'body',
): INodePropertyRouting {
	return {
		send: {
			type,
			property,
			preSend: [
				async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
					const at = propertyAt((type === 'body' ? options.body : options.qs) as IDataObject, property);
					if (at) at.parent[at.key] = (await resolve(this, at.parent[at.key])) as IDataObject[string];
					return options;
				},
			],
		},
	};
}

/** A campaign's ID, from its ID or its exact name. */
export const resolveCampaign = async (ctx: IExecuteSingleFunctions, value: unknown) => String(await idOrName(ctx, CAMPAIGN, value));

/** A campaign field: its ID, or the campaign's exact name. */
export const sendCampaign = (property: string, type: 'body' | 'query' = 'body') => sendResolved(property, resolveCampaign, type);

/**
 * A campaign in the URL (`{parameter}` of the route), given by ID or by its exact name: a name is looked up
 * and the path gets the ID, so "Pause campaign Q3 Outreach" works for an AI Agent.
 */
export function campaignInPath(parameter: string): INodePropertyRouting {
	return {
		send: {
			preSend: [
				async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
					const given = requireId.call(this, parameter, this.getItemIndex());
					if (UUID.test(given)) return options;
					const id = await resolveCampaign(this, given);
					options.url = String(options.url).replace(`/${encodeURIComponent(given)}`, `/${encodeURIComponent(id)}`);
					return options;
				},
			],
		},
	};
}

/** A lead list's ID, from its ID or its exact name. */
export const resolveLeadList = async (ctx: IExecuteSingleFunctions, value: unknown) => String(await idOrName(ctx, LIST, value));

/** A lead list field: its ID, or the list's exact name. */
export const sendLeadList = (property: string, type: 'body' | 'query' = 'body') =>
	sendResolved(property, (ctx, value) => idOrName(ctx, LIST, value), type);

/** An interest status field: a number, null, a built-in status's name or a lead label's name. */
export const sendInterestValue = (property: string) => sendResolved(property, resolveInterestValue);
