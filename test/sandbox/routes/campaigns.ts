import { TIMEZONES } from '../../../nodes/Instantly/resources/campaign/timezones';
import type { Schema } from '../schema';
import { mustFind, type Route, type RouteModule } from '../server';
import { LIST_PAGING, ORGANIZATION_ID, pageOf, searchIn, USER_ID, type SandboxState } from '../state';

/** Status: 0 Draft, 1 Active, 2 Paused, 3 Completed, 4 Running Subsequences, -99 Account Suspended, -1 Accounts Unhealthy, -2 Bounce Protect. */
export const CAMPAIGN_STATUS_NUMBERS = [0, 1, 2, 3, 4, -99, -1, -2];

export interface Campaign extends Record<string, unknown> {
	id: string;
	name: string;
	status: number;
	campaign_schedule: { schedules: Array<Record<string, unknown>> };
	sequences: Array<Record<string, unknown>>;
	email_list: string[];
	daily_limit: number | null;
	stop_on_reply: boolean;
	link_tracking: boolean;
	open_tracking: boolean;
	text_only: boolean;
	email_tag_list: string[];
	timestamp_created: string;
	timestamp_updated: string;
	organization: string;
	owned_by: string;
}

const PATH = '/api/v2/campaigns';

export function campaigns(state: SandboxState) {
	return state.collection<Campaign>('campaigns');
}

const WORKING_HOURS = {
	schedules: [
		{
			name: 'Default schedule',
			timing: { from: '09:00', to: '17:00' },
			days: { '0': false, '1': true, '2': true, '3': true, '4': true, '5': true, '6': false },
			timezone: 'America/Chicago',
		},
	],
};

export function addCampaign(state: SandboxState, name: string, status = 1, fields: Partial<Campaign> = {}): Campaign {
	const now = state.now();
	const campaign: Campaign = {
		id: state.newId(),
		name,
		status,
		campaign_schedule: WORKING_HOURS,
		sequences: [],
		email_list: [],
		daily_limit: null,
		stop_on_reply: true,
		link_tracking: false,
		open_tracking: false,
		text_only: false,
		email_tag_list: [],
		timestamp_created: now,
		timestamp_updated: now,
		organization: ORGANIZATION_ID,
		owned_by: USER_ID,
		...fields,
	};
	campaigns(state).set(campaign.id, campaign);
	return campaign;
}

/** Instantly's `POST /campaigns` schema, as far as the node writes it. */
const BOOLEAN: Schema = { type: 'boolean' };
const HH_MM: Schema = { type: 'string', pattern: '^([01][0-9]|2[0-3]):([0-5][0-9])$' };
const SETTINGS: Record<string, Schema> = {
	email_list: { type: 'array', items: { type: 'string', format: 'email' } },
	daily_limit: { type: ['integer', 'null'], minimum: 1 },
	stop_on_reply: BOOLEAN,
	link_tracking: BOOLEAN,
	open_tracking: BOOLEAN,
	text_only: BOOLEAN,
	email_tag_list: { type: 'array', items: { type: 'string', format: 'uuid' } },
};
const SCHEDULE: Schema = {
	type: 'object',
	required: ['schedules'],
	properties: {
		schedules: {
			type: 'array',
			minItems: 1,
			items: {
				type: 'object',
				required: ['name', 'timing', 'days', 'timezone'],
				additionalProperties: false,
				properties: {
					name: { type: 'string' },
					timing: {
						type: 'object',
						required: ['from', 'to'],
						additionalProperties: false,
						properties: { from: HH_MM, to: HH_MM },
					},
					days: {
						type: 'object',
						minProperties: 1,
						additionalProperties: false,
						properties: Object.fromEntries(['0', '1', '2', '3', '4', '5', '6'].map((d) => [d, BOOLEAN])),
					},
					// Instantly's schema lists its time zones; anything else is a 400.
					timezone: { type: 'string', enum: TIMEZONES },
				},
			},
		},
		start_date: { type: ['string', 'null'] },
		end_date: { type: ['string', 'null'] },
	},
};
const SEQUENCES: Schema = {
	type: 'array',
	items: {
		type: 'object',
		required: ['steps'],
		properties: {
			steps: {
				type: 'array',
				items: {
					type: 'object',
					required: ['type', 'delay', 'variants'],
					additionalProperties: false,
					properties: {
						type: { type: 'string', enum: ['email'] },
						delay: { type: 'number', minimum: 0 },
						variants: {
							type: 'array',
							minItems: 1,
							items: {
								type: 'object',
								required: ['subject', 'body'],
								properties: { subject: { type: 'string' }, body: { type: 'string' } },
							},
						},
					},
				},
			},
		},
	},
};

/** Every campaign endpoint: list (search, status, tags), one, create, update, activate, pause, delete. */
export const campaignRoutes: RouteModule = (): Route[] => [
	{
		method: 'POST',
		path: PATH,
		body: {
			type: 'object',
			required: ['name', 'campaign_schedule'],
			additionalProperties: false,
			properties: {
				name: { type: 'string', minLength: 1 },
				campaign_schedule: SCHEDULE,
				sequences: SEQUENCES,
				...SETTINGS,
			},
		},
		handle: ({ state, body }) => {
			const { name, ...fields } = body as Partial<Campaign> & { name: string };
			return addCampaign(state, name, 0, fields);
		},
	},
	{
		method: 'GET',
		path: PATH,
		query: {
			properties: {
				...LIST_PAGING,
				search: { type: 'string' },
				status: { type: 'integer', enum: CAMPAIGN_STATUS_NUMBERS },
				tag_ids: { type: 'string' },
			},
			additionalProperties: false,
		},
		handle: ({ state, query }) => {
			let items = [...campaigns(state).values()];
			items = searchIn(items, query.search, (c) => c.name);
			if (typeof query.status === 'number') items = items.filter((c) => c.status === query.status);
			if (typeof query.tag_ids === 'string' && query.tag_ids) {
				const tags = query.tag_ids.split(',');
				items = items.filter((c) => c.email_tag_list.some((t) => tags.includes(t)));
			}
			return pageOf(items, query.limit as number | undefined, query.starting_after as string | undefined);
		},
	},
	{
		method: 'GET',
		path: `${PATH}/:id`,
		handle: ({ state, params }) => mustFind(campaigns(state), params.id),
	},
	{
		method: 'PATCH',
		path: `${PATH}/:id`,
		body: {
			type: 'object',
			minProperties: 1,
			additionalProperties: false,
			properties: { name: { type: 'string', minLength: 1 }, campaign_schedule: SCHEDULE, sequences: SEQUENCES, ...SETTINGS },
		},
		handle: ({ state, params, body }) => {
			const campaign = mustFind(campaigns(state), params.id);
			Object.assign(campaign, body, { timestamp_updated: state.now() });
			return campaign;
		},
	},
	{
		method: 'POST',
		path: `${PATH}/:id/activate`,
		handle: ({ state, params }) => setStatus(state, params.id, 1),
	},
	{
		method: 'POST',
		path: `${PATH}/:id/pause`,
		handle: ({ state, params }) => setStatus(state, params.id, 2),
	},
	{
		method: 'DELETE',
		path: `${PATH}/:id`,
		handle: ({ state, params }) => {
			const campaign = mustFind(campaigns(state), params.id);
			campaigns(state).delete(params.id);
			return campaign;
		},
	},
];

function setStatus(state: SandboxState, id: string, status: number): Campaign {
	const campaign = mustFind(campaigns(state), id);
	campaign.status = status;
	campaign.timestamp_updated = state.now();
	return campaign;
}
