import { mustFind, type Route, type RouteModule } from '../server';
import { LIST_PAGING, ORGANIZATION_ID, pageOf, USER_ID, type SandboxState } from '../state';

export interface LeadList extends Record<string, unknown> {
	id: string;
	name: string;
	organization_id: string;
	has_enrichment_task: boolean;
	owned_by: string;
	timestamp_created: string;
}

const PATH = '/api/v2/lead-lists';

export function leadLists(state: SandboxState) {
	return state.collection<LeadList>('leadLists');
}

export function addLeadList(state: SandboxState, name: string): LeadList {
	const list: LeadList = {
		id: state.newId(),
		name,
		organization_id: ORGANIZATION_ID,
		has_enrichment_task: false,
		owned_by: USER_ID,
		timestamp_created: state.now(),
	};
	leadLists(state).set(list.id, list);
	return list;
}

/** `GET /lead-lists` (search by name) and `GET /lead-lists/{id}`. */
export const leadListRoutes: RouteModule = (): Route[] => [
	{
		method: 'GET',
		path: PATH,
		query: {
			properties: { ...LIST_PAGING, search: { type: 'string' }, has_enrichment_task: { type: 'boolean' } },
			additionalProperties: false,
		},
		handle: ({ state, query }) => {
			let items = [...leadLists(state).values()];
			if (typeof query.search === 'string' && query.search) {
				const needle = query.search.toLowerCase();
				items = items.filter((l) => l.name.toLowerCase().includes(needle));
			}
			if (typeof query.has_enrichment_task === 'boolean') {
				items = items.filter((l) => l.has_enrichment_task === query.has_enrichment_task);
			}
			return pageOf(items, query.limit as number | undefined, query.starting_after as string | undefined);
		},
	},
	{
		method: 'GET',
		path: `${PATH}/:id`,
		handle: ({ state, params }) => mustFind(leadLists(state), params.id),
	},
];
