import { mustFind, type Route, type RouteModule } from '../server';
import { LIST_PAGING, ORGANIZATION_ID, pageOf, USER_ID, type SandboxState } from '../state';

export interface Campaign extends Record<string, unknown> {
	id: string;
	name: string;
	/** 0 draft, 1 active, 2 paused, 3 completed. */
	status: number;
	timestamp_created: string;
	timestamp_updated: string;
	organization: string;
	owned_by: string;
}

const PATH = '/api/v2/campaigns';

export function campaigns(state: SandboxState) {
	return state.collection<Campaign>('campaigns');
}

export function addCampaign(state: SandboxState, name: string, status = 1): Campaign {
	const now = state.now();
	const campaign: Campaign = {
		id: state.newId(),
		name,
		status,
		timestamp_created: now,
		timestamp_updated: now,
		organization: ORGANIZATION_ID,
		owned_by: USER_ID,
	};
	campaigns(state).set(campaign.id, campaign);
	return campaign;
}

/** `GET /campaigns` (search by name) and `GET /campaigns/{id}`: what the node needs to pick a campaign. */
export const campaignRoutes: RouteModule = (): Route[] => [
	{
		method: 'GET',
		path: PATH,
		query: {
			properties: { ...LIST_PAGING, search: { type: 'string' }, tag_ids: { type: 'string' } },
			additionalProperties: false,
		},
		handle: ({ state, query }) => {
			let items = [...campaigns(state).values()];
			if (typeof query.search === 'string' && query.search) {
				const needle = query.search.toLowerCase();
				items = items.filter((c) => c.name.toLowerCase().includes(needle));
			}
			return pageOf(items, query.limit as number | undefined, query.starting_after as string | undefined);
		},
	},
	{
		method: 'GET',
		path: `${PATH}/:id`,
		handle: ({ state, params }) => mustFind(campaigns(state), params.id),
	},
];
