/**
 * The searches behind the resource locators' "From List" mode, called as the editor calls them
 * (a real LoadOptionsContext, the credential's Bearer key) against the sandbox.
 */
import type { INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { listSearch, type Credentials } from './engine';
import { Instantly } from '../nodes/Instantly/Instantly.node';
import { accountRoutes, addAccount } from './sandbox/routes/accounts';
import { addBlockListEntry, blockListEntryRoutes } from './sandbox/routes/blockListEntries';
import { addCampaign, campaignRoutes } from './sandbox/routes/campaigns';
import { addLeadLabel, leadLabelRoutes, type Sentiment } from './sandbox/routes/leadLabels';
import { addLeadList, leadListRoutes } from './sandbox/routes/leadLists';
import { addLead, leadRoutes } from './sandbox/routes/leads';
import { ALL_ROUTES, startSandbox, type RecordedRequest, type Sandbox, type SandboxState } from './sandbox';

let sandbox: Sandbox;
let credentials: Credentials;

beforeAll(async () => {
	// The union, so this file does not depend on which modules ALL_ROUTES lists yet.
	const routes = [...new Set([...ALL_ROUTES, accountRoutes, blockListEntryRoutes, campaignRoutes, leadLabelRoutes, leadListRoutes, leadRoutes])];
	sandbox = await startSandbox({ routes });
	credentials = { apiKey: sandbox.apiKey, baseUrl: sandbox.url };
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

interface SearchCase {
	method: string;
	http: 'GET' | 'POST';
	path: string;
	/** Adds one record whose searchable text is `text`; returns what the list should show for it. */
	add: (state: SandboxState, text: string, i: number) => { id: string; name: string; url?: string };
}

const SENTIMENTS: Sentiment[] = ['positive', 'negative', 'neutral'];

/**
 * Five searches Instantly serves with `GET ?limit&starting_after&search`; leads with
 * `POST /leads/list`, paging and search in the JSON body.
 */
const SEARCHES: SearchCase[] = [
	{
		method: 'searchCampaigns',
		http: 'GET',
		path: '/api/v2/campaigns',
		add: (state, text) => {
			const { id } = addCampaign(state, text);
			return { id, name: text, url: `https://app.instantly.ai/app/campaign/${id}/analytics` };
		},
	},
	{
		method: 'searchLeadLists',
		http: 'GET',
		path: '/api/v2/lead-lists',
		add: (state, text) => ({ id: addLeadList(state, text).id, name: text }),
	},
	{
		method: 'searchLeadLabels',
		http: 'GET',
		path: '/api/v2/lead-labels',
		add: (state, text, i) => {
			const sentiment = SENTIMENTS[i % 3];
			const { id } = addLeadLabel(state, { label: text, interest_status_label: sentiment });
			// The sentiment in the name tells apart labels a user named alike.
			return { id, name: `${text} (${sentiment})` };
		},
	},
	{
		method: 'searchBlockListEntries',
		http: 'GET',
		path: '/api/v2/block-lists-entries',
		add: (state, text) => ({ id: addBlockListEntry(state, text).id, name: text }),
	},
	{
		method: 'searchLeads',
		http: 'POST',
		path: '/api/v2/leads/list',
		add: (state, text, i) => {
			const email = `ada@${text}`;
			const { id } = addLead(state, { email, first_name: 'Ada', last_name: `Nr ${i}` });
			return { id, name: `Ada Nr ${i} <${email}>` };
		},
	},
	{
		// Sending accounts have no ID: the locator stores the email, and the cursor is the email too.
		method: 'searchAccounts',
		http: 'GET',
		path: '/api/v2/accounts',
		add: (state, text, i) => {
			const { email } = addAccount(state, { email: `sender@${text}`, first_name: 'Sam', last_name: `Nr ${i}` });
			return { id: email, name: `Sam Nr ${i} <${email}>` };
		},
	},
];

/** What one request carried for paging and search: the query of a GET, the JSON body of a POST. */
function sent(c: SearchCase, r: RecordedRequest): unknown {
	if (c.http === 'GET') {
		expect(r.rawBody).toBe('');
		return r.query;
	}
	expect(r.query).toEqual({});
	expect(r.headers['content-type']).toMatch(/^application\/json/);
	return r.body;
}

/** `limit` and friends as they arrive: query values are text, body values keep their JSON type. */
function paging(c: SearchCase, extra: Record<string, string> = {}) {
	return { limit: c.http === 'GET' ? '100' : 100, ...extra };
}

/** Searchable text that is valid for every resource (a block list entry must be a domain). */
const text = (word: string, i: number) => `${word}-${String(i).padStart(3, '0')}.com`;

function seed(c: SearchCase, count: number, word = 'rec', offset = 0) {
	return Array.from({ length: count }, (_, i) => c.add(sandbox.state, text(word, i + offset), i + offset));
}

function expected(records: Array<{ id: string; name: string; url?: string }>) {
	return records.map(({ id, name, url }) => ({ name, value: id, ...(url ? { url } : {}) }));
}

function expectAuthorized(requests: RecordedRequest[]) {
	for (const r of requests) expect(r.headers.authorization).toBe(`Bearer ${sandbox.apiKey}`);
}

it('every search a locator names is registered in methods.listSearch', () => {
	const node = new Instantly();
	const registered = Object.keys(node.methods.listSearch);
	const named = node.description.properties.flatMap(searchMethodsOf);
	expect(named.length).toBeGreaterThan(0);
	for (const method of named) expect(registered).toContain(method);
	for (const c of SEARCHES) expect(registered).toContain(c.method);
});

describe.each(SEARCHES)('$method', (c) => {
	it('pages through more than 100 records with paginationToken, 100 at a time', async () => {
		const records = seed(c, 230);

		const first = await listSearch(c.method, {}, credentials);
		expect(first.results).toEqual(expected(records.slice(0, 100)));
		expect(first.paginationToken).toBe(records[99].id);

		const second = await listSearch(c.method, {}, credentials, undefined, first.paginationToken as string);
		expect(second.results).toEqual(expected(records.slice(100, 200)));
		expect(second.paginationToken).toBe(records[199].id);

		const last = await listSearch(c.method, {}, credentials, '', second.paginationToken as string);
		expect(last.results).toEqual(expected(records.slice(200)));
		expect(last.paginationToken).toBeUndefined();

		expect(sandbox.requests.map((r) => [r.method, r.path, sent(c, r)])).toEqual([
			[c.http, c.path, paging(c)],
			[c.http, c.path, paging(c, { starting_after: records[99].id })],
			[c.http, c.path, paging(c, { starting_after: records[199].id })],
		]);
		expectAuthorized(sandbox.requests);
	});

	it('sends the search term to Instantly (trimmed) and shows only what it answers', async () => {
		const others = seed(c, 3, 'other');
		const matches = seed(c, 2, 'acme', 3);
		const result = await listSearch(c.method, {}, credentials, '  acme ');
		expect(sandbox.requests.map((r) => [r.method, r.path, sent(c, r)])).toEqual([
			[c.http, c.path, paging(c, { search: 'acme' })],
		]);
		expect(result.results).toEqual(expected(matches));
		expect(result.results.map((r) => r.value)).not.toContain(others[0].id);
		expect(result.paginationToken).toBeUndefined();
	});

	it('keeps the search term on every page', async () => {
		seed(c, 20, 'other');
		const matches = seed(c, 120, 'acme', 20);
		const first = await listSearch(c.method, {}, credentials, 'acme');
		const second = await listSearch(c.method, {}, credentials, 'acme', first.paginationToken as string);
		expect([...first.results, ...second.results]).toEqual(expected(matches));
		expect(second.paginationToken).toBeUndefined();
		expect(sandbox.requests.map((r) => sent(c, r))).toEqual([
			paging(c, { search: 'acme' }),
			paging(c, { search: 'acme', starting_after: matches[99].id }),
		]);
	});

	it('an empty workspace, or a term nothing matches, gives an empty list and no next page', async () => {
		const empty = await listSearch(c.method, {}, credentials);
		expect(empty).toEqual({ results: [], paginationToken: undefined });
		seed(c, 3);
		const none = await listSearch(c.method, {}, credentials, 'no-such-thing');
		expect(none).toEqual({ results: [], paginationToken: undefined });
		expect(sandbox.requests.map((r) => sent(c, r))).toEqual([paging(c), paging(c, { search: 'no-such-thing' })]);
	});

	it('an API error is a NodeApiError with Instantly’s message and status, without the key', async () => {
		sandbox.inject({
			fault: {
				kind: 'status',
				status: 403,
				body: { statusCode: 403, error: 'Forbidden', message: 'API key is missing the required scope' },
			},
			path: c.path,
		});
		const error = await listSearch(c.method, {}, credentials, 'acme').then(
			() => undefined,
			(e: unknown) => e as NodeApiError,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe('Instantly answered 403: API key is missing the required scope');
		expect(error?.httpCode).toBe('403');
		expect(error?.description).toContain('scope');
		expect(sandbox.requests).toHaveLength(1);
		expect(leaks(error, sandbox.apiKey)).toBe(false);
	});

	it('a wrong key: Instantly’s 401 message, and the key is not in the error', async () => {
		const secret = 'sk_live_DO_NOT_LEAK_0987654321';
		const error = await listSearch(c.method, {}, { ...credentials, apiKey: secret }).then(
			() => undefined,
			(e: unknown) => e as NodeApiError,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe('Instantly answered 401: Invalid API key');
		expect(error?.httpCode).toBe('401');
		expect(sandbox.requests[0].headers.authorization).toBe(`Bearer ${secret}`);
		expect(leaks(error, secret)).toBe(false);
	});
});

describe('names shown in the list', () => {
	it('a record without a name shows its ID rather than a blank line', async () => {
		const unnamed = addCampaign(sandbox.state, '   ');
		const { results } = await listSearch('searchCampaigns', {}, credentials);
		expect(results).toEqual([
			{ name: unnamed.id, value: unnamed.id, url: `https://app.instantly.ai/app/campaign/${unnamed.id}/analytics` },
		]);
	});

	it('an account shows as "Name <email>", or its email alone, and stores its email', async () => {
		addAccount(sandbox.state, { email: 'Alex@Outreach-Demo.io', first_name: 'Alex', last_name: 'Morgan' });
		addAccount(sandbox.state, { email: 'kim@outreach-demo.io' });
		const { results } = await listSearch('searchAccounts', {}, credentials);
		expect(results).toEqual([
			{ name: 'Alex Morgan <alex@outreach-demo.io>', value: 'alex@outreach-demo.io' },
			{ name: 'kim@outreach-demo.io', value: 'kim@outreach-demo.io' },
		]);
	});

	it('a lead shows as "Name <email>", or whichever of the two it has, or its ID', async () => {
		const both = addLead(sandbox.state, { email: 'ada@example.com', first_name: ' Ada ', last_name: 'Lovelace' });
		const emailOnly = addLead(sandbox.state, { email: 'grace@example.com' });
		const nameOnly = addLead(sandbox.state, { first_name: 'Alan' });
		const neither = addLead(sandbox.state, { email: null });
		const { results } = await listSearch('searchLeads', {}, credentials);
		expect(results).toEqual([
			{ name: 'Ada Lovelace <ada@example.com>', value: both.id },
			{ name: 'grace@example.com', value: emailOnly.id },
			{ name: 'Alan', value: nameOnly.id },
			{ name: neither.id, value: neither.id },
		]);
	});
});

/** The searchListMethods a property's locator modes name, in nested collections too. */
function searchMethodsOf(property: INodeProperties): string[] {
	const own = (property.modes ?? []).map((m) => m.typeOptions?.searchListMethod).filter((m): m is string => !!m);
	const nested = (property.options ?? []).flatMap((o) => {
		if ('values' in o) return o.values.flatMap(searchMethodsOf); // a fixedCollection's group
		return 'type' in o ? searchMethodsOf(o as INodeProperties) : [];
	});
	return [...own, ...nested];
}

/** Whether the secret appears anywhere a user or a log could see it. */
function leaks(error: unknown, secret: string): boolean {
	const e = error as NodeApiError | undefined;
	const seen = new WeakSet<object>();
	const text = JSON.stringify(
		{ error: e, message: e?.message, description: e?.description, stack: e?.stack, context: e?.context, cause: e?.cause },
		(_key, value: unknown) => {
			if (value && typeof value === 'object') {
				if (seen.has(value)) return undefined;
				seen.add(value);
			}
			return value;
		},
	);
	return text.includes(secret);
}
