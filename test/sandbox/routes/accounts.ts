import type { Route, RouteModule } from '../server';
import { HttpError, LIST_PAGING, ORGANIZATION_ID, pageOf, type SandboxState } from '../state';

/**
 * A sending account, keyed by its email as in Instantly (`GET /accounts/{email}`); the list's cursor is the
 * email too. Status: 1 Active, 2 Paused, -1 Connection Error, -2 Soft Bounce Error, -3 Sending Error.
 * Warmup status: 0 Paused, 1 Active, -1 Banned, -2 Spam Folder Unknown, -3 Permanent Suspension.
 */
export interface Account extends Record<string, unknown> {
	email: string;
	organization: string;
	first_name: string;
	last_name: string;
	status: number;
	warmup_status: number;
	/** 1 custom IMAP/SMTP, 2 Google, 3 Microsoft, 4 AWS. */
	provider_code: number;
	daily_limit: number;
	stat_warmup_score: number;
	status_message: string | null;
	tag_ids: string[];
	timestamp_created: string;
	timestamp_updated: string;
}

const PATH = '/api/v2/accounts';

export function accounts(state: SandboxState) {
	return state.collection<Account>('accounts');
}

export function addAccount(state: SandboxState, fields: Partial<Account> & { email: string }): Account {
	const now = state.now();
	const account: Account = {
		organization: ORGANIZATION_ID,
		first_name: '',
		last_name: '',
		status: 1,
		warmup_status: 1,
		provider_code: 2,
		daily_limit: 30,
		stat_warmup_score: 100,
		status_message: null,
		tag_ids: [],
		timestamp_created: now,
		timestamp_updated: now,
		...fields,
		email: fields.email.toLowerCase(),
	};
	accounts(state).set(account.email, account);
	return account;
}

/** The account for an email, or Instantly's 404. */
export function mustFindAccount(state: SandboxState, email: string): Account {
	const account = accounts(state).get(String(email).toLowerCase());
	if (!account) throw new HttpError(404, 'Account not found');
	return account;
}

/** `GET /accounts` (search, status, provider, tags) and `GET /accounts/{email}`. */
export const accountRoutes: RouteModule = (): Route[] => [
	{
		method: 'GET',
		path: PATH,
		query: {
			properties: {
				...LIST_PAGING,
				search: { type: 'string' },
				status: { type: 'integer', enum: [1, 2, -1, -2, -3] },
				provider_code: { type: 'integer', enum: [1, 2, 3, 4] },
				tag_ids: { type: 'string' },
			},
			additionalProperties: false,
		},
		handle: ({ state, query }) => {
			let items = [...accounts(state).values()];
			if (typeof query.search === 'string' && query.search) {
				const needle = query.search.toLowerCase();
				items = items.filter((a) => `${a.email} ${a.first_name} ${a.last_name}`.toLowerCase().includes(needle));
			}
			if (typeof query.status === 'number') items = items.filter((a) => a.status === query.status);
			if (typeof query.provider_code === 'number') items = items.filter((a) => a.provider_code === query.provider_code);
			if (typeof query.tag_ids === 'string' && query.tag_ids) {
				const tags = query.tag_ids.split(',');
				items = items.filter((a) => a.tag_ids.some((t) => tags.includes(t)));
			}
			return listPage(items, query);
		},
	},
	{
		method: 'GET',
		path: `${PATH}/:email`,
		handle: ({ state, params }) => mustFindAccount(state, params.email),
	},
];

function listPage(items: Account[], query: Record<string, unknown>) {
	const page = pageOf(
		items.map((a) => ({ ...a, id: a.email })),
		query.limit as number | undefined,
		query.starting_after as string | undefined,
		(a) => a.email,
	);
	// Instantly's account records carry no `id`: the email is the key.
	return { ...page, items: page.items.map(({ id: _id, ...account }) => account) };
}
