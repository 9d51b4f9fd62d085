import type { Schema } from '../schema';
import { mustFind, type Route, type RouteModule } from '../server';
import { HttpError, type SandboxState } from '../state';
import { CAMPAIGN_STATUS_NUMBERS, campaigns, type Campaign } from './campaigns';
import { leads } from './leads';

/**
 * Campaign analytics computed from what the sandbox holds, so the numbers add up: leads per campaign (the leads
 * collection), an activity log per campaign (what Instantly's sending did: sent, opened, clicked, replied, bounced…,
 * kept by `logActivity`), and received emails of the Unibox (`emails`, another module's, read defensively: it may
 * be empty or absent) counted as replies.
 */

export type ActivityType =
	| 'sent'
	| 'opened'
	| 'clicked'
	| 'replied'
	| 'bounced'
	| 'unsubscribed'
	| 'interested'
	| 'meeting_booked'
	| 'closed';

export interface Activity extends Record<string, unknown> {
	id: string;
	campaign_id: string;
	lead_email: string;
	type: ActivityType;
	/** Sequence step (0-based) and variant (0 = A). */
	step: number;
	variant: number;
	timestamp: string;
}

export function activity(state: SandboxState) {
	return state.collection<Activity>('campaignActivity');
}

type ActivityInput = Pick<Activity, 'campaign_id' | 'lead_email' | 'type'> & Partial<Pick<Activity, 'step' | 'variant' | 'timestamp'>>;

export function logActivity(state: SandboxState, entry: ActivityInput): Activity {
	const record: Activity = { step: 0, variant: 0, timestamp: state.now(), ...entry, id: state.newId() };
	activity(state).set(record.id, record);
	return record;
}

/** An event as the analytics count it: the log's, plus received campaign emails as replies. */
interface Event {
	campaign_id: string;
	lead_email: string;
	type: ActivityType;
	step: number;
	variant: number;
	day: string;
}

function events(state: SandboxState): Event[] {
	const logged: Event[] = [...activity(state).values()].map((a) => ({ ...a, day: a.timestamp.slice(0, 10) }));
	const received: Event[] = [];
	for (const email of state.collection<Record<string, unknown>>('emails').values()) {
		// ue_type 2 = received; only replies to a campaign count.
		if (email.ue_type !== 2 || typeof email.campaign_id !== 'string' || typeof email.timestamp_created !== 'string') continue;
		received.push({
			campaign_id: email.campaign_id,
			lead_email: String(email.lead ?? email.from_address_email ?? ''),
			type: 'replied',
			step: Number(email.step ?? 0) || 0,
			variant: 0,
			day: email.timestamp_created.slice(0, 10),
		});
	}
	return [...logged, ...received];
}

const DAY = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';
const DATES: Record<string, Schema> = { start_date: { type: 'string', pattern: DAY }, end_date: { type: 'string', pattern: DAY } };
const UUID: Schema = { type: 'string', format: 'uuid' };

function range(query: Record<string, unknown>) {
	const start = query.start_date as string | undefined;
	const end = query.end_date as string | undefined;
	if (start && end && start > end) throw new HttpError(400, 'start_date must be before or on end_date');
	return (day: string) => (!start || day >= start) && (!end || day <= end);
}

function chosen(state: SandboxState, query: Record<string, unknown>): Campaign[] {
	const ids = [...((query.ids as string[] | undefined) ?? []), ...(query.id ? [query.id as string] : [])];
	const all = [...campaigns(state).values()];
	return ids.length ? all.filter((c) => ids.includes(c.id)) : all;
}

/** Counts over a set of events: totals and distinct leads. */
function tally(list: Event[]) {
	const count = (type: ActivityType) => list.filter((e) => e.type === type).length;
	const unique = (type: ActivityType) => new Set(list.filter((e) => e.type === type).map((e) => e.lead_email)).size;
	return { count, unique };
}

/** The totals Campaign Summary and Overview share. */
function totals(list: Event[]) {
	const { count, unique } = tally(list);
	return {
		open_count: count('opened'),
		open_count_unique: unique('opened'),
		reply_count: count('replied'),
		reply_count_unique: unique('replied'),
		link_click_count: count('clicked'),
		link_click_count_unique: unique('clicked'),
		bounced_count: count('bounced'),
		unsubscribed_count: count('unsubscribed'),
		emails_sent_count: count('sent'),
		total_opportunities: count('interested'),
		total_opportunity_value: 0,
	};
}

/** The counts of one day (Daily) or one step and variant (Steps). */
function bucket(list: Event[]) {
	const { count, unique } = tally(list);
	return {
		sent: count('sent'),
		opened: count('opened'),
		unique_opened: unique('opened'),
		replies: count('replied'),
		unique_replies: unique('replied'),
		clicks: count('clicked'),
		unique_clicks: unique('clicked'),
	};
}

function summary(state: SandboxState, campaign: Campaign, list: Event[], withLeads: boolean) {
	const own = [...leads(state).values()].filter((l) => l.campaign === campaign.id);
	return {
		campaign_name: campaign.name,
		campaign_id: campaign.id,
		campaign_status: campaign.status,
		campaign_is_evergreen: false,
		...(withLeads ? { leads_count: own.length } : {}),
		contacted_count: tally(list).unique('sent'),
		completed_count: own.filter((l) => l.status === 3).length,
		new_leads_contacted_count: list.filter((e) => e.type === 'sent' && e.step === 0).length,
		...totals(list),
	};
}

/** Daily and Steps: the events of one campaign (an unknown one is a 404), or of all, in the date range. */
function campaignEvents(state: SandboxState, query: Record<string, unknown>): Event[] {
	const inRange = range(query);
	if (typeof query.campaign_id === 'string') mustFind(campaigns(state), query.campaign_id);
	return events(state).filter((e) => inRange(e.day) && (typeof query.campaign_id !== 'string' || e.campaign_id === query.campaign_id));
}

const PATH = '/api/v2/campaigns/analytics';

export const analyticsRoutes: RouteModule = (): Route[] => [
	{
		method: 'GET',
		path: PATH,
		query: {
			properties: { id: UUID, ids: { type: 'array', items: UUID }, ...DATES, exclude_total_leads_count: { type: 'boolean' } },
			additionalProperties: false,
		},
		handle: ({ state, query }) => {
			const inRange = range(query);
			const all = events(state).filter((e) => inRange(e.day));
			return chosen(state, query).map((c) =>
				summary(state, c, all.filter((e) => e.campaign_id === c.id), query.exclude_total_leads_count !== true),
			);
		},
	},
	{
		method: 'GET',
		path: `${PATH}/overview`,
		query: {
			properties: {
				id: UUID,
				ids: { type: 'array', items: UUID },
				...DATES,
				campaign_status: { type: 'integer', enum: CAMPAIGN_STATUS_NUMBERS },
				expand_crm_events: { type: 'boolean' },
			},
			additionalProperties: false,
		},
		handle: ({ state, query }) => {
			const inRange = range(query);
			let selected = chosen(state, query);
			if (typeof query.campaign_status === 'number') selected = selected.filter((c) => c.status === query.campaign_status);
			const ids = new Set(selected.map((c) => c.id));
			const list = events(state).filter((e) => ids.has(e.campaign_id) && inRange(e.day));
			const { count } = tally(list);
			return {
				...totals(list),
				contacted_count: new Set(list.filter((e) => e.type === 'sent').map((e) => `${e.campaign_id} ${e.lead_email}`)).size,
				completed_count: [...leads(state).values()].filter((l) => ids.has(String(l.campaign)) && l.status === 3).length,
				total_interested: count('interested'),
				total_meeting_booked: count('meeting_booked'),
				total_closed: count('closed'),
			};
		},
	},
	{
		method: 'GET',
		path: `${PATH}/daily`,
		query: {
			properties: { campaign_id: UUID, ...DATES, campaign_status: { type: 'integer', enum: CAMPAIGN_STATUS_NUMBERS } },
			additionalProperties: false,
		},
		handle: ({ state, query }) => {
			const list = campaignEvents(state, query);
			const days = [...new Set(list.map((e) => e.day))].sort();
			return days.map((date) => {
				const day = list.filter((e) => e.day === date);
				return {
					date,
					...bucket(day),
					contacted: tally(day).unique('sent'),
					new_leads_contacted: day.filter((e) => e.type === 'sent' && e.step === 0).length,
					bounced: tally(day).count('bounced'),
				};
			});
		},
	},
	{
		method: 'GET',
		path: `${PATH}/steps`,
		query: {
			properties: { campaign_id: UUID, ...DATES, include_opportunities_count: { type: 'boolean' } },
			additionalProperties: false,
		},
		handle: ({ state, query }) => {
			const list = campaignEvents(state, query);
			const keys = [...new Set(list.map((e) => `${e.step}:${e.variant}`))].sort();
			return keys.map((key) => {
				const [step, variant] = key.split(':');
				const one = list.filter((e) => `${e.step}:${e.variant}` === key);
				// Instantly sends step and variant as text; the node turns them into numbers.
				return { step, variant, ...bucket(one), opportunities: tally(one).count('interested') };
			});
		},
	},
];
