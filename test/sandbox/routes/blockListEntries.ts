import { mustFind, type Route, type RouteModule } from '../server';
import { LIST_PAGING, ORGANIZATION_ID, pageOf, searchIn, type SandboxState } from '../state';

export interface BlockListEntry extends Record<string, unknown> {
	id: string;
	timestamp_created: string;
	organization_id: string;
	bl_value: string;
	is_domain: boolean;
}

const PATH = '/api/v2/block-lists-entries';

export function blockListEntries(state: SandboxState) {
	return state.collection<BlockListEntry>('blockListEntries');
}

export function addBlockListEntry(state: SandboxState, blValue: string): BlockListEntry {
	const entry: BlockListEntry = {
		id: state.newId(),
		timestamp_created: state.now(),
		organization_id: ORGANIZATION_ID,
		bl_value: blValue,
		is_domain: !blValue.includes('@'),
	};
	blockListEntries(state).set(entry.id, entry);
	return entry;
}

/** `POST|GET /block-lists-entries`, `GET|PATCH|DELETE /block-lists-entries/{id}` as Instantly documents them. */
export const blockListEntryRoutes: RouteModule = (): Route[] => [
	{
		method: 'POST',
		path: PATH,
		body: {
			type: 'object',
			properties: { bl_value: { type: 'string' } },
			required: ['bl_value'],
			additionalProperties: false,
		},
		handle: ({ state, body }) => addBlockListEntry(state, body.bl_value),
	},
	{
		method: 'GET',
		path: PATH,
		query: {
			properties: {
				...LIST_PAGING,
				domains_only: { type: 'boolean' },
				search: { type: 'string' },
			},
			additionalProperties: false,
		},
		handle: ({ state, query }) => {
			let entries = [...blockListEntries(state).values()];
			if (query.domains_only === true) entries = entries.filter((e) => e.is_domain);
			entries = searchIn(entries, query.search, (e) => e.bl_value);
			return pageOf(entries, query.limit as number | undefined, query.starting_after as string | undefined);
		},
	},
	{
		method: 'GET',
		path: `${PATH}/:id`,
		handle: ({ state, params }) => mustFind(blockListEntries(state), params.id),
	},
	{
		method: 'PATCH',
		path: `${PATH}/:id`,
		body: {
			type: 'object',
			properties: { bl_value: { type: 'string' } },
			additionalProperties: false,
			minProperties: 1,
		},
		handle: ({ state, params, body }) => {
			const entry = mustFind(blockListEntries(state), params.id);
			if (body === undefined) return entry;
			entry.bl_value = body.bl_value;
			entry.is_domain = !entry.bl_value.includes('@');
			return entry;
		},
	},
	{
		method: 'DELETE',
		path: `${PATH}/:id`,
		handle: ({ state, params }) => {
			const entry = mustFind(blockListEntries(state), params.id);
			blockListEntries(state).delete(params.id);
			return entry;
		},
	},
];
