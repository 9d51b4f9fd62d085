import type { Route, RouteModule } from '../server';
import type { Schema } from '../schema';
import { startJob } from './backgroundJobs';
import { HttpError, LIST_PAGING, ORGANIZATION_ID, pageOf, searchIn, type SandboxState } from '../state';

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

/** Every email of a request body must be an account of the workspace; Instantly refuses the request otherwise. */
function mustFindAll(state: SandboxState, emails: string[]): Account[] {
	const missing = emails.filter((email) => !accounts(state).has(email.toLowerCase()));
	if (missing.length) throw new HttpError(400, `Account(s) not found in this workspace: ${missing.join(', ')}`);
	return emails.map((email) => mustFindAccount(state, email));
}

/** The settings both the create and the patch body may hold (Instantly's CreateAccount / PatchAccount schemas). */
const SETTINGS: Record<string, Schema> = {
	first_name: { type: 'string' },
	last_name: { type: 'string' },
	daily_limit: { type: ['number', 'null'] },
	tracking_domain_name: { type: ['string', 'null'] },
	tracking_domain_status: { type: ['string', 'null'] },
	enable_slow_ramp: { type: ['boolean', 'null'] },
	inbox_placement_test_limit: { type: ['number', 'null'], minimum: 0 },
	sending_gap: { type: 'number', minimum: 0, maximum: 1440 },
	signature: { type: ['string', 'null'] },
	skip_cname_check: { type: 'boolean' },
};

const CREATE: Schema = {
	type: 'object',
	properties: {
		...SETTINGS,
		email: { type: 'string', format: 'email' },
		provider_code: { type: 'number', enum: [1, 2, 3, 4, 8, 11] },
		reply_to: { type: 'string' },
		imap_username: { type: 'string' },
		imap_password: { type: 'string' },
		imap_host: { type: 'string' },
		imap_port: { type: 'number' },
		smtp_username: { type: 'string' },
		smtp_password: { type: 'string' },
		smtp_host: { type: 'string' },
		smtp_port: { type: 'number' },
		warmup_custom_ftag: { type: 'string' },
	},
	required: [
		'email',
		'first_name',
		'last_name',
		'provider_code',
		'imap_username',
		'imap_password',
		'imap_host',
		'imap_port',
		'smtp_username',
		'smtp_password',
		'smtp_host',
		'smtp_port',
	],
	additionalProperties: false,
};

const PATCH: Schema = {
	type: 'object',
	properties: { ...SETTINGS, reply_to: { type: ['string', 'null'] }, remove_tracking_domain: { type: 'boolean' } },
	additionalProperties: false,
};

/** The sign-in a created account was given: kept apart from the account, which Instantly never answers with it. */
export function accountCredentials(state: SandboxState) {
	return state.collection<Record<string, unknown>>('accountCredentials');
}

const CREDENTIALS = ['imap_username', 'imap_password', 'imap_host', 'imap_port', 'smtp_username', 'smtp_password', 'smtp_host', 'smtp_port'];

function createAccount(state: SandboxState, body: Record<string, unknown>): Account {
	const email = String(body.email).toLowerCase();
	// Instantly documents no answer for an email already connected; the sandbox refuses it as a bad request.
	if (accounts(state).has(email)) throw new HttpError(400, `Account ${email} already exists in this workspace`);
	const fields = Object.fromEntries(Object.entries(body).filter(([key]) => !CREDENTIALS.includes(key)));
	accountCredentials(state).set(email, Object.fromEntries(CREDENTIALS.map((key) => [key, body[key]])));
	return addAccount(state, { ...fields, email, status: 1, warmup_status: 0, stat_warmup_score: 0 } as Partial<Account> & { email: string });
}

function patchAccount(state: SandboxState, email: string, body: Record<string, unknown>): Account {
	const account = mustFindAccount(state, email);
	const { remove_tracking_domain: remove, ...fields } = body;
	Object.assign(account, fields);
	if (remove === true) {
		account.tracking_domain_name = null;
		account.tracking_domain_status = null;
	}
	account.timestamp_updated = state.now();
	return account;
}

const EMAILS: Schema = { type: 'array', items: { type: 'string', format: 'email' }, minItems: 1 };

/** Warmup analytics covers the last days up to today. */
const ANALYTICS_DAYS = 7;
/** Warmup emails an active warmup sends (and receives) a day in the sandbox. */
const WARMUP_PER_DAY = 10;

/**
 * `POST /accounts/warmup-analytics`: per account and day, warmup emails sent, landed in the inbox or spam, and
 * received; the totals in `aggregate_data` with the health score. The sandbox derives them from the account:
 * an active warmup sends WARMUP_PER_DAY a day, of which `stat_warmup_score` percent land in the inbox, so the
 * health score is the account's `stat_warmup_score` and the figures add up.
 */
function warmupAnalytics(state: SandboxState, list: Account[]) {
	const today = Date.parse(state.now().slice(0, 10));
	const days = Array.from({ length: ANALYTICS_DAYS }, (_, i) =>
		new Date(today - (ANALYTICS_DAYS - 1 - i) * 86_400_000).toISOString().slice(0, 10),
	);
	const email_date_data: Record<string, Record<string, Record<string, number>>> = {};
	const aggregate_data: Record<string, Record<string, number | string>> = {};
	for (const account of list) {
		const sent = account.warmup_status === 1 ? WARMUP_PER_DAY : 0;
		const inbox = Math.round((sent * account.stat_warmup_score) / 100);
		const perDay = { sent, landed_inbox: inbox, landed_spam: sent - inbox, received: sent };
		email_date_data[account.email] = Object.fromEntries(days.map((day) => [day, { ...perDay }]));
		aggregate_data[account.email] = {
			sent: sent * days.length,
			landed_inbox: inbox * days.length,
			landed_spam: (sent - inbox) * days.length,
			received: sent * days.length,
			health_score: account.stat_warmup_score,
			health_score_label: `${account.stat_warmup_score}%`,
		};
	}
	return { email_date_data, aggregate_data };
}

function setStatus(state: SandboxState, email: string, status: number): Account {
	const account = mustFindAccount(state, email);
	account.status = status;
	account.timestamp_updated = state.now();
	return account;
}

/**
 * `GET /accounts` (search, status, provider, tags), `GET /accounts/{email}`, pause (status 2) and resume (1),
 * warmup enable / disable as background jobs that set `warmup_status` (1 / 0) when they succeed, and warmup
 * analytics, create (POST, the body as Instantly's CreateAccount schema; an email already there is a 400),
 * patch and delete. An unknown account in the path is a 404, in a body's `emails` a 400.
 */
export const accountRoutes: RouteModule = (): Route[] => [
	{
		method: 'POST',
		path: PATH,
		body: CREATE,
		handle: ({ state, body }) => createAccount(state, body),
	},
	{
		method: 'PATCH',
		path: `${PATH}/:email`,
		body: PATCH,
		handle: ({ state, params, body }) => patchAccount(state, params.email, body),
	},
	{
		method: 'DELETE',
		path: `${PATH}/:email`,
		handle: ({ state, params }) => {
			const account = mustFindAccount(state, params.email);
			accounts(state).delete(account.email);
			accountCredentials(state).delete(account.email);
			return account;
		},
	},
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
			items = searchIn(items, query.search, (a) => `${a.email} ${a.first_name} ${a.last_name}`);
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
	{
		method: 'POST',
		path: `${PATH}/:email/pause`,
		handle: ({ state, params }) => setStatus(state, params.email, 2),
	},
	{
		method: 'POST',
		path: `${PATH}/:email/resume`,
		handle: ({ state, params }) => setStatus(state, params.email, 1),
	},
	...(['enable', 'disable'] as const).map(
		(change): Route => ({
			method: 'POST',
			path: `${PATH}/warmup/${change}`,
			body: {
				type: 'object',
				properties: { emails: EMAILS, include_all_emails: { type: 'boolean' } },
				additionalProperties: false,
			},
			handle: ({ state, body }) => {
				const list = body.include_all_emails ? [...accounts(state).values()] : mustFindAll(state, body.emails ?? []);
				if (!list.length) throw new HttpError(400, 'Provide emails or include_all_emails');
				return startJob(state, `${change}-warmup`, { emails: list.map((a) => a.email) }, () => {
					for (const account of list) {
						account.warmup_status = change === 'enable' ? 1 : 0;
						account.timestamp_updated = state.now();
					}
				});
			},
		}),
	),
	{
		method: 'POST',
		path: `${PATH}/warmup-analytics`,
		body: {
			type: 'object',
			properties: { emails: { ...EMAILS, maxItems: 100 }, start_date: { type: 'string' }, end_date: { type: 'string' } },
			required: ['emails'],
			additionalProperties: false,
		},
		handle: ({ state, body }) => warmupAnalytics(state, mustFindAll(state, body.emails)),
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
