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
