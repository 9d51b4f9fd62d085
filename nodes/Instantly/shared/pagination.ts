import type { IDataObject } from 'n8n-workflow';

import type { InstantlyContext, InstantlyRequest } from './transport';
import { instantlyApiRequest } from './transport';

/** Instantly's largest page. */
export const PAGE_SIZE = 100;

/** Where a list endpoint takes `limit` and `starting_after`: the query for GET lists, the body for `POST /leads/list`. */
export type CursorIn = 'qs' | 'body';

export interface Page {
	items: IDataObject[];
	/** Absent on the last page. */
	next?: string;
}

/** Fetches one page: `limit` and the cursor are added to whatever the request already carries. */
export async function fetchPage(
	this: InstantlyContext,
	request: InstantlyRequest,
	cursorIn: CursorIn,
	limit: number,
	startingAfter?: string,
): Promise<Page> {
	const page: IDataObject = { limit };
	if (startingAfter) page.starting_after = startingAfter;
	const response = (await instantlyApiRequest.call(this, {
		...request,
		[cursorIn]: { ...request[cursorIn], ...page },
	})) as IDataObject;
	const items = Array.isArray(response.items) ? (response.items as IDataObject[]) : [];
	const next = response.next_starting_after;
	return { items, next: typeof next === 'string' && next !== '' ? next : undefined };
}

/**
 * The one cursor paginator: follows `next_starting_after` until it is absent, or until `max`
 * records are in hand, asking each page for no more than is still missing.
 */
export async function paginate(
	this: InstantlyContext,
	request: InstantlyRequest,
	cursorIn: CursorIn,
	max = Infinity,
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	let cursor: string | undefined;
	while (records.length < max) {
		const { items, next } = await fetchPage.call(
			this,
			request,
			cursorIn,
			Math.min(PAGE_SIZE, max - records.length),
			cursor,
		);
		records.push(...items.slice(0, max - records.length));
		// A page without records, or a cursor that does not move, would loop forever.
		if (!next || !items.length || next === cursor) break;
		cursor = next;
	}
	return records;
}

/**
 * How a list operation pages (`RouteOptions.list`): `'qs'` / `'body'` follow Instantly's cursor
 * (`starting_after` → `next_starting_after`) in the query or the body; `'offset'` sends `limit` and `offset` in
 * the query, for the endpoints that page so (SuperSearch Enrichment → Get History).
 */
export type ListPaging = CursorIn | 'offset';

/** Every value `RouteOptions.list` may take; test/routing.test.ts refuses any other. */
export const LIST_PAGING: readonly ListPaging[] = ['qs', 'body', 'offset'];

/** The records of a list answer: `items`, or the answer itself where it is a bare array. */
function itemsOf(response: unknown): IDataObject[] {
	if (Array.isArray(response)) return response as IDataObject[];
	const items = (response as IDataObject | undefined)?.items;
	return Array.isArray(items) ? (items as IDataObject[]) : [];
}

/**
 * The one offset paginator, the cursor paginator's twin for endpoints that page by `limit` and `offset`:
 * pages of up to PAGE_SIZE, each asking for no more than is still missing, the offset moving on by what came
 * back. It stops on a page shorter than asked (the last one; an empty page included) or when `max` records
 * are in hand, so a limit that is a multiple of the page size costs no extra empty request.
 */
export async function paginateByOffset(
	this: InstantlyContext,
	request: InstantlyRequest,
	max = Infinity,
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	while (records.length < max) {
		const limit = Math.min(PAGE_SIZE, max - records.length);
		const response = await instantlyApiRequest.call(this, {
			...request,
			qs: { ...request.qs, limit, offset: records.length },
		});
		const items = itemsOf(response);
		// More than asked for would put the next offset out of step: only the page asked for is kept.
		records.push(...items.slice(0, limit));
		if (items.length < limit) break;
	}
	return records;
}

/** A list operation's records, paged as its route says (`RouteOptions.list`), up to `max`. */
export async function paginateList(
	this: InstantlyContext,
	request: InstantlyRequest,
	paging: ListPaging,
	max = Infinity,
): Promise<IDataObject[]> {
	if (paging === 'offset') return await paginateByOffset.call(this, request, max);
	return await paginate.call(this, request, paging, max);
}
