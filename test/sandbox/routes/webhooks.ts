import { mustFind, type Route, type RouteModule } from '../server';
import type { Schema } from '../schema';
import { HttpError, LIST_PAGING, ORGANIZATION_ID, pageOf, type SandboxState } from '../state';
import { accounts } from './accounts';
import { campaigns } from './campaigns';
import { addReceivedReply } from './emails';
import { isKnownInterestStatus, leadLabels } from './leadLabels';
import { leads } from './leads';

/** The API's `event_type` enum for creating and patching a webhook (Instantly's webhook schema). */
export const WEBHOOK_EVENT_TYPES = [
	'all_events',
	'email_sent',
	'email_opened',
	'email_link_clicked',
	'reply_received',
	'email_bounced',
	'lead_unsubscribed',
	'campaign_completed',
	'account_error',
	'lead_neutral',
	'lead_interested',
	'lead_not_interested',
	'lead_meeting_booked',
	'lead_meeting_completed',
	'lead_closed',
	'lead_out_of_office',
	'lead_wrong_person',
	'lead_no_show',
	'supersearch_enrichment_completed',
];
/** The list filter's enum is shorter: it lacks the two newest events. */
const LIST_FILTER_EVENT_TYPES = WEBHOOK_EVENT_TYPES.filter(
	(e) => e !== 'lead_no_show' && e !== 'supersearch_enrichment_completed',
);
/** Events in Instantly's guide that no webhook can subscribe to alone: only `all_events` delivers them. */
const ALL_EVENTS_ONLY = ['auto_reply_received'];

export interface Webhook extends Record<string, unknown> {
	id: string;
	organization: string;
	campaign: string | null;
	name: string | null;
	target_hook_url: string;
	event_type: string | null;
	custom_interest_value: number | null;
	headers: Record<string, string> | null;
	timestamp_created: string;
	/** 1 active, -1 disabled by Instantly after failed deliveries. */
	status: number;
	timestamp_error: string | null;
}

/** One delivery attempt, as Instantly's delivery log ("webhook events") records it. */
export interface Delivery extends Record<string, unknown> {
	id: string;
	timestamp_created: string;
	webhook_id: string;
	webhook_url: string;
	event_type: string;
	lead_email: string | null;
	payload: Record<string, unknown>;
	/** The headers sent (the webhook's own headers included). */
	headers: Record<string, string>;
	/** 0 when n8n (or whatever listens) could not be reached. */
	status_code: number;
	success: boolean;
	error_message: string | null;
	response_body: string;
}

const PATH = '/api/v2/webhooks';
/** Failed deliveries in a row after which the sandbox disables a webhook (Instantly documents no number). */
export const FAILURES_BEFORE_DISABLE = 3;
const FAILURES = 'webhooks.failuresInARow';

export function webhooks(state: SandboxState) {
	return state.collection<Webhook>('webhooks');
}

export function deliveries(state: SandboxState) {
	return state.collection<Delivery>('webhookDeliveries');
}

const UUID_OR_NULL: Schema = { type: ['string', 'null'], format: 'uuid' };
const WRITABLE: Record<string, Schema> = {
	target_hook_url: { type: 'string', pattern: '^https?://' },
	event_type: { type: ['string', 'null'], enum: [...WEBHOOK_EVENT_TYPES, null] },
	campaign: UUID_OR_NULL,
	name: { type: ['string', 'null'] },
	custom_interest_value: { type: ['number', 'null'] },
	headers: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
};

/**
 * What Instantly's schema leaves to its server, as the sandbox assumes it: a webhook is for an event or
 * for a custom label (`event_type: null` + `custom_interest_value`), the label exists, and so does the campaign.
 */
function checkTarget(state: SandboxState, webhook: Pick<Webhook, 'event_type' | 'custom_interest_value' | 'campaign'>) {
	if (webhook.event_type === null && (webhook.custom_interest_value === null || webhook.custom_interest_value === undefined)) {
		throw new HttpError(400, 'body must have event_type, or custom_interest_value for a custom label webhook');
	}
	if (typeof webhook.custom_interest_value === 'number' && !isKnownInterestStatus(state, webhook.custom_interest_value)) {
		throw new HttpError(400, `custom_interest_value ${webhook.custom_interest_value} is not an interest status of this workspace`);
	}
	if (webhook.campaign && !campaigns(state).has(webhook.campaign)) throw new HttpError(404, 'Campaign not found');
}

export function addWebhook(state: SandboxState, fields: Partial<Webhook> & { target_hook_url: string }): Webhook {
	const record: Webhook = {
		id: state.newId(),
		organization: ORGANIZATION_ID,
		campaign: fields.campaign ?? null,
		name: fields.name ?? null,
		target_hook_url: fields.target_hook_url,
		event_type: fields.event_type === undefined ? null : fields.event_type,
		custom_interest_value: fields.custom_interest_value ?? null,
		headers: fields.headers ?? null,
		timestamp_created: state.now(),
		status: 1,
		timestamp_error: null,
	};
	checkTarget(state, record);
	webhooks(state).set(record.id, record);
	return record;
}

/** What the sandbox's control API (and the tests) fire: an event of a lead in a campaign. */
export interface EventSpec {
	/** An event type of the API (`reply_received`, `lead_interested`, …, `auto_reply_received`). */
	event_type?: string;
	/** A custom lead label of the workspace, by its name or `interest_status`: fires that label's event. */
	label?: string | number;
	/** The lead, by email (it need not exist; when it does, its fields are merged in as Instantly does). */
	lead_email?: string;
	/** Default: the lead's campaign, else the workspace's first campaign. */
	campaign_id?: string;
	/** Fields merged over the payload last, e.g. `{"event_type": "link_clicked"}` or `{"is_first": false}`. */
	payload?: Record<string, unknown>;
}

/** The payload Instantly's guide describes, with the lead's own fields merged in at the top level. */
export function eventPayload(state: SandboxState, spec: EventSpec, { anyCampaign = false } = {}): { payload: Record<string, unknown>; labelStatus?: number } {
	let labelStatus: number | undefined;
	let eventType = spec.event_type;
	if (spec.label !== undefined) {
		const label = [...leadLabels(state).values()].find(
			(l) => l.interest_status === Number(spec.label) || l.label.toLowerCase() === String(spec.label).toLowerCase(),
		);
		if (!label) throw new HttpError(400, `No lead label "${spec.label}" in the workspace`);
		labelStatus = label.interest_status;
		// Instantly: a custom label is "sent as-is" in event_type.
		eventType = label.label;
	} else if (!eventType || (!WEBHOOK_EVENT_TYPES.includes(eventType) && !ALL_EVENTS_ONLY.includes(eventType)) || eventType === 'all_events') {
		throw new HttpError(400, `"event_type" must be an event type of the API, or give "label"`);
	}
	const lead = spec.lead_email
		? [...leads(state).values()].find((l) => l.email?.toLowerCase() === spec.lead_email!.toLowerCase())
		: undefined;
	const campaignId = spec.campaign_id ?? lead?.campaign ?? [...campaigns(state).keys()][0];
	// A test delivery needs no real campaign (a workspace may have none yet).
	const campaign = (campaignId ? campaigns(state).get(campaignId) : undefined) ??
		(anyCampaign ? { id: '00000000-0000-4000-8000-000000000000', name: 'Test campaign' } : undefined);
	if (!campaign) throw new HttpError(400, `No campaign ${campaignId ?? ''} in the workspace`);
	const leadFields: Record<string, unknown> = {};
	if (lead) {
		for (const key of ['first_name', 'last_name', 'company_name', 'job_title', 'phone', 'website', 'personalization']) {
			if (lead[key] !== undefined && lead[key] !== null) leadFields[key] = lead[key];
		}
		Object.assign(leadFields, lead.payload);
	}
	const email = spec.lead_email ?? null;
	// The account the campaign sent from: one of the workspace's, so a workflow can reply from it.
	const account = [...accounts(state).values()].find((a) => a.status === 1)?.email ?? 'outreach@sender.example';
	const sent = {
		email_account: account,
		step: 1,
		variant: 1,
		is_first: true,
		email_id: state.newId(),
		email_subject: 'Quick question',
	};
	const reply =
		eventType === 'reply_received' || eventType === 'auto_reply_received'
			? {
					reply_subject: 'Re: Quick question',
					reply_text_snippet: 'Sounds interesting, can we talk on Tuesday?',
					reply_text: 'Sounds interesting, can we talk on Tuesday?\n\nOn Mon, you wrote: …',
					reply_html: '<p>Sounds interesting, can we talk on Tuesday?</p>',
					unibox_url: `https://app.instantly.ai/app/unibox?thread_search=${encodeURIComponent(email ?? '')}`,
				}
			: {};
	return {
		labelStatus,
		payload: {
			timestamp: state.now(),
			event_type: eventType,
			workspace: ORGANIZATION_ID,
			campaign_id: campaign.id,
			campaign_name: campaign.name,
			...(email ? { lead_email: email } : {}),
			...sent,
			...reply,
			...leadFields,
			...spec.payload,
		},
	};
}

/** The webhooks Instantly would deliver an event to: active, of its campaign (or workspace-wide), subscribed to it. */
export function subscribers(state: SandboxState, eventType: string, campaignId: string, labelStatus?: number): Webhook[] {
	return [...webhooks(state).values()].filter((w) => {
		if (w.status !== 1) return false;
		if (w.campaign && w.campaign !== campaignId) return false;
		if (w.event_type === 'all_events') return true;
		if (labelStatus !== undefined) return w.event_type === null && w.custom_interest_value === labelStatus;
		return w.event_type === eventType;
	});
}

/**
 * POSTs a payload to a webhook's URL with its stored headers and records the delivery. Failures in a
 * row disable the webhook as Instantly does (status -1, timestamp_error).
 */
export async function deliver(state: SandboxState, webhook: Webhook, payload: Record<string, unknown>): Promise<Delivery> {
	const headers = { 'content-type': 'application/json', 'user-agent': 'Instantly-Webhooks (sandbox)', ...(webhook.headers ?? {}) };
	const record: Delivery = {
		id: state.newId(),
		timestamp_created: state.now(),
		webhook_id: webhook.id,
		webhook_url: webhook.target_hook_url,
		event_type: String(payload.event_type),
		lead_email: typeof payload.lead_email === 'string' ? payload.lead_email : null,
		payload,
		headers,
		status_code: 0,
		success: false,
		error_message: null,
		response_body: '',
	};
	try {
		const res = await fetch(webhook.target_hook_url, {
			method: 'POST',
			headers,
			body: JSON.stringify(payload),
			signal: AbortSignal.timeout(30_000),
		});
		record.status_code = res.status;
		record.response_body = (await res.text()).slice(0, 2000);
		record.success = res.ok;
		if (!res.ok) record.error_message = `HTTP ${res.status}`;
	} catch (error) {
		record.error_message = String((error as Error)?.cause ?? (error as Error)?.message ?? error);
	}
	deliveries(state).set(record.id, record);
	const failures = (state.extra.get(FAILURES) as Map<string, number> | undefined) ?? new Map<string, number>();
	state.extra.set(FAILURES, failures);
	const inARow = record.success ? 0 : (failures.get(webhook.id) ?? 0) + 1;
	failures.set(webhook.id, inARow);
	if (inARow >= FAILURES_BEFORE_DISABLE) {
		webhook.status = -1;
		webhook.timestamp_error = state.now();
	}
	return record;
}

/** Fires one event to every matching webhook, all at once; resolves with the payload and each delivery. */
export async function fireEvent(state: SandboxState, spec: EventSpec) {
	const { payload, labelStatus } = eventPayload(state, spec);
	// A reply lands in the Unibox before Instantly tells anyone: its id is the event's email_id.
	if (payload.event_type === 'reply_received' || payload.event_type === 'auto_reply_received') addReceivedReply(state, payload);
	const targets = subscribers(state, String(payload.event_type), String(payload.campaign_id), labelStatus);
	const results = await Promise.all(targets.map((webhook) => deliver(state, webhook, payload)));
	return { payload, deliveries: results };
}

/** The eight webhook endpoints of Instantly's API v2. */
export const webhookRoutes: RouteModule = (): Route[] => [
	{
		method: 'POST',
		path: PATH,
		body: { type: 'object', properties: WRITABLE, required: ['target_hook_url'], additionalProperties: false },
		handle: ({ state, body }) => addWebhook(state, body),
	},
	{
		method: 'GET',
		path: PATH,
		query: {
			properties: {
				...LIST_PAGING,
				campaign: { type: 'string', format: 'uuid' },
				event_type: { type: 'string', enum: LIST_FILTER_EVENT_TYPES },
			},
			additionalProperties: false,
		},
		handle: ({ state, query }) => {
			let items = [...webhooks(state).values()];
			if (typeof query.campaign === 'string') items = items.filter((w) => w.campaign === query.campaign);
			if (typeof query.event_type === 'string') items = items.filter((w) => w.event_type === query.event_type);
			return pageOf(items, query.limit as number | undefined, query.starting_after as string | undefined);
		},
	},
	// Before `/:id`, which would take "event-types" for an id.
	{
		method: 'GET',
		path: `${PATH}/event-types`,
		// Instantly documents no response schema for this endpoint; this shape is the sandbox's own.
		handle: () => ({ event_types: WEBHOOK_EVENT_TYPES }),
	},
	{
		method: 'GET',
		path: `${PATH}/:id`,
		handle: ({ state, params }) => mustFind(webhooks(state), params.id),
	},
	{
		method: 'PATCH',
		path: `${PATH}/:id`,
		body: { type: 'object', properties: WRITABLE, additionalProperties: false, minProperties: 1 },
		handle: ({ state, params, body }) => {
			const record = mustFind(webhooks(state), params.id);
			checkTarget(state, { ...record, ...body });
			Object.assign(record, body);
			return record;
		},
	},
	{
		method: 'DELETE',
		path: `${PATH}/:id`,
		handle: ({ state, params }) => {
			const record = mustFind(webhooks(state), params.id);
			webhooks(state).delete(params.id);
			return record;
		},
	},
	{
		method: 'POST',
		path: `${PATH}/:id/resume`,
		handle: ({ state, params }) => {
			const record = mustFind(webhooks(state), params.id);
			record.status = 1;
			record.timestamp_error = null;
			(state.extra.get(FAILURES) as Map<string, number> | undefined)?.delete(record.id);
			return record;
		},
	},
	{
		method: 'POST',
		path: `${PATH}/:id/test`,
		handle: async ({ state, params }) => {
			const record = mustFind(webhooks(state), params.id);
			const eventType = record.event_type ?? 'reply_received';
			const { payload } = eventPayload(state, {
				...(record.event_type === null && record.custom_interest_value !== null
					? { label: record.custom_interest_value }
					: { event_type: eventType === 'all_events' ? 'reply_received' : eventType }),
				lead_email: 'test.lead@example.com',
				...(record.campaign ? { campaign_id: record.campaign } : {}),
			}, { anyCampaign: true });
			const started = Date.now();
			const delivery = await deliver(state, record, payload);
			return {
				success: delivery.success,
				message: delivery.success ? 'Test webhook sent successfully' : 'Test webhook failed',
				response_time_ms: Date.now() - started,
				status_code: delivery.status_code,
				...(delivery.error_message ? { error: delivery.error_message } : {}),
			};
		},
	},
];
