import type {
	IDataObject,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import type { CursorIn } from '../shared/pagination';
import { fetchPage, PAGE_SIZE } from '../shared/pagination';

interface SearchConfig {
	method: IHttpRequestMethods;
	url: string;
	/** Where the list endpoint takes its paging and search: the query, or the body for `POST /leads/list`. */
	in: CursorIn;
	name: (record: IDataObject) => string;
	/** The value the locator stores: the record's `id` unless the resource is keyed otherwise (accounts: the email). */
	value?: (record: IDataObject) => string;
	/** A link to the record in Instantly's app, where there is one. */
	link?: (record: IDataObject) => string;
}

/**
 * One page of a resource-locator list: Instantly filters by `search` server-side, and the editor
 * asks for the next page with the cursor handed back as `paginationToken`.
 */
function searchList(config: SearchConfig) {
	return async function (
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const search = filter?.trim() ? { search: filter.trim() } : {};
		const page = await fetchPage.call(
			this,
			{ method: config.method, url: config.url, [config.in]: search },
			config.in,
			PAGE_SIZE,
			paginationToken || undefined,
		);
		const results: INodeListSearchItems[] = page.items.map((record) => ({
			name: config.name(record),
			value: config.value ? config.value(record) : String(record.id),
			...(config.link ? { url: config.link(record) } : {}),
		}));
		return { results, paginationToken: page.next };
	};
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

export const searchCampaigns = searchList({
	method: 'GET',
	url: '/api/v2/campaigns',
	in: 'qs',
	name: (c) => text(c.name) || String(c.id),
	link: (c) => `https://app.instantly.ai/app/campaign/${String(c.id)}/analytics`,
});

export const searchLeadLists = searchList({
	method: 'GET',
	url: '/api/v2/lead-lists',
	in: 'qs',
	name: (l) => text(l.name) || String(l.id),
});

export const searchLeads = searchList({
	method: 'POST',
	url: '/api/v2/leads/list',
	in: 'body',
	name: (l) => {
		const person = [text(l.first_name), text(l.last_name)].filter(Boolean).join(' ');
		const email = text(l.email);
		return email && person ? `${person} <${email}>` : email || person || String(l.id);
	},
});

export const searchLeadLabels = searchList({
	method: 'GET',
	url: '/api/v2/lead-labels',
	in: 'qs',
	name: (l) => `${text(l.label) || String(l.id)} (${text(l.interest_status_label)})`,
});

export const searchBlockListEntries = searchList({
	method: 'GET',
	url: '/api/v2/block-lists-entries',
	in: 'qs',
	name: (e) => text(e.bl_value) || String(e.id),
});

/** Sending accounts are keyed by their email address, not an ID. */
export const searchAccounts = searchList({
	method: 'GET',
	url: '/api/v2/accounts',
	in: 'qs',
	name: (a) => {
		const person = [text(a.first_name), text(a.last_name)].filter(Boolean).join(' ');
		return person ? `${person} <${text(a.email)}>` : text(a.email);
	},
	value: (a) => text(a.email),
});
