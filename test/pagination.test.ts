/**
 * The offset paginator (pagination.ts `paginateByOffset`) on its own: the transport is replaced by a list
 * that answers `limit` / `offset` like Instantly's offset-paged endpoints, so each stop condition is seen in
 * the requests it makes. The node's own use of it (Get History) runs against the sandbox in
 * superSearchEnrichment.test.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { paginateByOffset, paginateList } from '../nodes/Instantly/shared/pagination';
import type { InstantlyContext, InstantlyRequest } from '../nodes/Instantly/shared/transport';
import { instantlyApiRequest } from '../nodes/Instantly/shared/transport';

jest.mock('../nodes/Instantly/shared/transport', () => ({ instantlyApiRequest: jest.fn() }));

const request = instantlyApiRequest as unknown as jest.Mock;
const ctx = {} as InstantlyContext;
const HISTORY: InstantlyRequest = { method: 'GET', url: '/api/v2/supersearch-enrichment/history/x', qs: { keep: 'me' }, itemIndex: 0 };

/** A server of `total` entries; `answer` may change the shape or size of what it sends. */
function serve(total: number, answer: (page: IDataObject[]) => unknown = (page) => page) {
	const entries = Array.from({ length: total }, (_, n) => ({ n }));
	request.mockImplementation(async (r: InstantlyRequest) => {
		const { limit, offset } = r.qs as { limit: number; offset: number };
		return answer(entries.slice(offset, offset + limit));
	});
}
const asked = () => request.mock.calls.map(([r]: [InstantlyRequest]) => r.qs);
const numbers = (records: IDataObject[]) => records.map((r) => r.n);

beforeEach(() => request.mockReset());

describe('paginateByOffset', () => {
	it('a short page is the last: 250 entries in three requests, the query kept', async () => {
		serve(250);
		const records = await paginateByOffset.call(ctx, HISTORY);
		expect(numbers(records)).toEqual(Array.from({ length: 250 }, (_, n) => n));
		expect(asked()).toEqual([
			{ keep: 'me', limit: 100, offset: 0 },
			{ keep: 'me', limit: 100, offset: 100 },
			{ keep: 'me', limit: 100, offset: 200 },
		]);
	});

	it('an empty page is the last: 200 entries take a third request that finds nothing', async () => {
		serve(200);
		expect(await paginateByOffset.call(ctx, HISTORY)).toHaveLength(200);
		expect(asked().map((q) => q?.offset)).toEqual([0, 100, 200]);
	});

	it('nothing there: one request, no records', async () => {
		serve(0);
		expect(await paginateByOffset.call(ctx, HISTORY)).toEqual([]);
		expect(request).toHaveBeenCalledTimes(1);
	});

	it('stops at max, each page asking for no more than is missing', async () => {
		serve(1000);
		expect(numbers(await paginateByOffset.call(ctx, HISTORY, 150))).toEqual(Array.from({ length: 150 }, (_, n) => n));
		expect(asked().map((q) => [q?.offset, q?.limit])).toEqual([[0, 100], [100, 50]]);
	});

	it('a max that is a multiple of the page size costs no extra request', async () => {
		serve(1000);
		expect(await paginateByOffset.call(ctx, HISTORY, 200)).toHaveLength(200);
		expect(request).toHaveBeenCalledTimes(2);
	});

	it('a small max: one request for just that many', async () => {
		serve(1000);
		expect(await paginateByOffset.call(ctx, HISTORY, 3)).toHaveLength(3);
		expect(asked()).toEqual([{ keep: 'me', limit: 3, offset: 0 }]);
	});

	it('reads `items` as well as a bare array, and never keeps more than max', async () => {
		serve(1000, (page) => ({ items: [...page, { n: 'extra' }] }));
		const records = await paginateByOffset.call(ctx, HISTORY, 120);
		expect(records).toHaveLength(120);
		expect(records.some((r) => r.n === 'extra')).toBe(false);
		expect(numbers(records)).toEqual(Array.from({ length: 120 }, (_, n) => n));
		expect(asked().map((q) => q?.offset)).toEqual([0, 100]);
	});

	it('an answer without a list ends the paging with nothing more', async () => {
		request.mockResolvedValue({ message: 'no history' });
		expect(await paginateByOffset.call(ctx, HISTORY)).toEqual([]);
		expect(request).toHaveBeenCalledTimes(1);
	});
});

describe('paginateList', () => {
	it('`offset` pages by offset; a cursor paging sends no offset', async () => {
		serve(5);
		expect(await paginateList.call(ctx, HISTORY, 'offset')).toHaveLength(5);
		expect(asked()).toEqual([{ keep: 'me', limit: 100, offset: 0 }]);
		request.mockReset();
		request.mockResolvedValue({ items: [{ n: 1 }] });
		expect(await paginateList.call(ctx, { method: 'GET', url: '/api/v2/campaigns', itemIndex: 0 }, 'qs')).toEqual([{ n: 1 }]);
		expect(asked()).toEqual([{ limit: 100 }]);
	});
});
