import type { IDataObject } from 'n8n-workflow';

import { runNode, type Credentials } from './engine';
import { addLeadList, leadLists } from './sandbox/routes/leadLists';
import { addLead, leads } from './sandbox/routes/leads';
import type { Sandbox } from './sandbox';
import { USER_ID } from './sandbox';
import { useSandbox } from './support/useSandbox';

const LISTS = '/api/v2/lead-lists';

let sandbox: Sandbox;
let credentials: Credentials;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});

const run = (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({ parameters: { resource: 'leadList', ...parameters }, credentials, ...extra });

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** Bad input is the user's to fix: a NodeOperationError, nothing sent. */
function expectRefused(error: Awaited<ReturnType<typeof runNode>>['error'], message: string) {
	expect(sandbox.requests).toHaveLength(0);
	expect(error?.message).toBe(message);
	expect(error?.name).toBe('NodeOperationError');
	expect(error?.description).toBeTruthy();
}

describe('Lead List → Create', () => {
	it('posts {name} (trimmed) per item, with the options where added, and outputs each new list paired to its item', async () => {
		const { items, error } = await run(
			{ operation: 'create', name: '={{ $json.name }}', options: { hasEnrichmentTask: true, ownedBy: ` ${USER_ID} ` } },
			{ items: [{ name: ' Week 49 ' }, { name: 'Week 50' }] },
		);
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', LISTS, { name: 'Week 49', has_enrichment_task: true, owned_by: USER_ID }],
			['POST', LISTS, { name: 'Week 50', has_enrichment_task: true, owned_by: USER_ID }],
		]);
		const stored = [...leadLists(sandbox.state).values()];
		expect(items).toEqual([
			{ json: stored[0], pairedItem: { item: 0 } },
			{ json: stored[1], pairedItem: { item: 1 } },
		]);
	});

	it('sends only the name without options, and leaves out an empty owner', async () => {
		await run({ operation: 'create', name: 'Plain' });
		await run({ operation: 'create', name: 'No owner', options: { ownedBy: '  ' } });
		expect(sandbox.requests.map((r) => r.body)).toEqual([{ name: 'Plain' }, { name: 'No owner' }]);
	});

	it('an empty name fails before sending', async () => {
		const { error } = await run({ operation: 'create', name: '  ' });
		expectRefused(error, 'The parameter "Name" is empty');
	});

	it('400: Instantly’s reason (an owner that is not a user ID)', async () => {
		const { error } = await run({ operation: 'create', name: 'x', options: { ownedBy: 'me' } });
		expect([error?.name, error?.httpCode, error?.message]).toEqual([
			'NodeApiError',
			'400',
			'Instantly answered 400: body/owned_by must match format "uuid"',
		]);
	});
});

describe('Lead List → Get / Update / Delete', () => {
	it('gets a list by ID from a locator, or from a plain string saved by an older workflow', async () => {
		const list = addLeadList(sandbox.state, 'Webinar');
		const located = await run({ operation: 'get', leadListId: byId(list.id) });
		const plain = await run({ operation: 'get', leadListId: list.id });
		expect(sandbox.requests.map((r) => [r.method, r.path])).toEqual([
			['GET', `${LISTS}/${list.id}`],
			['GET', `${LISTS}/${list.id}`],
		]);
		expect(located.items).toEqual([{ json: list, pairedItem: { item: 0 } }]);
		expect(plain.items).toEqual(located.items);
	});

	it('patches only the fields added under Update Fields', async () => {
		const list = addLeadList(sandbox.state, 'Old');
		const { items, error } = await run({
			operation: 'update',
			leadListId: byId(list.id),
			updateFields: { name: ' New ', hasEnrichmentTask: true },
		});
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			['PATCH', `${LISTS}/${list.id}`, { name: 'New', has_enrichment_task: true }],
		]);
		expect(items[0].json).toMatchObject({ id: list.id, name: 'New', has_enrichment_task: true });
	});

	it.each([
		['no field', {}, 'Nothing to update: add at least one field to update'],
		['an emptied name', { name: ' ' }, 'The parameter "Update Fields → Name" is empty'],
	])('an update with %s fails before sending', async (_, updateFields, message) => {
		const list = addLeadList(sandbox.state, 'Old');
		const { error } = await run({ operation: 'update', leadListId: byId(list.id), updateFields });
		expectRefused(error, message);
	});

	it('deletes a list (and, in the sandbox as the hint warns, its leads) and outputs the deleted list', async () => {
		const list = addLeadList(sandbox.state, 'Gone');
		addLead(sandbox.state, { email: 'a@acme.com' }, { list_id: list.id });
		const { items } = await run({ operation: 'delete', leadListId: byId(list.id) });
		expect(sandbox.requests.map((r) => [r.method, r.path, r.rawBody])).toEqual([['DELETE', `${LISTS}/${list.id}`, '']]);
		expect(items).toEqual([{ json: list, pairedItem: { item: 0 } }]);
		expect(leadLists(sandbox.state).size).toBe(0);
		expect(leads(sandbox.state).size).toBe(0);
	});

	it('an empty ID fails before sending', async () => {
		const { error } = await run({ operation: 'delete', leadListId: byId(' ') });
		expectRefused(error, 'The parameter "Lead List" is empty');
	});

	it('404 on get, update and delete of an unknown list; with "Continue" an error item paired to its input', async () => {
		const missing = '019a0000-0000-7000-8000-00000000dead';
		for (const parameters of [{ operation: 'get' }, { operation: 'update', updateFields: { name: 'X' } }, { operation: 'delete' }]) {
			const { error } = await run({ ...parameters, leadListId: byId(missing) });
			expect([error?.name, error?.httpCode, error?.message]).toEqual(['NodeApiError', '404', 'Instantly answered 404: Resource not found']);
		}
		const list = addLeadList(sandbox.state, 'Real');
		const { items } = await run(
			{ operation: 'get', leadListId: byId('={{ $json.id }}') },
			{ items: [{ id: missing }, { id: list.id }], onError: 'continueRegularOutput' },
		);
		expect(items).toEqual([
			expect.objectContaining({ json: { error: 'Instantly answered 404: Resource not found' }, pairedItem: { item: 0 } }),
			{ json: list, pairedItem: { item: 1 } },
		]);
	});

	it('401: Instantly’s message and status, never the key', async () => {
		const secret = 'sk_live_DO_NOT_LEAK_0987654321';
		const { error } = await runNode({
			parameters: { resource: 'leadList', operation: 'create', name: 'x' },
			credentials: { apiKey: secret, baseUrl: sandbox.url },
		});
		expect([error?.name, error?.httpCode, error?.message]).toEqual(['NodeApiError', '401', 'Instantly answered 401: Invalid API key']);
		expect(JSON.stringify({ m: error?.message, d: error?.description })).not.toContain(secret);
	});
});

describe('Lead List → Get Many', () => {
	it('sends search and has_enrichment_task as query filters and outputs one item per list', async () => {
		addLeadList(sandbox.state, 'Week 49');
		const enriched = addLeadList(sandbox.state, 'Week 50', { has_enrichment_task: true });
		addLeadList(sandbox.state, 'Other');
		const { items } = await run({ operation: 'getAll', returnAll: true, filters: { search: 'Week', hasEnrichmentTask: true } });
		expect(sandbox.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', LISTS, { limit: '100', search: 'Week', has_enrichment_task: 'true' }],
		]);
		expect(items).toEqual([{ json: enriched, pairedItem: { item: 0 } }]);
	});

	it('Limit returns exactly that many, paging past 100', async () => {
		const all = Array.from({ length: 130 }, (_, i) => addLeadList(sandbox.state, `List ${i}`));
		const { items } = await run({ operation: 'getAll', returnAll: false, limit: 120 });
		expect(items.map((i) => i.json.id)).toEqual(all.slice(0, 120).map((l) => l.id));
		expect(sandbox.requests.map((r) => r.query)).toEqual([{ limit: '100' }, { limit: '20', starting_after: all[99].id }]);
	});
});

describe('a list created in the same workflow, then filled', () => {
	it('Lead → Add Many takes the new list’s ID mapped from Lead List → Create', async () => {
		const created = await run({ operation: 'create', name: 'Week 49' });
		const list = created.items[0].json as { id: string };
		sandbox.requests.length = 0;
		// The next node's input items carry the created list (as n8n passes it on), plus each lead's email.
		const { items, error } = await runNode({
			parameters: { resource: 'lead', operation: 'addMany', addTo: 'list', listId: byId('={{ $json.id }}'), email: '={{ $json.email }}' },
			items: [{ ...list, email: 'a@acme.com' }, { ...list, email: 'b@acme.com' }],
			credentials,
		});
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.path, (r.body as IDataObject)?.list_id, (r.body as IDataObject)?.leads])).toEqual([
			['/api/v2/leads/add', list.id, [{ email: 'a@acme.com' }, { email: 'b@acme.com' }]],
		]);
		expect(items.map((i) => i.json.status)).toEqual(['created', 'created']);
		expect([...leads(sandbox.state).values()].map((l) => [l.email, l.list_id])).toEqual([
			['a@acme.com', list.id],
			['b@acme.com', list.id],
		]);
	});

	it('Lead → Create takes the new list by ID, or by its exact name (as an AI Agent passes it)', async () => {
		const created = await run({ operation: 'create', name: 'Week 49 – SaaS founders' });
		const list = created.items[0].json as { id: string };
		sandbox.requests.length = 0;
		const lead = (email: string, value: string) =>
			runNode({ parameters: { resource: 'lead', operation: 'create', email, addTo: 'list', listId: byId(value) }, credentials });
		expect((await lead('a@acme.com', list.id)).error).toBeUndefined();
		expect((await lead('b@acme.com', 'week 49 – saas founders')).error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.path, (r.body as IDataObject)?.list_id ?? r.query.search])).toEqual([
			['POST', '/api/v2/leads', list.id],
			['GET', LISTS, 'week 49 – saas founders'],
			['POST', '/api/v2/leads', list.id],
		]);
		expect([...leads(sandbox.state).values()].map((l) => l.list_id)).toEqual([list.id, list.id]);
	});
});
