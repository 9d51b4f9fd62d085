import type { Schema } from '../schema';
import { mustFind, reply, type Route, type RouteModule } from '../server';
import { HttpError, LIST_PAGING, ORGANIZATION_ID, pageOf, searchIn, USER_ID, type SandboxState } from '../state';
import { startJob } from './backgroundJobs';
import { blockListEntries } from './blockListEntries';
import { campaigns } from './campaigns';
import { leadLists } from './leadLists';

/**
 * Instantly's lead endpoints, from its docs: one lead (`/leads`, `/leads/{id}`), the list with the
 * cursor in the body, bulk add with its per-lead checks and counts, bulk delete with a JSON body on
 * DELETE, move as a background job, interest status (202) and merge. Field names differ per
 * endpoint exactly as in Instantly (`campaign`, `campaign_id`, `to_campaign_id`).
 */

export interface Lead extends Record<string, unknown> {
	id: string;
	timestamp_created: string;
	timestamp_updated: string;
	organization: string;
	/** Campaign status of the lead: 1 active, 2 paused, 3 completed, -1 bounced, -2 unsubscribed, -3 skipped. */
	status: number;
	email: string | null;
	campaign: string | null;
	list_id: string | null;
	/** Custom variables, as Instantly stores them. */
	payload: Record<string, unknown>;
	assigned_to: string;
	upload_method: 'api' | 'manual';
}

/** The lead fields every write endpoint accepts (PATCH accepts only these). */
const TEXT: Schema = { type: ['string', 'null'] };
const LEAD_FIELDS: Record<string, Schema> = {
	first_name: TEXT,
	last_name: TEXT,
	company_name: TEXT,
	job_title: TEXT,
	phone: TEXT,
	website: TEXT,
	personalization: TEXT,
	// The bulk-add schema lists the built-in statuses, but its text (and the lead labels) allow custom ones.
	lt_interest_status: { type: 'number' },
	pl_value_lead: TEXT,
	assigned_to: { type: ['string', 'null'], format: 'uuid' },
	custom_variables: {
		type: 'object',
		additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
	},
};
const TEXT_FIELDS = ['first_name', 'last_name', 'company_name', 'job_title', 'phone', 'website', 'personalization', 'pl_value_lead'];

const UUID: Schema = { type: 'string', format: 'uuid' };
const BOOLEAN: Schema = { type: 'boolean' };
const UUIDS: Schema = { type: 'array', items: UUID };
const IMPORT_FLAGS: Record<string, Schema> = {
	skip_if_in_workspace: BOOLEAN,
	skip_if_in_campaign: BOOLEAN,
	skip_if_in_list: BOOLEAN,
	blocklist_id: { type: ['string', 'null'], format: 'uuid' },
	verify_leads_on_import: BOOLEAN,
};

const INTEREST_FILTERS: Record<string, number> = {
	FILTER_LEAD_INTERESTED: 1,
	FILTER_LEAD_MEETING_BOOKED: 2,
	FILTER_LEAD_MEETING_COMPLETED: 3,
	FILTER_LEAD_CLOSED: 4,
	FILTER_LEAD_OUT_OF_OFFICE: 0,
	FILTER_LEAD_NOT_INTERESTED: -1,
	FILTER_LEAD_WRONG_PERSON: -2,
	FILTER_LEAD_LOST: -3,
	FILTER_LEAD_NO_SHOW: -4,
};
const STATUS_FILTERS: Record<string, number> = {
	FILTER_VAL_ACTIVE: 1,
	FILTER_VAL_COMPLETED: 3,
	FILTER_VAL_BOUNCED: -1,
	FILTER_VAL_UNSUBSCRIBED: -2,
	FILTER_VAL_SKIPPED: -3,
};
/** Accepted, but not applied: the sandbox sends no emails, so it has no opens, replies or verifications. */
const ACTIVITY_FILTERS = [
	'FILTER_VAL_CONTACTED',
	'FILTER_VAL_NOT_CONTACTED',
	'FILTER_VAL_RISKY',
	'FILTER_VAL_INVALID',
	'FILTER_VAL_VALID',
	'FILTER_VAL_CATCH_ALL',
	'FILTER_VAL_NOT_VERIFIED',
	'FILTER_VAL_IN_SUBSEQUENCE',
	'FILTER_VAL_OPENED_NO_REPLY',
	'FILTER_VAL_COMPLETED_NO_REPLY',
	'FILTER_VAL_NO_OPENS',
	'FILTER_VAL_REPLIED',
	'FILTER_VAL_LINK_CLICKED',
	'FILTER_LEAD_CUSTOM_LABEL_POSITIVE',
	'FILTER_LEAD_CUSTOM_LABEL_NEGATIVE',
];
const FILTER: Schema = {
	type: 'string',
	enum: [...Object.keys(INTEREST_FILTERS), ...Object.keys(STATUS_FILTERS), ...ACTIVITY_FILTERS],
};

/** The selection `POST /leads/list` and `/leads/move` share. */
const SELECTION: Record<string, Schema> = {
	search: { type: 'string' },
	filter: FILTER,
	campaign: UUID,
	list_id: UUID,
	in_campaign: BOOLEAN,
	in_list: BOOLEAN,
	ids: UUIDS,
	excluded_ids: UUIDS,
	contacts: { type: 'array', items: { type: 'string' } },
};

export const DEFAULT_BLOCKLIST_ID = '0199f36c-d715-7d47-bf95-f164c0b10c00';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const REMAINING = 'leads.remainingInPlan';
const PLAN_UPLOADS = 100_000;

export function leads(state: SandboxState) {
	return state.collection<Lead>('leads');
}

export interface LeadInput {
	email?: string | null;
	custom_variables?: Record<string, unknown>;
	[field: string]: unknown;
}

/** Creates a lead in a campaign, a list or neither (as `POST /leads` and `/leads/add` do). */
export function addLead(
	state: SandboxState,
	input: LeadInput,
	where: { campaign?: string | null; list_id?: string | null; assigned_to?: string } = {},
): Lead {
	const now = state.now();
	const { custom_variables, email, ...fields } = input;
	const lead: Lead = {
		id: state.newId(),
		timestamp_created: now,
		timestamp_updated: now,
		organization: ORGANIZATION_ID,
		status: 1,
		email: typeof email === 'string' ? email : null,
		campaign: where.campaign ?? null,
		list_id: where.list_id ?? null,
		payload: { ...(custom_variables ?? {}) },
		assigned_to: where.assigned_to ?? USER_ID,
		upload_method: 'api',
	};
	for (const [key, value] of Object.entries(fields)) {
		if (key in LEAD_FIELDS && value !== null && value !== undefined) lead[key] = value;
	}
	if (typeof lead.email === 'string') lead.company_domain = lead.email.split('@')[1] ?? null;
	leads(state).set(lead.id, lead);
	return lead;
}

function lower(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value.toLowerCase() : undefined;
}

/** The workspace block list: an entry blocks that exact email, or a whole domain. */
export function isBlocked(state: SandboxState, email: string): boolean {
	const address = email.toLowerCase();
	const domain = address.split('@')[1];
	for (const entry of blockListEntries(state).values()) {
		const value = entry.bl_value.toLowerCase();
		if (value === address || (entry.is_domain && value === domain)) return true;
	}
	return false;
}

function requireCampaign(state: SandboxState, id: string): void {
	if (!campaigns(state).has(id)) throw new HttpError(404, 'Campaign not found');
}

function requireList(state: SandboxState, id: string): void {
	if (!leadLists(state).has(id)) throw new HttpError(404, 'Lead list not found');
}

/** Leads matching the filters of `POST /leads/list` and `/leads/move`, in creation order. */
function select(state: SandboxState, body: Record<string, any>): Lead[] {
	let items = [...leads(state).values()];
	if (body.campaign) items = items.filter((l) => l.campaign === body.campaign);
	if (body.list_id) items = items.filter((l) => l.list_id === body.list_id);
	if (typeof body.in_campaign === 'boolean') items = items.filter((l) => (l.campaign !== null) === body.in_campaign);
	if (typeof body.in_list === 'boolean') items = items.filter((l) => (l.list_id !== null) === body.in_list);
	if (Array.isArray(body.ids)) items = items.filter((l) => body.ids.includes(l.id));
	if (Array.isArray(body.excluded_ids)) items = items.filter((l) => !body.excluded_ids.includes(l.id));
	if (Array.isArray(body.contacts)) {
		const wanted = new Set((body.contacts as string[]).map((c) => c.toLowerCase()));
		items = items.filter((l) => wanted.has(lower(l.email) ?? ''));
	}
	items = searchIn(items, body.search, (l) => ['email', 'first_name', 'last_name', 'company_name'].map((key) => lower(l[key])));
	if (typeof body.filter === 'string') {
		if (body.filter in INTEREST_FILTERS) items = items.filter((l) => l.lt_interest_status === INTEREST_FILTERS[body.filter]);
		if (body.filter in STATUS_FILTERS) items = items.filter((l) => l.status === STATUS_FILTERS[body.filter]);
	}
	return items;
}

interface BulkCounts {
	status: 'success';
	total_sent: number;
	leads_uploaded: number;
	in_blocklist: number;
	blocklist_used: string | null;
	duplicated_leads: number;
	skipped_count: number;
	invalid_email_count: number;
	incomplete_count: number;
	duplicate_email_count: number;
	remaining_in_plan: number | null;
	created_leads: Array<Record<string, unknown>>;
}

/** `POST /leads/add`: each lead is checked in the order Instantly reports the reasons, then created. */
function bulkAdd(state: SandboxState, body: Record<string, any>): BulkCounts {
	const campaignId: string | undefined = body.campaign_id ?? undefined;
	const listId: string | undefined = body.list_id ?? undefined;
	if (!campaignId === !listId) {
		throw new HttpError(400, 'You must provide either campaign_id or list_id, but not both');
	}
	if (campaignId) requireCampaign(state, campaignId);
	if (listId) requireList(state, listId);
	const result: BulkCounts = {
		status: 'success',
		total_sent: body.leads.length,
		leads_uploaded: 0,
		in_blocklist: 0,
		blocklist_used: body.blocklist_id ?? DEFAULT_BLOCKLIST_ID,
		duplicated_leads: 0,
		skipped_count: 0,
		invalid_email_count: 0,
		incomplete_count: 0,
		duplicate_email_count: 0,
		remaining_in_plan: null,
		created_leads: [],
	};
	// Indexed once per request: a scan per lead would make 10,000-lead runs quadratic.
	const byEmail = new Map<string, Lead[]>();
	for (const lead of leads(state).values()) {
		const email = lower(lead.email);
		if (email) byEmail.set(email, [...(byEmail.get(email) ?? []), lead]);
	}
	const seen = new Set<string>();
	(body.leads as LeadInput[]).forEach((input, index) => {
		const email = lower(input.email);
		if (campaignId && !email) return void result.invalid_email_count++;
		if (!email && !input.first_name && !input.last_name) return void result.incomplete_count++;
		if (email) {
			if (!EMAIL.test(email)) return void result.invalid_email_count++;
			if (seen.has(email)) return void result.duplicate_email_count++;
			seen.add(email);
			if (isBlocked(state, email)) return void result.in_blocklist++;
			const same = byEmail.get(email) ?? [];
			const skipped = body.skip_if_in_workspace
				? same.length > 0
				: (body.skip_if_in_campaign && same.some((l) => l.campaign !== null)) ||
					(body.skip_if_in_list && same.some((l) => l.list_id !== null));
			if (skipped) return void result.skipped_count++;
			const here = campaignId ? same.some((l) => l.campaign === campaignId) : same.some((l) => l.list_id === listId);
			if (here) return void result.duplicated_leads++;
		}
		const lead = addLead(state, input, {
			campaign: campaignId,
			list_id: listId,
			assigned_to: body.assigned_to ?? (campaignId ? (campaigns(state).get(campaignId)?.owned_by as string) : undefined),
		});
		result.leads_uploaded++;
		result.created_leads.push({
			index,
			id: lead.id,
			email: lead.email,
			first_name: lead.first_name ?? null,
			last_name: lead.last_name ?? null,
			phone: lead.phone ?? null,
		});
	});
	if (campaignId) {
		const remaining = ((state.extra.get(REMAINING) as number | undefined) ?? PLAN_UPLOADS) - result.leads_uploaded;
		state.extra.set(REMAINING, remaining);
		result.remaining_in_plan = remaining;
	}
	return result;
}

function moveLeads(state: SandboxState, body: Record<string, any>): Record<string, unknown> {
	const toCampaign: string | undefined = body.to_campaign_id;
	const toList: string | undefined = body.to_list_id;
	let selected = select(state, body);
	if (typeof body.limit === 'number') selected = selected.slice(0, body.limit);
	let moved = 0;
	for (const lead of selected) {
		const email = lower(lead.email);
		const others = [...leads(state).values()].filter((l) => l.id !== lead.id && email && lower(l.email) === email);
		if (body.check_duplicates && others.some((l) => (toCampaign ? l.campaign === toCampaign : l.list_id === toList))) continue;
		if (body.check_duplicates_in_campaigns && others.some((l) => l.campaign !== null)) continue;
		const target = body.copy_leads ? addLead(state, { ...lead, custom_variables: lead.payload }) : lead;
		target.campaign = toCampaign ?? null;
		target.list_id = toList ?? null;
		if (body.reset_interest_status) delete target.lt_interest_status;
		target.timestamp_updated = state.now();
		moved++;
	}
	return { leads_moved: moved };
}

function patchLead(state: SandboxState, lead: Lead, fields: Record<string, unknown>): Lead {
	for (const [key, value] of Object.entries(fields)) {
		if (key === 'custom_variables') lead.payload = { ...lead.payload, ...(value as Record<string, unknown>) };
		else if (value === null) delete lead[key];
		else lead[key] = value;
	}
	lead.timestamp_updated = state.now();
	return lead;
}

export const leadRoutes: RouteModule = (): Route[] => [
	{
		method: 'POST',
		path: '/api/v2/leads',
		body: {
			type: 'object',
			properties: {
				email: { type: 'string' },
				...LEAD_FIELDS,
				campaign: UUID,
				list_id: UUID,
				...IMPORT_FLAGS,
			},
			additionalProperties: false,
			minProperties: 1,
		},
		handle: ({ state, body }) => {
			if (body.campaign && body.list_id) throw new HttpError(400, 'Provide either campaign or list_id, not both');
			if (body.campaign) {
				requireCampaign(state, body.campaign);
				if (!body.email) throw new HttpError(400, 'email is required when adding a lead to a campaign');
			} else if (!body.email && !body.first_name && !body.last_name) {
				throw new HttpError(400, 'A lead needs at least one of email, first_name or last_name');
			}
			if (body.list_id) requireList(state, body.list_id);
			if (body.email && !EMAIL.test(body.email)) throw new HttpError(400, 'body/email must match format "email"');
			const { campaign, list_id, ...rest } = body;
			for (const flag of Object.keys(IMPORT_FLAGS)) delete rest[flag];
			return addLead(state, rest, { campaign, list_id });
		},
	},
	{
		method: 'POST',
		path: '/api/v2/leads/list',
		body: {
			type: 'object',
			properties: { ...SELECTION, distinct_contacts: BOOLEAN, ...LIST_PAGING },
			additionalProperties: false,
		},
		handle: ({ state, body = {} }) => {
			let items = select(state, body);
			if (body.distinct_contacts === true) {
				const seen = new Set<string>();
				items = items.filter((l) => {
					const email = lower(l.email);
					if (!email) return true;
					if (seen.has(email)) return false;
					seen.add(email);
					return true;
				});
			}
			return pageOf(items, body.limit, body.starting_after);
		},
	},
	{
		method: 'POST',
		path: '/api/v2/leads/add',
		body: {
			type: 'object',
			properties: {
				campaign_id: UUID,
				list_id: UUID,
				leads: {
					type: 'array',
					minItems: 1,
					maxItems: 1000,
					items: {
						type: 'object',
						properties: { email: TEXT, ...LEAD_FIELDS },
						required: [],
						additionalProperties: false,
					},
				},
				...IMPORT_FLAGS,
				assigned_to: UUID,
			},
			required: ['leads'],
			additionalProperties: false,
		},
		handle: ({ state, body }) => bulkAdd(state, body),
	},
	{
		method: 'DELETE',
		path: '/api/v2/leads',
		body: {
			type: 'object',
			properties: {
				campaign_id: UUID,
				list_id: UUID,
				status: { type: 'number', enum: [1, 2, 3, -1, -2, -3] },
				ids: UUIDS,
				limit: { type: 'integer', minimum: 1, maximum: 10000 },
			},
			additionalProperties: false,
			minProperties: 1,
		},
		handle: ({ state, body }) => {
			if (!body.campaign_id === !body.list_id) {
				throw new HttpError(400, 'You must provide either campaign_id or list_id, but not both');
			}
			let selected = [...leads(state).values()].filter((l) =>
				body.campaign_id ? l.campaign === body.campaign_id : l.list_id === body.list_id,
			);
			if (body.status !== undefined) selected = selected.filter((l) => l.status === body.status);
			if (Array.isArray(body.ids)) selected = selected.filter((l) => body.ids.includes(l.id));
			// Without a limit, every matching lead goes: the reason the node requires one.
			if (body.limit !== undefined) selected = selected.slice(0, body.limit);
			for (const lead of selected) leads(state).delete(lead.id);
			return { count: selected.length };
		},
	},
	{
		method: 'POST',
		path: '/api/v2/leads/move',
		body: {
			type: 'object',
			properties: {
				...SELECTION,
				to_campaign_id: UUID,
				to_list_id: UUID,
				limit: { type: 'integer', minimum: 1 },
				copy_leads: BOOLEAN,
				check_duplicates: BOOLEAN,
				check_duplicates_in_campaigns: BOOLEAN,
				skip_leads_in_verification: BOOLEAN,
				reset_interest_status: BOOLEAN,
			},
			additionalProperties: false,
			minProperties: 1,
		},
		handle: ({ state, body }) => {
			if (!body.to_campaign_id === !body.to_list_id) {
				throw new HttpError(400, 'You must provide either to_campaign_id or to_list_id, but not both');
			}
			if (body.ids && !body.campaign && !body.list_id) {
				throw new HttpError(400, 'ids can only be used together with campaign or list_id');
			}
			if (body.to_campaign_id) requireCampaign(state, body.to_campaign_id);
			if (body.to_list_id) requireList(state, body.to_list_id);
			const destination = body.to_campaign_id
				? { id: body.to_campaign_id, type: 'campaign' }
				: { id: body.to_list_id, type: 'list' };
			return startJob(state, 'move-leads', { ...body }, () => moveLeads(state, body), destination);
		},
	},
	{
		method: 'POST',
		path: '/api/v2/leads/update-interest-status',
		body: {
			type: 'object',
			properties: {
				lead_email: { type: 'string' },
				interest_value: { type: ['number', 'null'] },
				campaign_id: UUID,
				list_id: UUID,
				ai_interest_value: { type: 'number' },
				disable_auto_interest: BOOLEAN,
			},
			required: ['lead_email', 'interest_value'],
			additionalProperties: false,
		},
		handle: ({ state, body }) => {
			const email = body.lead_email.toLowerCase();
			for (const lead of leads(state).values()) {
				if (lower(lead.email) !== email) continue;
				if (body.campaign_id && lead.campaign !== body.campaign_id) continue;
				if (body.list_id && lead.list_id !== body.list_id) continue;
				patchLead(state, lead, { lt_interest_status: body.interest_value });
			}
			return reply(202, { message: 'Lead interest status update background job submitted' });
		},
	},
	{
		method: 'POST',
		path: '/api/v2/leads/merge',
		body: {
			type: 'object',
			properties: { lead_id: UUID, destination_lead_id: UUID },
			required: ['lead_id', 'destination_lead_id'],
			additionalProperties: false,
		},
		handle: ({ state, body }) => {
			if (body.lead_id === body.destination_lead_id) throw new HttpError(400, 'A lead cannot be merged into itself');
			const source = mustFind(leads(state), body.lead_id);
			const destination = mustFind(leads(state), body.destination_lead_id);
			for (const key of [...TEXT_FIELDS, 'email', 'lt_interest_status']) {
				if ((destination[key] === undefined || destination[key] === null) && source[key] !== undefined) {
					destination[key] = source[key];
				}
			}
			destination.payload = { ...source.payload, ...destination.payload };
			destination.timestamp_updated = state.now();
			leads(state).delete(source.id);
			return destination;
		},
	},
	{
		method: 'GET',
		path: '/api/v2/leads/:id',
		handle: ({ state, params }) => mustFind(leads(state), params.id),
	},
	{
		method: 'PATCH',
		path: '/api/v2/leads/:id',
		body: { type: 'object', properties: LEAD_FIELDS, additionalProperties: false, minProperties: 1 },
		handle: ({ state, params, body }) => patchLead(state, mustFind(leads(state), params.id), body),
	},
	{
		method: 'DELETE',
		path: '/api/v2/leads/:id',
		handle: ({ state, params }) => {
			const lead = mustFind(leads(state), params.id);
			leads(state).delete(params.id);
			return lead;
		},
	},
];
