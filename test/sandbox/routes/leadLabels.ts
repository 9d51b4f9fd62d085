import { mustFind, type Route, type RouteModule } from '../server';
import type { Schema } from '../schema';
import { HttpError, LIST_PAGING, ORGANIZATION_ID, USER_ID, pageOf, searchIn, type SandboxState } from '../state';

export type Sentiment = 'positive' | 'negative' | 'neutral';

export interface LeadLabel extends Record<string, unknown> {
	id: string;
	timestamp_created: string;
	created_by: string;
	organization_id: string;
	label: string;
	interest_status_label: Sentiment;
	interest_status: number;
	description: string | null;
	use_with_ai: boolean | null;
}

const PATH = '/api/v2/lead-labels';
const SENTIMENTS: Sentiment[] = ['positive', 'negative', 'neutral'];

/** Instantly's built-in lead interest statuses: 1..4 positive, 0 out of office, -1..-4 negative. */
export const BUILT_IN_INTEREST_VALUES = [1, 2, 3, 4, 0, -1, -2, -3, -4];

/**
 * Instantly documents `interest_status` only as "generated automatically by us". The sandbox's
 * scheme: one workspace counter hands every custom label a magnitude of its own, starting at 5 (just
 * outside the built-in range -4..4) and never reused, even after a delete. Negative labels get it
 * with a minus sign, positive and neutral ones as is: "Hot Lead" (positive) 5, "Competitor"
 * (negative) -6, "Not Now" (neutral) 7. So numbers never collide, and the sentiment is read from
 * `interest_status_label`, not from the sign. The number identifies the label on leads, so it stays
 * when the label is renamed or its sentiment changes.
 */
const FIRST_CUSTOM_MAGNITUDE = 5;
const COUNTER = 'leadLabels.nextMagnitude';

export function leadLabels(state: SandboxState) {
	return state.collection<LeadLabel>('leadLabels');
}

function nextInterestStatus(state: SandboxState, sentiment: Sentiment): number {
	const magnitude = (state.extra.get(COUNTER) as number | undefined) ?? FIRST_CUSTOM_MAGNITUDE;
	state.extra.set(COUNTER, magnitude + 1);
	return sentiment === 'negative' ? -magnitude : magnitude;
}

/** Whether a lead may carry this interest status: a built-in one or a custom label's. */
export function isKnownInterestStatus(state: SandboxState, value: number): boolean {
	return (
		BUILT_IN_INTEREST_VALUES.includes(value) ||
		[...leadLabels(state).values()].some((label) => label.interest_status === value)
	);
}

export function addLeadLabel(
	state: SandboxState,
	fields: { label: string; interest_status_label: Sentiment; description?: string | null; use_with_ai?: boolean | null },
): LeadLabel {
	const record: LeadLabel = {
		id: state.newId(),
		timestamp_created: state.now(),
		created_by: USER_ID,
		organization_id: ORGANIZATION_ID,
		label: fields.label,
		interest_status_label: fields.interest_status_label,
		interest_status: nextInterestStatus(state, fields.interest_status_label),
		description: fields.description ?? null,
		use_with_ai: fields.use_with_ai ?? null,
	};
	leadLabels(state).set(record.id, record);
	return record;
}

const WRITABLE: Record<string, Schema> = {
	label: { type: 'string' },
	interest_status_label: { type: 'string', enum: SENTIMENTS },
	description: { type: ['string', 'null'] },
	use_with_ai: { type: ['boolean', 'null'] },
};

/** `POST|GET /lead-labels`, `GET|PATCH|DELETE /lead-labels/{id}` as Instantly documents them. */
export const leadLabelRoutes: RouteModule = (): Route[] => [
	{
		method: 'POST',
		path: PATH,
		body: {
			type: 'object',
			properties: WRITABLE,
			required: ['label', 'interest_status_label'],
			additionalProperties: false,
		},
		handle: ({ state, body }) => addLeadLabel(state, body),
	},
	{
		method: 'GET',
		path: PATH,
		query: {
			properties: {
				...LIST_PAGING,
				search: { type: 'string' },
				interest_status: { type: 'string', enum: SENTIMENTS },
			},
			additionalProperties: false,
		},
		handle: ({ state, query }) => {
			let labels = [...leadLabels(state).values()];
			if (typeof query.interest_status === 'string') {
				labels = labels.filter((l) => l.interest_status_label === query.interest_status);
			}
			labels = searchIn(labels, query.search, (l) => l.label);
			return pageOf(labels, query.limit as number | undefined, query.starting_after as string | undefined);
		},
	},
	{
		method: 'GET',
		path: `${PATH}/:id`,
		handle: ({ state, params }) => mustFind(leadLabels(state), params.id),
	},
	{
		method: 'PATCH',
		path: `${PATH}/:id`,
		body: { type: 'object', properties: WRITABLE, additionalProperties: false, minProperties: 1 },
		handle: ({ state, params, body }) => {
			const record = mustFind(leadLabels(state), params.id);
			Object.assign(record, body);
			return record;
		},
	},
	{
		method: 'DELETE',
		path: `${PATH}/:id`,
		// The body is optional: a bare DELETE is valid; a JSON content type with no body is not (see server.ts).
		body: {
			type: 'object',
			properties: { reassigned_status: { type: 'number' } },
			additionalProperties: false,
		},
		handle: ({ state, params, body }) => {
			const record = mustFind(leadLabels(state), params.id);
			const reassigned = (body as { reassigned_status?: number } | undefined)?.reassigned_status;
			// Instantly does not document how it checks reassigned_status; the sandbox assumes it must be
			// a status a lead can carry once this label is gone.
			if (reassigned !== undefined) {
				if (reassigned === record.interest_status) {
					throw new HttpError(400, 'reassigned_status cannot be the interest status of the label being deleted');
				}
				if (!isKnownInterestStatus(state, reassigned)) {
					throw new HttpError(400, `reassigned_status ${reassigned} is not a known interest status`);
				}
			}
			leadLabels(state).delete(params.id);
			return record;
		},
	},
];
