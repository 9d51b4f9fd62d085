import type { Schema } from './schema';

/** Instantly's JSON error body. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}
}

export const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	402: 'Payment Required',
	403: 'Forbidden',
	404: 'Not Found',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

export const ORGANIZATION_ID = '0199f36c-d715-7d47-bf95-f164c0f957b1';
export const USER_ID = '0199f36c-d715-7d47-bf95-f163e8f9fc46';

/**
 * Everything the fake workspace holds. Each resource module keeps its records in its own map,
 * in creation order; ids are time-ordered (UUID v7 style), so "after this id" is a stable cursor.
 */
export class SandboxState {
	private sequence = 0;

	readonly collections = new Map<string, Map<string, Record<string, unknown>>>();

	/** Named counters and flags a route module may keep (e.g. the next custom interest status). */
	readonly extra = new Map<string, unknown>();

	collection<T extends Record<string, unknown>>(name: string): Map<string, T> {
		let c = this.collections.get(name);
		if (!c) {
			c = new Map();
			this.collections.set(name, c);
		}
		return c as Map<string, T>;
	}

	/** A UUID whose order is the creation order. */
	newId(): string {
		const n = ++this.sequence;
		const hex = n.toString(16).padStart(20, '0');
		return `019a0000-${hex.slice(0, 4)}-7${hex.slice(4, 7)}-8${hex.slice(7, 10)}-${hex.slice(10, 20).padStart(12, '0')}`;
	}

	now(): string {
		return new Date().toISOString();
	}

	clear(): void {
		this.collections.clear();
		this.extra.clear();
	}
}

/** Cursor pagination as Instantly does it: `starting_after` is the last id seen; the last page has no `next_starting_after`. */
export function pageOf<T extends { id: string }>(
	records: T[],
	limit: number | undefined,
	startingAfter: string | undefined,
	cursorOf: (record: T) => string = (r) => r.id,
): { items: T[]; next_starting_after?: string } {
	const size = limit ?? 100;
	let start = 0;
	if (startingAfter !== undefined) {
		const index = records.findIndex((r) => cursorOf(r) === startingAfter);
		start = index === -1 ? records.filter((r) => cursorOf(r) <= startingAfter).length : index + 1;
	}
	const items = records.slice(start, start + size);
	const more = start + size < records.length;
	return more && items.length
		? { items, next_starting_after: cursorOf(items[items.length - 1]) }
		: { items };
}

/**
 * A list endpoint's `search` as Instantly applies it: without one (absent or empty) every record; with one,
 * the records whose text (`textOf`: one string, or several fields, any of which may match) contains it,
 * ignoring case.
 */
export function searchIn<T>(records: T[], search: unknown, textOf: (record: T) => string | Array<string | null | undefined>): T[] {
	if (typeof search !== 'string' || !search) return records;
	const needle = search.toLowerCase();
	return records.filter((record) => {
		const text = textOf(record);
		return (Array.isArray(text) ? text : [text]).some((value) => typeof value === 'string' && value.toLowerCase().includes(needle));
	});
}

/** The `limit` / `starting_after` part every list endpoint's query (or body) schema shares. */
export const LIST_PAGING: Record<string, Schema> = {
	limit: { type: 'integer', minimum: 1, maximum: 100 },
	starting_after: { type: 'string' },
};
