import { runNode, type Credentials } from './engine';
import { addBlockListEntry } from './sandbox/routes/blockListEntries';
import type { RecordedRequest, Sandbox } from './sandbox';
import { useSandbox } from './support/useSandbox';

const ENTRIES = '/api/v2/block-lists-entries';

let sandbox: Sandbox;
let credentials: Credentials;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});

function seed(count: number, value = (i: number) => `domain-${i}.com`) {
	return Array.from({ length: count }, (_, i) => addBlockListEntry(sandbox.state, value(i)));
}

function expectBearerJson(request: RecordedRequest, withBody: boolean) {
	expect(request.headers.authorization).toBe(`Bearer ${sandbox.apiKey}`);
	if (withBody) expect(request.headers['content-type']).toMatch(/^application\/json/);
	else {
		expect(request.headers['content-type']).toBeUndefined();
		expect(request.rawBody).toBe('');
	}
}

describe('Block List Entry → Create', () => {
	it('posts {bl_value} once per item and outputs each created entry paired to its item', async () => {
		const { items, error } = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'create', blValue: '={{ $json.value }}' },
			items: [{ value: 'competitor.com' }, { value: '  ceo@rival.io ' }],
			credentials,
		});
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', ENTRIES, { bl_value: 'competitor.com' }],
			['POST', ENTRIES, { bl_value: 'ceo@rival.io' }],
		]);
		sandbox.requests.forEach((r) => expectBearerJson(r, true));
		expect(items).toHaveLength(2);
		expect(items[0].json).toMatchObject({ bl_value: 'competitor.com', is_domain: true });
		expect(items[1].json).toMatchObject({ bl_value: 'ceo@rival.io', is_domain: false });
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json.id).toBe([...sandbox.state.collection('blockListEntries').keys()][0]);
	});

	it.each([
		['   ', 'is empty'],
		['not a domain', 'neither an email address nor a domain'],
		['http://example.com', 'neither an email address nor a domain'],
		['@example.com', 'neither an email address nor a domain'],
	])('rejects %j before sending anything, naming the field', async (value, message) => {
		const { items, error } = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'create', blValue: value },
			credentials,
		});
		expect(sandbox.requests).toHaveLength(0);
		expect(items).toHaveLength(0);
		expect(error?.message).toContain('"Email or Domain"');
		expect(error?.message).toContain(message);
		expect(error?.description).toContain('name@example.com');
		// Bad input is the user's to fix, not an API failure: a NodeOperationError, with no HTTP status.
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.httpCode).toBeUndefined();
	});

	it('an empty required value is refused by n8n itself before the node runs', async () => {
		await expect(
			runNode({ parameters: { resource: 'blockListEntry', operation: 'create', blValue: '' }, credentials }),
		).rejects.toThrow('Parameter "Email or Domain" is required');
		expect(sandbox.requests).toHaveLength(0);
	});

	it('sends nothing at all when one of several items is invalid', async () => {
		const { error } = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'create', blValue: '={{ $json.value }}' },
			items: [{ value: 'a.com' }, { value: 'b.com' }, { value: 'nope' }, { value: 'c.com' }],
			credentials,
		});
		expect(sandbox.requests).toHaveLength(0);
		expect(error?.message).toContain('"nope"');
		expect(error?.context?.itemIndex).toBe(2);
	});

	it('with On Error → Continue, sends the valid items and outputs an error item for the invalid one', async () => {
		const { items } = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'create', blValue: '={{ $json.value }}' },
			items: [{ value: 'a.com' }, { value: 'nope' }, { value: 'c.com' }],
			onError: 'continueRegularOutput',
			credentials,
		});
		expect(sandbox.requests.map((r) => r.body)).toEqual([{ bl_value: 'a.com' }, { bl_value: 'c.com' }]);
		expect(items).toHaveLength(3);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[1].json.error).toContain('"nope"');
		expect(items[0].json.bl_value).toBe('a.com');
		expect(items[2].json.bl_value).toBe('c.com');
	});
});

describe('Block List Entry → Get / Update / Delete', () => {
	it('gets one entry by id', async () => {
		const [entry] = seed(1);
		const { items } = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'get', blockListEntryId: entry.id },
			credentials,
		});
		expect(sandbox.requests).toHaveLength(1);
		const [request] = sandbox.requests;
		expect([request.method, request.path, request.query]).toEqual(['GET', `${ENTRIES}/${entry.id}`, {}]);
		expectBearerJson(request, false);
		expect(items).toEqual([{ json: entry, pairedItem: { item: 0 } }]);
	});

	it('patches {bl_value} and outputs the updated entry', async () => {
		const [entry] = seed(1);
		const { items } = await runNode({
			parameters: {
				resource: 'blockListEntry',
				operation: 'update',
				blockListEntryId: entry.id,
				blValue: 'someone@new.org',
			},
			credentials,
		});
		const [request] = sandbox.requests;
		expect([request.method, request.path, request.body]).toEqual([
			'PATCH',
			`${ENTRIES}/${entry.id}`,
			{ bl_value: 'someone@new.org' },
		]);
		expectBearerJson(request, true);
		expect(items[0].json).toMatchObject({ id: entry.id, bl_value: 'someone@new.org', is_domain: false });
	});

	it('refuses an update to an invalid value without sending', async () => {
		const [entry] = seed(1);
		const { error } = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'update', blockListEntryId: entry.id, blValue: 'x' },
			credentials,
		});
		expect(sandbox.requests).toHaveLength(0);
		expect(error?.message).toContain('"x"');
	});

	it('deletes without a body or JSON content type and outputs the deleted entry', async () => {
		const [entry, kept] = seed(2);
		const { items } = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'delete', blockListEntryId: entry.id },
			credentials,
		});
		const [request] = sandbox.requests;
		expect([request.method, request.path]).toEqual(['DELETE', `${ENTRIES}/${entry.id}`]);
		expectBearerJson(request, false);
		expect(items).toEqual([{ json: entry, pairedItem: { item: 0 } }]);
		expect([...sandbox.state.collection('blockListEntries').keys()]).toEqual([kept.id]);
	});

	it('URL-encodes the id and refuses an empty one before sending', async () => {
		const { error } = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'get', blockListEntryId: 'a/b?c' },
			credentials,
		});
		expect(sandbox.requests[0].path).toBe(`${ENTRIES}/a%2Fb%3Fc`);
		expect(error?.message).toContain('Resource not found');

		sandbox.resetLog();
		const empty = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'delete', blockListEntryId: ' ' },
			credentials,
		});
		expect(sandbox.requests).toHaveLength(0);
		expect(empty.error?.message).toBe('The parameter "Block List Entry" is empty');
	});
});

describe('Block List Entry → Get Many', () => {
	const getMany = (extra: Record<string, unknown>) =>
		runNode({ parameters: { resource: 'blockListEntry', operation: 'getAll', ...extra }, credentials });

	it.each([
		[0, 1],
		[1, 1],
		[100, 1],
		[101, 2],
		[250, 3],
	])('Return All with %i entries: one item per entry in %i request(s) of 100', async (count, requests) => {
		const seeded = seed(count);
		const { items, error } = await getMany({ returnAll: true });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.id)).toEqual(seeded.map((e) => e.id));
		expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(sandbox.requests).toHaveLength(requests);
		sandbox.requests.forEach((r, page) => {
			expect(r.method).toBe('GET');
			expect(r.path).toBe(ENTRIES);
			expect(r.query.limit).toBe('100');
			expect(r.query.starting_after).toBe(page === 0 ? undefined : seeded[page * 100 - 1].id);
		});
	});

	it.each([
		[1, ['1']],
		[100, ['100']],
		[150, ['100', '50']],
	])('Limit %i returns exactly that many, asking each page only for what is missing', async (limit, pageLimits) => {
		const seeded = seed(250);
		const { items } = await getMany({ returnAll: false, limit });
		expect(items.map((i) => i.json.id)).toEqual(seeded.slice(0, limit).map((e) => e.id));
		expect(sandbox.requests.map((r) => r.query.limit)).toEqual(pageLimits);
	});

	it('Limit above what exists returns everything and stops at the last page', async () => {
		seed(120);
		const { items } = await getMany({ returnAll: false, limit: 500 });
		expect(items).toHaveLength(120);
		expect(sandbox.requests.map((r) => r.query.limit)).toEqual(['100', '100']);
	});

	it('carries search and domains_only on every page, not only the first', async () => {
		seed(130, (i) => `shop-${i}.com`);
		seed(40, (i) => `person${i}@shop-x.com`);
		seed(30, (i) => `other-${i}.net`);
		const { items } = await getMany({ returnAll: true, filters: { search: 'shop', domainsOnly: true } });
		expect(items).toHaveLength(130);
		expect(items.every((i) => i.json.is_domain === true && String(i.json.bl_value).includes('shop'))).toBe(true);
		expect(sandbox.requests).toHaveLength(2);
		for (const r of sandbox.requests) {
			expect(r.query).toMatchObject({ search: 'shop', domains_only: 'true', limit: '100' });
		}
	});

	it('refuses a limit below 1 (set by an expression) without sending', async () => {
		seed(3);
		const { error } = await getMany({ returnAll: false, limit: '={{ 0 }}' });
		expect(sandbox.requests).toHaveLength(0);
		expect(error?.message).toContain('Limit must be a whole number of at least 1');
	});
});

describe('API errors', () => {
	it('401: NodeApiError with Instantly’s message and status, and never the key', async () => {
		const secret = 'sk_live_DO_NOT_LEAK_1234567890';
		const { error, items } = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'create', blValue: 'a.com' },
			credentials: { apiKey: secret, baseUrl: sandbox.url },
		});
		expect(items).toHaveLength(0);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('401');
		expect(error?.message).toBe('Instantly answered 401: Invalid API key');
		expect(error?.description).toContain('API key');
		expect(sandbox.requests[0].headers.authorization).toBe(`Bearer ${secret}`);
		const serialized = JSON.stringify({ error, message: error?.message, description: error?.description, stack: error?.stack });
		expect(serialized).not.toContain(secret);
	});

	it('404: names the missing id as the thing to check', async () => {
		const { error } = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'get', blockListEntryId: '019a0000-0000-7000-8000-00000000dead' },
			credentials,
		});
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toBe('Instantly answered 404: Resource not found');
		expect(error?.description).toContain('ID does not exist');
	});

	it('400: carries the field Instantly rejected', async () => {
		sandbox.inject({
			fault: {
				kind: 'status',
				status: 400,
				body: { statusCode: 400, error: 'Bad Request', message: 'body/bl_value must match pattern' },
			},
			path: ENTRIES,
		});
		const { error } = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'create', blValue: 'a.com' },
			credentials,
		});
		expect(sandbox.requests).toHaveLength(1);
		expect(error?.httpCode).toBe('400');
		expect(error?.message).toBe('Instantly answered 400: body/bl_value must match pattern');
	});

	it('On Error → Continue: failed items become paired error items, the others succeed', async () => {
		const [a, b] = seed(2);
		const { items } = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'get', blockListEntryId: '={{ $json.id }}' },
			items: [{ id: a.id }, { id: 'missing-id' }, { id: b.id }],
			onError: 'continueRegularOutput',
			credentials,
		});
		expect(sandbox.requests).toHaveLength(3);
		expect(items).toHaveLength(3);
		expect(items[0].json.id).toBe(a.id);
		expect(items[1].json.error).toBe('Instantly answered 404: Resource not found');
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(items[2].json.id).toBe(b.id);
	});

	it('On Error → Continue (error output): errors go to the second output', async () => {
		const [a] = seed(1);
		const { items, errorItems } = await runNode({
			parameters: { resource: 'blockListEntry', operation: 'delete', blockListEntryId: '={{ $json.id }}' },
			items: [{ id: 'missing-id' }, { id: a.id }],
			onError: 'continueErrorOutput',
			credentials,
		});
		expect(items.map((i) => i.json.id)).toEqual([a.id]);
		expect(errorItems).toHaveLength(1);
		expect(errorItems[0].json.error).toContain('404');
	});
});
