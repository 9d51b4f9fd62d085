import { mustFind, type Route, type RouteModule } from '../server';
import type { Schema } from '../schema';
import { LIST_PAGING, ORGANIZATION_ID, pageOf, searchIn, USER_ID, type SandboxState } from '../state';

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

export function addLeadList(
	state: SandboxState,
	name: string,
	fields: { has_enrichment_task?: boolean; owned_by?: string } = {},
): LeadList {
	const list: LeadList = {
		id: state.newId(),
		name,
		organization_id: ORGANIZATION_ID,
		has_enrichment_task: fields.has_enrichment_task ?? false,
		owned_by: fields.owned_by ?? USER_ID,
		timestamp_created: state.now(),
	};
	leadLists(state).set(list.id, list);
	return list;
}

const WRITABLE: Record<string, Schema> = {
	name: { type: 'string', minLength: 1 },
	has_enrichment_task: { type: 'boolean' },
	owned_by: { type: 'string', format: 'uuid' },
};

/**
 * `POST|GET /lead-lists`, `GET|PATCH|DELETE /lead-lists/{id}`. Instantly does not document what becomes of a
 * deleted list's leads; the sandbox deletes them with the list (the node's Delete hint warns of exactly that).
 */
export const leadListRoutes: RouteModule = (): Route[] => [
	{
		method: 'POST',
		path: PATH,
		body: { type: 'object', properties: WRITABLE, required: ['name'], additionalProperties: false },
		handle: ({ state, body }) => addLeadList(state, body.name, body),
	},
	{
		method: 'GET',
		path: PATH,
		query: {
			properties: { ...LIST_PAGING, search: { type: 'string' }, has_enrichment_task: { type: 'boolean' } },
			additionalProperties: false,
		},
		handle: ({ state, query }) => {
			let items = [...leadLists(state).values()];
			items = searchIn(items, query.search, (l) => l.name);
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
	{
		method: 'PATCH',
		path: `${PATH}/:id`,
		body: { type: 'object', properties: WRITABLE, additionalProperties: false, minProperties: 1 },
		handle: ({ state, params, body }) => Object.assign(mustFind(leadLists(state), params.id), body),
	},
	{
		method: 'DELETE',
		path: `${PATH}/:id`,
		handle: ({ state, params }) => {
			const list = mustFind(leadLists(state), params.id);
			const leads = state.collection<{ list_id?: string | null } & Record<string, unknown>>('leads');
			for (const [id, lead] of leads) if (lead.list_id === list.id) leads.delete(id);
			leadLists(state).delete(list.id);
			return list;
		},
	},
];
