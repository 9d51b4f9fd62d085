import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import { sendAs } from '../../shared/request';
import type { Validator } from '../../shared/routing';
import { fail, parameter } from '../../shared/validation';
import { RESOURCE, requireResource, wholeNumberIn } from './shared';

const showOnlyForAdd = { resource: [RESOURCE], operation: ['addToResource'] };

/** The same upper bound as Create's limit; Instantly's reference gives none for this endpoint (see index.ts). */
export const ADD_LIMIT_MAX = 50_000;

/** The search filters as an object: JSON text (what the editor's JSON field holds) is parsed. */
function searchFiltersOf(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		return undefined;
	}
}

const isObject = (value: unknown): value is IDataObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export const superSearchEnrichmentAddToResourceDescription: INodeProperties[] = [
	{
		displayName: 'Search Filters (JSON)',
		name: 'searchFilters',
		type: 'json',
		required: true,
		default: '{\n  "title": { "include": ["CEO"] },\n  "locations": [{ "country": "United States" }]\n}',
		description:
			'The SuperSearch query, as Instantly’s SuperSearch builds it (e.g. title, locations, level, department, industry, employeeCount, domains, skip_owned_leads). Its leads are added to the campaign or list and enriched.',
		displayOptions: { show: showOnlyForAdd },
		routing: sendAs('search_filters', searchFiltersOf),
	},
	{
		displayName: 'Max Leads to Add',
		name: 'maxLeads',
		type: 'number',
		required: true,
		typeOptions: { minValue: 1, maxValue: ADD_LIMIT_MAX },
		default: 100,
		description: 'Add at most this many leads from the search. Each enriched lead uses credits.',
		displayOptions: { show: showOnlyForAdd },
		routing: { send: { type: 'body', property: 'limit' } },
	},
	collectionField('options', showOnlyForAdd, [
		{
			displayName: 'Auto Update',
			name: 'autoUpdate',
			type: 'boolean',
			default: false,
			description: 'Whether leads added to the resource later are enriched automatically',
			routing: { send: { type: 'body', property: 'auto_update' } },
		},
		{
			displayName: 'Fully Enriched Profile',
			name: 'fullyEnrichedProfile',
			type: 'boolean',
			default: false,
			description: 'Whether to enrich the leads’ full (LinkedIn) profile',
			routing: { send: { type: 'body', property: 'fully_enriched_profile' } },
		},
		{
			displayName: 'Search Name',
			name: 'searchName',
			type: 'string',
			default: '',
			placeholder: 'e.g. US SaaS CEOs',
			description: 'A name for the search, as Instantly shows it',
			routing: sendAs('search_name', (value) => String(value ?? '').trim() || undefined),
		},
		{
			displayName: 'Skip Rows Without Email',
			name: 'skipRowsWithoutEmail',
			type: 'boolean',
			default: true,
			description: 'Whether to leave out leads for which no email is found',
			routing: { send: { type: 'body', property: 'skip_rows_without_email' } },
		},
		{
			displayName: 'Work Email Enrichment',
			name: 'workEmailEnrichment',
			type: 'boolean',
			default: true,
			description: 'Whether to find the leads’ work email',
			routing: { send: { type: 'body', property: 'work_email_enrichment' } },
		},
	]),
];

export const validateAddToResource: Validator = function (itemIndex) {
	requireResource(this, itemIndex);
	const filters = searchFiltersOf(parameter.call(this, 'searchFilters', itemIndex, ''));
	if (!isObject(filters)) {
		fail(
			this,
			itemIndex,
			'"Search Filters (JSON)" is not a JSON object',
			'Enter the SuperSearch filters as a JSON object, e.g. { "title": { "include": ["CEO"] } }.',
		);
	}
	if (!Object.keys(filters).length) {
		fail(this, itemIndex, '"Search Filters (JSON)" is empty', 'Add at least one filter: without one, the search would match every lead in SuperSearch.');
	}
	wholeNumberIn(this, itemIndex, parameter.call(this, 'maxLeads', itemIndex, undefined), '"Max Leads to Add"', 1, ADD_LIMIT_MAX);
};
