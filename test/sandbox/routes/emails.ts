import { mustFind, type Route, type RouteModule } from '../server';
import type { Schema } from '../schema';
import { HttpError, LIST_PAGING, ORGANIZATION_ID, pageOf, searchIn, type SandboxState } from '../state';
import { mustFindAccount } from './accounts';
import { leads } from './leads';

/**
 * An email of the Unibox, as Instantly's Email schema describes it. `ue_type`: 1 sent by a campaign,
 * 2 received (a lead's reply), 3 sent by hand (the Unibox, or `POST /emails/reply`), 4 scheduled.
 */
export interface Email extends Record<string, unknown> {
	id: string;
	timestamp_created: string;
	timestamp_email: string;
	organization_id: string;
	thread_id: string;
	campaign_id: string | null;
	/** The lead's email address. */
	lead: string;
	/** The sending account of the conversation. */
	eaccount: string;
	from_address_email: string;
	to_address_email_list: string;
	cc_address_email_list: string | null;
	bcc_address_email_list: string | null;
	subject: string;
	body: { text?: string; html?: string };
	content_preview: string;
	ue_type: 1 | 2 | 3 | 4;
	is_unread: boolean;
	reminder_ts: string | null;
	assigned_to: string | null;
}

const PATH = '/api/v2/emails';
const EMAIL_FORMAT = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

export function emails(state: SandboxState) {
	return state.collection<Email>('emails');
}

/** Adds an email to the Unibox; `id` may be given (a trigger event's `email_id`), else a new one. */
export function addEmail(
	state: SandboxState,
	fields: Partial<Email> & Pick<Email, 'lead' | 'eaccount' | 'subject' | 'ue_type'>,
): Email {
	const now = state.now();
	const id = fields.id ?? state.newId();
	const received = fields.ue_type === 2;
	const body = fields.body ?? {};
	const email: Email = {
		timestamp_created: now,
		timestamp_email: now,
		organization_id: ORGANIZATION_ID,
		thread_id: fields.thread_id ?? id,
		campaign_id: null,
		from_address_email: received ? fields.lead : fields.eaccount,
		to_address_email_list: received ? fields.eaccount : fields.lead,
		cc_address_email_list: null,
		bcc_address_email_list: null,
		body,
		content_preview: (body.text ?? body.html?.replace(/<[^>]*>/g, '') ?? '').slice(0, 100),
		is_unread: received,
		reminder_ts: null,
		assigned_to: null,
		...fields,
		id,
	};
	emails(state).set(id, email);
	return email;
}

/**
 * What a `reply_received` event means in the Unibox: the campaign's email and the lead's reply to it, in one thread.
 * The reply's id is the event's `email_id`, the ID a workflow answers with `POST /emails/reply`.
 */
export function addReceivedReply(state: SandboxState, payload: Record<string, unknown>): Email | undefined {
	const id = typeof payload.email_id === 'string' ? payload.email_id : undefined;
	const lead = typeof payload.lead_email === 'string' ? payload.lead_email : undefined;
	const eaccount = typeof payload.email_account === 'string' ? payload.email_account : undefined;
	if (!id || !lead || !eaccount || emails(state).has(id)) return undefined;
	const campaign_id = typeof payload.campaign_id === 'string' ? payload.campaign_id : null;
	const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
	const first = addEmail(state, {
		lead,
		eaccount,
		campaign_id,
		subject: text(payload.email_subject) ?? 'Hello',
		body: { text: text(payload.email_text) ?? 'Hi, a quick question about your team…' },
		ue_type: 1,
	});
	return addEmail(state, {
		id,
		thread_id: first.thread_id,
		lead,
		eaccount,
		campaign_id,
		subject: text(payload.reply_subject) ?? `Re: ${first.subject}`,
		body: { text: text(payload.reply_text), html: text(payload.reply_html) },
		ue_type: 2,
	});
}

/** A comma-separated list of addresses, as the reply endpoint takes CC and BCC; a bad one is Instantly's 400. */
function checkAddresses(value: unknown, field: string): string | null {
	if (value === undefined || value === null) return null;
	const addresses = String(value).split(',').map((a) => a.trim());
	const bad = addresses.find((a) => !EMAIL_FORMAT.test(a));
	if (bad !== undefined) throw new HttpError(400, `body/${field} must be a comma-separated list of email addresses ("${bad}" is not one)`);
	return addresses.join(',');
}

/** An opaque cursor, as Instantly's: clients hand it back and never read it. */
const encodeCursor = (id: string) => Buffer.from(`email:${id}`).toString('base64url');
function decodeCursor(cursor: string): string {
	const text = Buffer.from(cursor, 'base64url').toString();
	if (!text.startsWith('email:')) throw new HttpError(400, 'querystring/starting_after is not a valid cursor');
	return text.slice('email:'.length);
}

const TYPES: Record<string, Array<Email['ue_type']>> = { received: [2], sent: [1, 3], manual: [3] };

const DATE: Schema = { type: 'string', format: 'date-time' };

/** `GET /emails`: newest first by default; Instantly documents 20 requests a minute for it (paced elsewhere). */
function listEmails(state: SandboxState, query: Record<string, unknown>) {
	let items = [...emails(state).values()];
	const has = (key: string) => query[key] !== undefined && query[key] !== '';
	if (has('campaign_id')) items = items.filter((e) => e.campaign_id === query.campaign_id);
	if (has('list_id')) {
		const inList = new Set([...leads(state).values()].filter((l) => l.list_id === query.list_id).map((l) => String(l.email).toLowerCase()));
		items = items.filter((e) => inList.has(e.lead.toLowerCase()));
	}
	if (has('eaccount')) {
		const accounts = String(query.eaccount).toLowerCase().split(',').map((a) => a.trim());
		items = items.filter((e) => accounts.includes(e.eaccount.toLowerCase()));
	}
	if (has('lead')) items = items.filter((e) => e.lead.toLowerCase() === String(query.lead).toLowerCase());
	if (typeof query.is_unread === 'boolean') items = items.filter((e) => e.is_unread === query.is_unread);
	if (has('email_type')) items = items.filter((e) => TYPES[String(query.email_type)].includes(e.ue_type));
	if (has('min_timestamp_created')) items = items.filter((e) => e.timestamp_created >= String(query.min_timestamp_created));
	if (has('max_timestamp_created')) items = items.filter((e) => e.timestamp_created <= String(query.max_timestamp_created));
	if (has('search')) {
		const search = String(query.search);
		if (search.startsWith('thread:')) items = items.filter((e) => e.thread_id === search.slice('thread:'.length).trim());
		else items = searchIn(items, search, (e) => [e.subject, e.body.text, e.body.html, e.lead, e.eaccount]);
	}
	// Ids are time-ordered: creation order.
	items.sort((a, b) => (a.id < b.id ? -1 : 1));
	if (query.sort_order !== 'asc') items.reverse();
	if (query.latest_of_thread === true) {
		const seen = new Set<string>();
		const newestFirst = query.sort_order === 'asc' ? [...items].reverse() : items;
		const latest = new Set(newestFirst.filter((e) => !seen.has(e.thread_id) && seen.add(e.thread_id)).map((e) => e.id));
		items = items.filter((e) => latest.has(e.id));
	}
	if (typeof query.starting_after === 'string') {
		const after = decodeCursor(query.starting_after);
		const index = items.findIndex((e) => e.id === after);
		if (index === -1) throw new HttpError(400, 'querystring/starting_after is not a valid cursor');
		items = items.slice(index + 1);
	}
	const page = pageOf(items, query.limit as number | undefined, undefined);
	return page.next_starting_after ? { ...page, next_starting_after: encodeCursor(page.next_starting_after) } : page;
}

/** The Unibox endpoints of Instantly's API v2. */
export const emailRoutes: RouteModule = (): Route[] => [
	{
		method: 'POST',
		path: `${PATH}/reply`,
		body: {
			type: 'object',
			properties: {
				reply_to_uuid: { type: 'string', format: 'uuid' },
				eaccount: { type: 'string', format: 'email' },
				subject: { type: 'string', minLength: 1 },
				body: {
					type: 'object',
					properties: { text: { type: 'string' }, html: { type: 'string' } },
					additionalProperties: false,
				},
				cc_address_email_list: { type: 'string' },
				bcc_address_email_list: { type: 'string' },
				reminder_ts: DATE,
				assigned_to: { type: 'string', format: 'uuid' },
			},
			required: ['reply_to_uuid', 'eaccount', 'subject', 'body'],
			additionalProperties: false,
		},
		handle: ({ state, body }) => {
			if (!body.body.text?.trim() && !body.body.html?.trim()) throw new HttpError(400, 'body/body must have text or html');
			const cc = checkAddresses(body.cc_address_email_list, 'cc_address_email_list');
			const bcc = checkAddresses(body.bcc_address_email_list, 'bcc_address_email_list');
			const account = mustFindAccount(state, body.eaccount);
			const answered = emails(state).get(body.reply_to_uuid);
			if (!answered) throw new HttpError(404, 'Email to reply to not found');
			return addEmail(state, {
				thread_id: answered.thread_id,
				campaign_id: answered.campaign_id,
				lead: answered.lead,
				eaccount: account.email,
				subject: body.subject,
				body: body.body,
				cc_address_email_list: cc,
				bcc_address_email_list: bcc,
				reminder_ts: body.reminder_ts ?? null,
				assigned_to: body.assigned_to ?? null,
				ue_type: 3,
			});
		},
	},
	{
		method: 'GET',
		path: PATH,
		query: {
			properties: {
				...LIST_PAGING,
				campaign_id: { type: 'string', format: 'uuid' },
				list_id: { type: 'string', format: 'uuid' },
				eaccount: { type: 'string' },
				lead: { type: 'string' },
				is_unread: { type: 'boolean' },
				email_type: { type: 'string', enum: Object.keys(TYPES) },
				search: { type: 'string' },
				latest_of_thread: { type: 'boolean' },
				sort_order: { type: 'string', enum: ['asc', 'desc'] },
				min_timestamp_created: DATE,
				max_timestamp_created: DATE,
				mode: { type: 'string' },
				preview_only: { type: 'boolean' },
			},
			additionalProperties: false,
		},
		handle: ({ state, query }) => listEmails(state, query),
	},
	// Before `/:id`, which would take "unread" for an id.
	{
		method: 'GET',
		path: `${PATH}/unread/count`,
		handle: ({ state }) => ({ count: [...emails(state).values()].filter((e) => e.is_unread).length }),
	},
	{
		method: 'POST',
		path: `${PATH}/threads/:thread_id/mark-as-read`,
		handle: ({ state, params }) => {
			const thread = [...emails(state).values()].filter((e) => e.thread_id === params.thread_id);
			if (!thread.length) throw new HttpError(404, 'Thread not found');
			for (const email of thread) email.is_unread = false;
			return { success: true };
		},
	},
	{
		method: 'GET',
		path: `${PATH}/:id`,
		handle: ({ state, params }) => mustFind(emails(state), params.id),
	},
	{
		method: 'PATCH',
		path: `${PATH}/:id`,
		body: {
			type: 'object',
			properties: { is_unread: { type: 'boolean' }, reminder_ts: { ...DATE, type: ['string', 'null'] } },
			additionalProperties: false,
			minProperties: 1,
		},
		handle: ({ state, params, body }) => Object.assign(mustFind(emails(state), params.id), body),
	},
	{
		method: 'DELETE',
		path: `${PATH}/:id`,
		handle: ({ state, params }) => {
			const email = mustFind(emails(state), params.id);
			emails(state).delete(params.id);
			return email;
		},
	},
];
