import axios, { type AxiosRequestConfig } from 'axios';

import { runNode, type Credentials } from './engine';
import { addLeadLabel, leadLabels, type Sentiment } from './sandbox/routes/leadLabels';
import type { RecordedRequest, Sandbox } from './sandbox';
import { useSandbox } from './support/useSandbox';

const LABELS = '/api/v2/lead-labels';

let sandbox: Sandbox;
let credentials: Credentials;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});

function seed(count: number, name = (i: number) => `Label ${i}`, sentiment = (_i: number): Sentiment => 'positive') {
	return Array.from({ length: count }, (_, i) =>
		addLeadLabel(sandbox.state, { label: name(i), interest_status_label: sentiment(i) }),
	);
}

function expectBearer(request: RecordedRequest, withJsonBody: boolean) {
	expect(request.headers.authorization).toBe(`Bearer ${sandbox.apiKey}`);
	if (withJsonBody) expect(request.headers['content-type']).toMatch(/^application\/json/);
	else {
		expect(request.headers['content-type']).toBeUndefined();
		expect(request.rawBody).toBe('');
	}
}

/** Bad input is the user's to fix, not an API failure: a NodeOperationError, with no HTTP status. */
function expectRefused(error: Awaited<ReturnType<typeof runNode>>['error'], message: string) {
	expect(sandbox.requests).toHaveLength(0);
	expect(error?.message).toBe(message);
	expect(error?.name).toBe('NodeOperationError');
	expect(error?.httpCode).toBeUndefined();
	expect(error?.description).toBeTruthy();
}

const run = (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({ parameters: { resource: 'leadLabel', ...parameters }, credentials, ...extra });

describe('Lead Label → Create', () => {
	it('posts {label, interest_status_label} once per item and outputs each created label paired to its item', async () => {
		const { items, error } = await run(
			{ operation: 'create', label: '={{ $json.name }}', interestStatusLabel: '={{ $json.sentiment }}' },
			{ items: [{ name: ' Hot Lead ', sentiment: 'positive' }, { name: 'Competitor', sentiment: 'negative' }] },
		);
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.path, r.query, r.body])).toEqual([
			['POST', LABELS, {}, { label: 'Hot Lead', interest_status_label: 'positive' }],
			['POST', LABELS, {}, { label: 'Competitor', interest_status_label: 'negative' }],
		]);
		sandbox.requests.forEach((r) => expectBearer(r, true));
		const stored = [...leadLabels(sandbox.state).values()];
		expect(items).toEqual([
			{ json: stored[0], pairedItem: { item: 0 } },
			{ json: stored[1], pairedItem: { item: 1 } },
		]);
		// The sandbox's documented scheme: unique numbers outside -4..4, negative labels below zero.
		expect(items.map((i) => i.json.interest_status)).toEqual([5, -6]);
	});

	it('sends description and use_with_ai from Additional Fields, and an emptied description as null', async () => {
		await run({
			operation: 'create',
			label: 'Not Now',
			interestStatusLabel: 'neutral',
			additionalFields: { description: 'Ask again next quarter', useWithAi: true },
		});
		await run({
			operation: 'create',
			label: 'Maybe',
			interestStatusLabel: 'neutral',
			additionalFields: { description: '', useWithAi: false },
		});
		expect(sandbox.requests.map((r) => r.body)).toEqual([
			{ label: 'Not Now', interest_status_label: 'neutral', description: 'Ask again next quarter', use_with_ai: true },
			{ label: 'Maybe', interest_status_label: 'neutral', description: null, use_with_ai: false },
		]);
		expect(sandbox.requests.map((r) => r.status)).toEqual([200, 200]);
	});

	it.each([
		[{ label: '   ', interestStatusLabel: 'positive' }, 'The parameter "Label" is empty'],
		[{ label: '={{ $json.missing }}', interestStatusLabel: 'positive' }, 'The parameter "Label" is empty'],
		[{ label: 'Hot', interestStatusLabel: '={{ "hot" }}' }, '"hot" in "Sentiment" is not a sentiment Instantly knows'],
	])('rejects %j before sending anything, naming the field', async (parameters, message) => {
		const { items, error } = await run({ operation: 'create', ...parameters });
		expect(items).toHaveLength(0);
		expectRefused(error, message);
	});

	it('an empty required label is refused by n8n itself before the node runs', async () => {
		await expect(run({ operation: 'create', label: '', interestStatusLabel: 'positive' })).rejects.toThrow(
			'Parameter "Label" is required',
		);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('sends nothing at all when one of several items is invalid', async () => {
		const { error } = await run(
			{ operation: 'create', label: '={{ $json.name }}', interestStatusLabel: 'positive' },
			{ items: [{ name: 'A' }, { name: 'B' }, { name: '' }] },
		);
		expect(sandbox.requests).toHaveLength(0);
		expect(error?.message).toBe('The parameter "Label" is empty');
		expect(error?.context?.itemIndex).toBe(2);
	});
});

describe('Lead Label → Get', () => {
	it('gets one label by id, bodiless', async () => {
		const [, label] = seed(2);
		const { items } = await run({ operation: 'get', leadLabelId: label.id });
		expect(sandbox.requests).toHaveLength(1);
		const [request] = sandbox.requests;
		expect([request.method, request.path, request.query]).toEqual(['GET', `${LABELS}/${label.id}`, {}]);
		expectBearer(request, false);
		expect(items).toEqual([{ json: label, pairedItem: { item: 0 } }]);
	});

	it('URL-encodes the id and refuses an empty one before sending', async () => {
		const { error } = await run({ operation: 'get', leadLabelId: 'a/b?c' });
		expect(sandbox.requests[0].path).toBe(`${LABELS}/a%2Fb%3Fc`);
		expect(error?.message).toBe('Instantly answered 404: Resource not found');

		sandbox.resetLog();
		const empty = await run({ operation: 'get', leadLabelId: '  ' });
		expectRefused(empty.error, 'The parameter "Lead Label" is empty');
	});
});

describe('Lead Label → Update', () => {
	it('patches only the fields added, and outputs the updated label', async () => {
		const [label] = seed(1, () => 'Warm', () => 'positive');
		const { items, error } = await run({
			operation: 'update',
			leadLabelId: label.id,
			updateFields: { label: ' Hot Lead ', interestStatusLabel: 'neutral', description: 'Replied twice', useWithAi: true },
		});
		expect(error).toBeUndefined();
		const [request] = sandbox.requests;
		expect([request.method, request.path, request.query, request.body]).toEqual([
			'PATCH',
			`${LABELS}/${label.id}`,
			{},
			{ label: 'Hot Lead', interest_status_label: 'neutral', description: 'Replied twice', use_with_ai: true },
		]);
		expectBearer(request, true);
		expect(items).toEqual([
			{
				json: {
					...label,
					label: 'Hot Lead',
					interest_status_label: 'neutral',
					description: 'Replied twice',
					use_with_ai: true,
				},
				pairedItem: { item: 0 },
			},
		]);
		// The generated number identifies the label and does not change with it.
		expect(items[0].json.interest_status).toBe(label.interest_status);
	});

	it('sends a single field alone, and an emptied description as null', async () => {
		const [label] = seed(1);
		await run({ operation: 'update', leadLabelId: label.id, updateFields: { useWithAi: false } });
		await run({ operation: 'update', leadLabelId: label.id, updateFields: { description: '' } });
		expect(sandbox.requests.map((r) => r.body)).toEqual([{ use_with_ai: false }, { description: null }]);
		expect(sandbox.requests.map((r) => r.status)).toEqual([200, 200]);
	});

	it('refuses an update without fields before sending, saying to add one', async () => {
		const [label] = seed(1);
		const { error, items } = await run({ operation: 'update', leadLabelId: label.id, updateFields: {} });
		expect(items).toHaveLength(0);
		expectRefused(error, 'Nothing to update: add at least one field to update');
		expect(error?.description).toContain('Update Fields');
	});

	it.each([
		[{ label: '' }, 'The parameter "Update Fields → Label" is empty'],
		[{ interestStatusLabel: '={{ "great" }}' }, '"great" in "Update Fields → Sentiment" is not a sentiment Instantly knows'],
	])('refuses %j before sending', async (updateFields, message) => {
		const [label] = seed(1);
		const { error } = await run({ operation: 'update', leadLabelId: label.id, updateFields });
		expectRefused(error, message);
	});

	it('refuses an id that is empty once its expression is resolved, before sending', async () => {
		const { error } = await run(
			{ operation: 'update', leadLabelId: '={{ $json.id }}', updateFields: { label: 'X' } },
			{ items: [{ id: '' }] },
		);
		expectRefused(error, 'The parameter "Lead Label" is empty');
	});
});

describe('Lead Label → Delete', () => {
	it('without Reassign Leads To: no body and no JSON content type; outputs the deleted label', async () => {
		const [label, kept] = seed(2);
		const { items, error } = await run({ operation: 'delete', leadLabelId: label.id });
		expect(error).toBeUndefined();
		expect(sandbox.requests).toHaveLength(1);
		const [request] = sandbox.requests;
		expect([request.method, request.path, request.query, request.status]).toEqual([
			'DELETE',
			`${LABELS}/${label.id}`,
			{},
			200,
		]);
		expectBearer(request, false);
		expect(items).toEqual([{ json: label, pairedItem: { item: 0 } }]);
		expect([...leadLabels(sandbox.state).keys()]).toEqual([kept.id]);
	});

	it('with an empty Options collection: still no body', async () => {
		const [label] = seed(1);
		await run({ operation: 'delete', leadLabelId: label.id, options: {} });
		expectBearer(sandbox.requests[0], false);
		expect(sandbox.requests[0].status).toBe(200);
	});

	it('sends {reassigned_status} as JSON when set: a built-in status, or another label’s number from an expression', async () => {
		const [a, b, target] = seed(3);
		await run({ operation: 'delete', leadLabelId: a.id, options: { reassignedStatus: -1 } });
		await run(
			{ operation: 'delete', leadLabelId: b.id, options: { reassignedStatus: '={{ $json.status }}' } },
			{ items: [{ status: String(target.interest_status) }] },
		);
		expect(sandbox.requests.map((r) => [r.method, r.path, r.body, r.status])).toEqual([
			['DELETE', `${LABELS}/${a.id}`, { reassigned_status: -1 }, 200],
			['DELETE', `${LABELS}/${b.id}`, { reassigned_status: target.interest_status }, 200],
		]);
		sandbox.requests.forEach((r) => expectBearer(r, true));
		expect([...leadLabels(sandbox.state).keys()]).toEqual([target.id]);
	});

	it.each([[''], ['soon'], ['1.5']])('refuses Reassign Leads To %j before sending', async (value) => {
		const [label] = seed(1);
		const { error } = await run({
			operation: 'delete',
			leadLabelId: label.id,
			options: { reassignedStatus: `={{ ${JSON.stringify(value)} }}` },
		});
		expectRefused(error, `"${value}" in "Options → Reassign Leads To" is not an interest status`);
		expect(leadLabels(sandbox.state).size).toBe(1);
	});

	it('an empty id is refused before sending (by n8n when literal, by the node when from an expression)', async () => {
		await expect(run({ operation: 'delete', leadLabelId: '' })).rejects.toThrow('Parameter "Lead Label" is required');
		const { error } = await run({ operation: 'delete', leadLabelId: '={{ $json.id }}' }, { items: [{ id: ' ' }] });
		expectRefused(error, 'The parameter "Lead Label" is empty');
	});
});

describe('Lead Label → Get Many', () => {
	const getMany = (extra: Record<string, unknown>) => run({ operation: 'getAll', ...extra });

	it.each([
		[0, 1],
		[1, 1],
		[100, 1],
		[101, 2],
		[250, 3],
	])('Return All with %i labels: one item per label in %i request(s) of 100', async (count, requests) => {
		const seeded = seed(count);
		const { items, error } = await getMany({ returnAll: true });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual(seeded);
		expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(sandbox.requests).toHaveLength(requests);
		sandbox.requests.forEach((r, page) => {
			expect([r.method, r.path]).toEqual(['GET', LABELS]);
			expectBearer(r, false);
			expect(r.query).toEqual(
				page === 0 ? { limit: '100' } : { limit: '100', starting_after: seeded[page * 100 - 1].id },
			);
		});
	});

	it.each([
		[1, [{ limit: '1' }]],
		[100, [{ limit: '100' }]],
		[150, [{ limit: '100' }, { limit: '50', starting_after: 99 }]],
	])('Limit %i returns exactly that many, asking each page only for what is missing', async (limit, pages) => {
		const seeded = seed(250);
		const { items } = await getMany({ returnAll: false, limit });
		expect(items.map((i) => i.json.id)).toEqual(seeded.slice(0, limit).map((l) => l.id));
		expect(sandbox.requests.map((r) => r.query)).toEqual(
			pages.map(({ limit: pageLimit, starting_after }) =>
				starting_after === undefined ? { limit: pageLimit } : { limit: pageLimit, starting_after: seeded[starting_after].id },
			),
		);
	});

	it('carries search and interest_status on every page, and the sandbox applies both', async () => {
		seed(120, (i) => `Hot ${i}`, () => 'positive');
		seed(30, (i) => `Hot but no ${i}`, () => 'negative');
		seed(20, (i) => `Cold ${i}`, () => 'positive');
		const { items } = await getMany({ returnAll: true, filters: { search: 'hot', interestStatus: 'positive' } });
		expect(items).toHaveLength(120);
		expect(items.every((i) => String(i.json.label).startsWith('Hot ') && i.json.interest_status_label === 'positive')).toBe(true);
		expect(sandbox.requests).toHaveLength(2);
		for (const r of sandbox.requests) {
			expect(r.query).toMatchObject({ search: 'hot', interest_status: 'positive', limit: '100' });
		}
	});

	it('refuses a sentiment filter Instantly does not know, and a limit below 1, without sending', async () => {
		seed(3);
		const bad = await getMany({ returnAll: true, filters: { interestStatus: '={{ "warm" }}' } });
		expectRefused(bad.error, '"warm" in "Filters → Sentiment" is not a sentiment Instantly knows');
		const zero = await getMany({ returnAll: false, limit: '={{ 0 }}' });
		expectRefused(zero.error, 'Limit must be a whole number of at least 1 (got 0)');
	});
});

describe('API errors', () => {
	it('401: NodeApiError with Instantly’s message and status, and never the key', async () => {
		const secret = 'sk_live_LEAD_LABEL_SECRET_0987654321';
		const { error, items } = await runNode({
			parameters: { resource: 'leadLabel', operation: 'getAll', returnAll: true },
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

	it('404: an unknown id on get, update and delete', async () => {
		const missing = '019a0000-0000-7000-8000-00000000dead';
		for (const parameters of [
			{ operation: 'get' },
			{ operation: 'update', updateFields: { label: 'X' } },
			{ operation: 'delete', options: { reassignedStatus: 1 } },
		]) {
			const { error } = await run({ ...parameters, leadLabelId: missing });
			expect(error?.name).toBe('NodeApiError');
			expect(error?.httpCode).toBe('404');
			expect(error?.message).toBe('Instantly answered 404: Resource not found');
			expect(error?.description).toContain('ID does not exist');
		}
		expect(sandbox.requests.map((r) => [r.method, r.status])).toEqual([
			['GET', 404],
			['PATCH', 404],
			['DELETE', 404],
		]);
	});

	it('400: carries the reason Instantly gave', async () => {
		const [label] = seed(1);
		const { error } = await run({ operation: 'delete', leadLabelId: label.id, options: { reassignedStatus: 999 } });
		expect(sandbox.requests).toHaveLength(1);
		expect(sandbox.requests[0].body).toEqual({ reassigned_status: 999 });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('400');
		expect(error?.message).toBe('Instantly answered 400: reassigned_status 999 is not a known interest status');
		expect(leadLabels(sandbox.state).size).toBe(1);
	});

	it('On Error → Continue: invalid and failed items become paired error items, the others succeed', async () => {
		const [a, b] = seed(2);
		const { items, error } = await run(
			{ operation: 'update', leadLabelId: '={{ $json.id }}', updateFields: { label: '={{ $json.name }}' } },
			{
				items: [
					{ id: a.id, name: 'First' },
					{ id: a.id, name: '' },
					{ id: 'missing-id', name: 'Ghost' },
					{ id: b.id, name: 'Second' },
				],
				onError: 'continueRegularOutput',
			},
		);
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.path, r.body, r.status])).toEqual([
			[`${LABELS}/${a.id}`, { label: 'First' }, 200],
			[`${LABELS}/missing-id`, { label: 'Ghost' }, 404],
			[`${LABELS}/${b.id}`, { label: 'Second' }, 200],
		]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json).toMatchObject({ id: a.id, label: 'First' });
		expect(items[1].json.error).toBe('The parameter "Update Fields → Label" is empty');
		expect(items[2].json.error).toBe('Instantly answered 404: Resource not found');
		expect(items[3].json).toMatchObject({ id: b.id, label: 'Second' });
	});

	it('On Error → Continue (error output): errors go to the second output', async () => {
		const [a] = seed(1);
		const { items, errorItems } = await run(
			{ operation: 'delete', leadLabelId: '={{ $json.id }}' },
			{ items: [{ id: 'missing-id' }, { id: a.id }], onError: 'continueErrorOutput' },
		);
		expect(items).toEqual([{ json: a, pairedItem: { item: 1 } }]);
		expect(errorItems).toHaveLength(1);
		expect(errorItems[0].json.error).toBe('Instantly answered 404: Resource not found');
		expect(errorItems[0].pairedItem).toEqual({ item: 0 });
	});
});

describe('Sandbox: the Lead Label endpoints as documented', () => {
	function call(config: AxiosRequestConfig) {
		return axios.request({
			baseURL: sandbox.url,
			validateStatus: () => true,
			...config,
			headers: { Authorization: `Bearer ${sandbox.apiKey}`, ...(config.headers ?? {}) },
		});
	}

	it('validates the create body: required fields, the sentiment enum, no additional properties', async () => {
		const cases: Array<[unknown, string]> = [
			[{ label: 'X' }, "body must have required property 'interest_status_label'"],
			[{ interest_status_label: 'positive' }, "body must have required property 'label'"],
			[{ label: 'X', interest_status_label: 'hot' }, 'body/interest_status_label must be equal to one of the allowed values'],
			[{ label: 'X', interest_status_label: 'positive', interest_status: 7 }, 'body must NOT have additional properties'],
			[{ label: 'X', interest_status_label: 'positive', use_with_ai: 'yes' }, 'body/use_with_ai must be boolean,null'],
		];
		for (const [data, message] of cases) {
			const res = await call({ method: 'POST', url: LABELS, data });
			expect([res.status, res.data.message]).toEqual([400, message]);
		}
		expect(leadLabels(sandbox.state).size).toBe(0);
	});

	it('generates unique interest_status numbers outside -4..4, never reused after a delete', async () => {
		const created = [];
		for (const interest_status_label of ['positive', 'negative', 'neutral', 'positive']) {
			created.push((await call({ method: 'POST', url: LABELS, data: { label: 'L', interest_status_label } })).data);
		}
		expect(created.map((l) => l.interest_status)).toEqual([5, -6, 7, 8]);
		await call({ method: 'DELETE', url: `${LABELS}/${created[3].id}` });
		const next = await call({ method: 'POST', url: LABELS, data: { label: 'M', interest_status_label: 'negative' } });
		expect(next.data.interest_status).toBe(-9);
		expect(created[0]).toMatchObject({ description: null, use_with_ai: null, created_by: expect.any(String) });
	});

	it('refuses an empty PATCH, an unknown list filter value, and a JSON content type on a bodiless DELETE', async () => {
		const [label] = seed(1);
		const empty = await call({ method: 'PATCH', url: `${LABELS}/${label.id}`, data: {} });
		expect([empty.status, empty.data.message]).toEqual([400, 'body must NOT have fewer than 1 properties']);
		const filter = await call({ url: LABELS, params: { interest_status: '1' } });
		expect(filter.status).toBe(400);
		const noBody = await call({
			method: 'DELETE',
			url: `${LABELS}/${label.id}`,
			headers: { 'Content-Type': 'application/json' },
		});
		expect(noBody.status).toBe(400);
		const self = await call({ method: 'DELETE', url: `${LABELS}/${label.id}`, data: { reassigned_status: label.interest_status } });
		expect(self.status).toBe(400);
		expect(leadLabels(sandbox.state).size).toBe(1);
	});
});
