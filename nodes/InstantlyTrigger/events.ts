import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

/**
 * Instantly's webhook event types (the API's `event_type` enum), named by group so the sorted list
 * reads as the groups of Instantly's guide: Email, Lead Status, Meeting, then Account / Campaign.
 */
export const EVENT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Account: Error', value: 'account_error', description: 'A sending account has an error (e.g. it was disconnected)' },
	{
		name: 'All Events',
		value: 'all_events',
		description: 'Every event of the workspace, custom lead labels included: one Instantly webhook, and the workflow runs for each event',
	},
	{ name: 'Campaign: Completed', value: 'campaign_completed', description: 'A campaign has finished' },
	{
		name: 'Email: Auto-Reply Received',
		value: 'auto_reply_received',
		description: 'An automatic reply (out of office, …) arrived. Instantly cannot send it alone: the node subscribes to all events and keeps the ones chosen here.',
	},
	{ name: 'Email: Bounced', value: 'email_bounced' },
	{ name: 'Email: Lead Unsubscribed', value: 'lead_unsubscribed' },
	{ name: 'Email: Link Clicked', value: 'email_link_clicked', description: 'A lead clicked a tracked link' },
	{ name: 'Email: Opened', value: 'email_opened', description: 'A lead opened an email (fires often: one run per open)' },
	{ name: 'Email: Reply Received', value: 'reply_received', description: 'A lead replied; the item holds the reply text and a Unibox link' },
	{ name: 'Email: Sent', value: 'email_sent', description: 'An email of a campaign was sent (fires for every email)' },
	{ name: 'Lead Status: Closed', value: 'lead_closed' },
	{ name: 'Lead Status: Interested', value: 'lead_interested', description: 'A lead was marked Interested' },
	{ name: 'Lead Status: Neutral', value: 'lead_neutral' },
	{ name: 'Lead Status: Not Interested', value: 'lead_not_interested' },
	{ name: 'Lead Status: Out of Office', value: 'lead_out_of_office' },
	{ name: 'Lead Status: Wrong Person', value: 'lead_wrong_person' },
	{ name: 'Meeting: Booked', value: 'lead_meeting_booked' },
	{ name: 'Meeting: Completed', value: 'lead_meeting_completed' },
	{ name: 'Meeting: No Show', value: 'lead_no_show' },
	{ name: 'SuperSearch: Enrichment Completed', value: 'supersearch_enrichment_completed' },
];

export const ALL_EVENTS = 'all_events';
/** In Instantly's guide but not in the API's enum: it arrives only through an `all_events` webhook. */
const AUTO_REPLY = 'auto_reply_received';

/**
 * Event types a delivery may carry, by the name the node subscribes with. The guide calls a click
 * `link_clicked`, the API `email_link_clicked`; nothing shows which one arrives, so both count.
 */
const DELIVERED_AS: Record<string, string> = { link_clicked: 'email_link_clicked' };
const KNOWN_EVENTS = new Set([...EVENT_OPTIONS.map((o) => String(o.value)), ...Object.keys(DELIVERED_AS)]);

/** One Instantly webhook the node registers; `key` travels back in a header of each delivery. */
export interface Subscription {
	key: string;
	event_type: string | null;
	custom_interest_value?: number;
}

/**
 * The Instantly webhooks for a choice of events and labels: one per event and one per label (the API
 * takes one event per webhook, and Instantly then sends only what was asked for). "All Events" and
 * "Auto-Reply" need the one `all_events` webhook instead; with Auto-Reply, labels keep webhooks of
 * their own, because only those say which label a delivery is for.
 */
export function subscriptionsFor(events: string[], labels: number[]): Subscription[] {
	const eventSet = new Set(events);
	const labelSubscriptions = labels.map((value) => ({
		key: `label:${value}`,
		event_type: null,
		custom_interest_value: value,
	}));
	if (eventSet.has(ALL_EVENTS)) return [{ key: ALL_EVENTS, event_type: ALL_EVENTS }];
	if (eventSet.has(AUTO_REPLY)) return [{ key: ALL_EVENTS, event_type: ALL_EVENTS }, ...labelSubscriptions];
	return [...[...eventSet].map((event) => ({ key: event, event_type: event })), ...labelSubscriptions];
}

/** Why a delivery starts no run, or undefined when it does. */
export function ignoredBecause(
	payload: IDataObject,
	choice: { events: string[]; labels: number[]; campaign: string | null; onlyFirst: boolean },
	subscription: string | undefined,
): string | undefined {
	const raw = typeof payload.event_type === 'string' ? payload.event_type : '';
	const event = DELIVERED_AS[raw] ?? raw;
	const events = new Set(choice.events);
	if (!events.has(ALL_EVENTS)) {
		if (KNOWN_EVENTS.has(raw)) {
			if (!events.has(event)) return `event "${raw}" was not chosen`;
		} else {
			// A custom label's event carries the label itself as its type (Instantly: "sent as-is"). A label
			// webhook of this node only delivers its label; without the header (a delivery from elsewhere),
			// any label counts while labels are chosen.
			const fromLabelWebhook = subscription ? subscription.startsWith('label:') : choice.labels.length > 0;
			if (!fromLabelWebhook) return `event "${raw}" was not chosen`;
		}
	}
	if (choice.campaign && typeof payload.campaign_id === 'string' && payload.campaign_id && payload.campaign_id !== choice.campaign) {
		return 'the event belongs to another campaign';
	}
	if (choice.onlyFirst && payload.is_first === false) return 'not the first event of its kind for this lead';
	return undefined;
}
