import { type Route, type RouteModule } from '../server';
import type { Schema } from '../schema';
import { HttpError, ORGANIZATION_ID, type SandboxState } from '../state';
import { campaigns } from './campaigns';
import { leadLists } from './leadLists';
import { addLead, leads } from './leads';

/**
 * SuperSearch enrichment, as Instantly's API reference documents it (see the top of
 * nodes/Instantly/resources/superSearchEnrichment/index.ts): one enrichment per resource (a campaign or a lead
 * list), its payload a set of `type: true` flags; every create / run / AI enrichment / add is a history entry.
 * Work that Instantly does in the background (finding emails, running the AI) is done at once here: leads found
 * by a SuperSearch are demo leads added to the resource, visible through Lead → Get Many.
 */
export interface Enrichment extends Record<string, unknown> {
	id: string;
	organization_id: string;
	resource_id: string;
	resource_type: number;
	limit: number;
	enrichment_payload: Record<string, unknown>;
	auto_update: boolean;
	skip_rows_without_email: boolean;
	in_progress: boolean;
	type?: string;
}

export interface HistoryEntry extends Record<string, unknown> {
	id: string;
	resource_id: string;
	action: 'create' | 'run' | 'enrich_leads_from_supersearch' | 'ai_enrichment';
	timestamp_created: string;
}

const PATH = '/api/v2/supersearch-enrichment';

export const ENRICHMENT_TYPES = [
	'work_email_enrichment',
	'fully_enriched_profile',
	'email_verification',
	'joblisting',
	'technologies',
	'news',
	'funding',
	'engagement_score',
	'ai_enrichment',
	'custom_flow',
];

export const AI_MODELS = [
	'3.5', '4.0', 'gpt-4o', 'o3', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-5-mini', 'gpt-5-nano', 'gpt-5', 'claude-3.7-sonnet',
	'claude-3.5-sonnet', 'claude-4.5-sonnet', 'r1', 'grok-4', 'gemini-2.0-flash', 'gemini-3.0-flash', 'gemini-3.0-pro',
	'sonar', 'sonar-pro',
];

export function enrichments(state: SandboxState) {
	return state.collection<Enrichment>('superSearchEnrichments');
}

export function enrichmentHistory(state: SandboxState) {
	return state.collection<HistoryEntry>('superSearchEnrichmentHistory');
}

export function aiEnrichments(state: SandboxState) {
	return state.collection<Record<string, unknown> & { id: string }>('superSearchAiEnrichments');
}

/** 1 a campaign, 2 a list; 404 when the ID is neither. */
function resourceTypeOf(state: SandboxState, id: string): 1 | 2 {
	if (campaigns(state).has(id)) return 1;
	if (leadLists(state).has(id)) return 2;
	throw new HttpError(404, 'Resource not found');
}

function mustBeResource(state: SandboxState, id: string, type?: number): 1 | 2 {
	const actual = resourceTypeOf(state, id);
	if (type !== undefined && type !== actual) {
		throw new HttpError(400, `resource_type ${type} does not match the resource (${actual === 1 ? 'a campaign: 1' : 'a list: 2'})`);
	}
	return actual;
}

function record(state: SandboxState, resourceId: string, action: HistoryEntry['action'], details: Record<string, unknown>): void {
	const entry: HistoryEntry = { id: state.newId(), resource_id: resourceId, action, timestamp_created: state.now(), ...details };
	enrichmentHistory(state).set(entry.id, entry);
}

/** Leads of the resource, as the enrichment sees them. */
function leadsOf(state: SandboxState, resourceId: string, type: number) {
	return [...leads(state).values()].filter((l) => (type === 1 ? l.campaign === resourceId : l.list_id === resourceId));
}

/** Creates (or extends) the resource's enrichment: its payload gains the type. */
export function addEnrichment(
	state: SandboxState,
	resourceId: string,
	fields: { type?: string; limit?: number; auto_update?: boolean; skip_rows_without_email?: boolean } = {},
): Enrichment {
	const resourceType = resourceTypeOf(state, resourceId);
	let enrichment = [...enrichments(state).values()].find((e) => e.resource_id === resourceId);
	if (!enrichment) {
		enrichment = {
			id: state.newId(),
			organization_id: ORGANIZATION_ID,
			resource_id: resourceId,
			resource_type: resourceType,
			limit: fields.limit ?? 100,
			enrichment_payload: {},
			auto_update: fields.auto_update ?? false,
			skip_rows_without_email: fields.skip_rows_without_email ?? true,
			in_progress: false,
		};
		enrichments(state).set(enrichment.id, enrichment);
	}
	if (fields.type) {
		enrichment.enrichment_payload[fields.type] = true;
		enrichment.type = fields.type;
	}
	if (fields.limit !== undefined) enrichment.limit = fields.limit;
	if (fields.auto_update !== undefined) enrichment.auto_update = fields.auto_update;
	if (fields.skip_rows_without_email !== undefined) enrichment.skip_rows_without_email = fields.skip_rows_without_email;
	return enrichment;
}

const UUID: Schema = { type: 'string', format: 'uuid' };
const RESOURCE_TYPE: Schema = { type: 'number', enum: [1, 2] };

const DEMO = [
	{ first_name: 'Ada', last_name: 'Byron', company_name: 'Analytical Engines', job_title: 'CEO', domain: 'analytical-engines.io' },
	{ first_name: 'Grace', last_name: 'Hopper', company_name: 'Cobol Works', job_title: 'CTO', domain: 'cobol-works.io' },
	{ first_name: 'Alan', last_name: 'Turing', company_name: 'Bombe Labs', job_title: 'Founder', domain: 'bombe-labs.io' },
	{ first_name: 'Katherine', last_name: 'Johnson', company_name: 'Orbit Math', job_title: 'VP Engineering', domain: 'orbit-math.io' },
	{ first_name: 'Edsger', last_name: 'Dijkstra', company_name: 'Shortest Path', job_title: 'Head of Sales', domain: 'shortest-path.io' },
];

/** The leads a SuperSearch finds: `limit` demo leads with unique emails (a counter per sandbox). */
function demoLeads(state: SandboxState, limit: number) {
	const found = [];
	let n = Number(state.extra.get('superSearch.found') ?? 0);
	for (let i = 0; i < limit; i++, n++) {
		const person = DEMO[n % DEMO.length];
		const round = Math.floor(n / DEMO.length);
		const local = `${person.first_name}.${person.last_name}${round ? round : ''}`.toLowerCase();
		found.push({
			email: `${local}@${person.domain}`,
			first_name: person.first_name,
			last_name: person.last_name,
			company_name: person.company_name,
			job_title: person.job_title,
		});
	}
	state.extra.set('superSearch.found', n);
	return found;
}

/** The sandbox finds at most this many leads per search (SuperSearch's real answer depends on the filters). */
export const SUPERSEARCH_FOUND_MAX = 25;

export const superSearchEnrichmentRoutes: RouteModule = (): Route[] => [
	{
		method: 'POST',
		path: `${PATH}/enrich-leads-from-supersearch`,
		body: {
			type: 'object',
			properties: {
				search_filters: { type: 'object', minProperties: 1 },
				limit: { type: 'integer', minimum: 1, maximum: 50_000 },
				resource_id: UUID,
				resource_type: RESOURCE_TYPE,
				list_name: { type: 'string', minLength: 1 },
				search_name: { type: 'string' },
				work_email_enrichment: { type: 'boolean' },
				fully_enriched_profile: { type: 'boolean' },
				custom_flow: { type: 'array', items: { type: 'string' } },
				auto_update: { type: 'boolean' },
				skip_rows_without_email: { type: 'boolean' },
				evergreen: { type: 'object' },
			},
			required: ['search_filters', 'limit'],
			additionalProperties: false,
		},
		handle: ({ state, body }) => {
			let resourceId: string = body.resource_id;
			let resourceType: number;
			if (resourceId) {
				resourceType = mustBeResource(state, resourceId, body.resource_type);
			} else {
				// "A list is automatically created if no list is provided."
				const name = body.list_name ?? `SuperSearch ${state.now()}`;
				const list = { id: state.newId(), name, organization_id: ORGANIZATION_ID, has_enrichment_task: true, owned_by: ORGANIZATION_ID, timestamp_created: state.now() };
				leadLists(state).set(list.id, list);
				resourceId = list.id;
				resourceType = 2;
			}
			const where = resourceType === 1 ? { campaign: resourceId } : { list_id: resourceId };
			const added = demoLeads(state, Math.min(body.limit, SUPERSEARCH_FOUND_MAX)).map((lead) => addLead(state, lead, where));
			const enrichment = addEnrichment(state, resourceId, {
				type: body.fully_enriched_profile ? 'fully_enriched_profile' : 'work_email_enrichment',
				limit: body.limit,
				auto_update: body.auto_update,
				skip_rows_without_email: body.skip_rows_without_email,
			});
			record(state, resourceId, 'enrich_leads_from_supersearch', { leads_added: added.length, search_name: body.search_name ?? null });
			return { ...enrichment, resource_id: resourceId, resource_type: resourceType, search_filters: body.search_filters, leads_added: added.length };
		},
	},
	{
		method: 'POST',
		path: `${PATH}/run`,
		body: {
			type: 'object',
			properties: {
				resource_id: UUID,
				lead_ids: { type: 'array', items: UUID, minItems: 1, maxItems: 10_000 },
				limit: { type: 'integer', minimum: 1 },
				column_name: { type: 'string', minLength: 1 },
				overwrite: { type: 'boolean' },
				starting_row: { type: 'integer', minimum: 1 },
				count: { type: 'integer', minimum: 1 },
			},
			required: ['resource_id'],
			additionalProperties: false,
		},
		handle: ({ state, body }) => {
			const type = mustBeResource(state, body.resource_id);
			const enrichment = [...enrichments(state).values()].find((e) => e.resource_id === body.resource_id);
			if (!enrichment) throw new HttpError(404, 'No enrichment found for this resource');
			if (body.overwrite !== undefined && body.column_name === undefined) throw new HttpError(400, 'overwrite requires column_name');
			let targets = leadsOf(state, body.resource_id, type);
			if (body.lead_ids) targets = targets.filter((l) => body.lead_ids.includes(l.id));
			if (body.limit) targets = targets.slice(0, body.limit);
			for (const lead of targets) lead.enriched = true;
			record(state, body.resource_id, 'run', { leads: targets.length, column_name: body.column_name ?? null });
			return { id: enrichment.id, resource_id: body.resource_id, enrichment_payload: enrichment.enrichment_payload };
		},
	},
	{
		method: 'POST',
		path: `${PATH}/ai`,
		body: {
			type: 'object',
			properties: {
				resource_id: UUID,
				output_column: { type: 'string', minLength: 1 },
				resource_type: RESOURCE_TYPE,
				model_version: { type: 'string', enum: AI_MODELS },
				prompt: { type: 'string' },
				template_id: { type: 'number' },
				input_columns: { type: 'array', items: { type: 'string' } },
				limit: { type: 'integer', minimum: 1 },
				filters: { type: 'array' },
				auto_update: { type: 'boolean' },
				overwrite: { type: 'boolean' },
				skip_leads_without_email: { type: 'boolean' },
				use_instantly_account: { type: 'boolean' },
				status: { type: 'number' },
				show_state: { type: 'boolean' },
			},
			required: ['resource_id', 'output_column', 'resource_type', 'model_version'],
			additionalProperties: false,
		},
		handle: ({ state, body }) => {
			mustBeResource(state, body.resource_id, body.resource_type);
			if (body.prompt === undefined && body.template_id === undefined) throw new HttpError(400, 'Either prompt or template_id is required');
			const ai = {
				id: state.newId(),
				resource_id: body.resource_id,
				resource_type: body.resource_type,
				output_column: body.output_column,
				status: 1,
				model_version: body.model_version,
				overwrite: body.overwrite ?? false,
				auto_update: body.auto_update ?? false,
				input_columns: body.input_columns ?? [],
				limit: body.limit ?? 100,
				...(body.template_id !== undefined ? { template_id: body.template_id } : { prompt: body.prompt }),
			};
			aiEnrichments(state).set(ai.id, ai);
			addEnrichment(state, body.resource_id, { type: 'ai_enrichment' });
			record(state, body.resource_id, 'ai_enrichment', { output_column: body.output_column, model_version: body.model_version });
			return ai;
		},
	},
	{
		method: 'GET',
		path: `${PATH}/history/:resourceId`,
		// Paged by offset as Instantly documents it: limit 1–100 (else 400), offset from 0; oldest entry first.
		query: {
			properties: { offset: { type: 'integer', minimum: 0 }, limit: { type: 'integer', minimum: 1, maximum: 100 } },
			additionalProperties: false,
		},
		handle: ({ state, params, query }) => {
			if (!/^[0-9a-f-]{36}$/i.test(params.resourceId)) throw new HttpError(400, 'params/resource_id must match format "uuid"');
			resourceTypeOf(state, params.resourceId);
			const offset = (query.offset as number | undefined) ?? 0;
			const limit = (query.limit as number | undefined) ?? 10;
			return [...enrichmentHistory(state).values()].filter((h) => h.resource_id === params.resourceId).slice(offset, offset + limit);
		},
	},
	{
		method: 'POST',
		path: PATH,
		body: {
			type: 'object',
			properties: {
				resource_id: UUID,
				type: { type: 'string', enum: ENRICHMENT_TYPES },
				limit: { type: 'number', minimum: 1, maximum: 50_000 },
				filters: { type: 'array' },
				custom_flow: { type: 'array', items: { type: 'string' } },
			},
			required: ['resource_id'],
			additionalProperties: false,
		},
		handle: ({ state, body }) => {
			const enrichment = addEnrichment(state, body.resource_id, { type: body.type, limit: body.limit });
			// "The enrichments are automatically run after creation."
			record(state, body.resource_id, 'create', { type: body.type ?? null });
			return enrichment;
		},
	},
	{
		method: 'GET',
		path: `${PATH}/:resourceId`,
		handle: ({ state, params }) => {
			if (!/^[0-9a-f-]{36}$/i.test(params.resourceId)) throw new HttpError(400, 'params/resource_id must match format "uuid"');
			resourceTypeOf(state, params.resourceId);
			const enrichment = [...enrichments(state).values()].find((e) => e.resource_id === params.resourceId);
			if (!enrichment) throw new HttpError(404, 'No enrichment found for this resource');
			return enrichment;
		},
	},
];
