import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import { asNodeError } from '../../shared/errors';
import type { RouteOptions, Validator } from '../../shared/routing';
import { instantlyApiRequest } from '../../shared/transport';
import { fail, parameter } from '../../shared/validation';
import { ENRICHMENT, RESOURCE, requireResource, wholeNumberIn } from './shared';

const showOnlyForCreate = { resource: [RESOURCE], operation: ['create'] };

/**
 * The `type` values of `POST /api/v2/supersearch-enrichment` (Instantly's API reference). `ai_enrichment` is
 * Create AI Enrichment's own endpoint; `custom_flow` needs a provider list this operation does not take.
 */
export const ENRICHMENT_TYPES = [
	{ name: 'Company Funding', value: 'funding' },
	{ name: 'Company News', value: 'news' },
	{ name: 'Company Technologies', value: 'technologies' },
	{ name: 'Email Verification', value: 'email_verification' },
	{ name: 'Engagement Score', value: 'engagement_score' },
	{ name: 'Fully Enriched Profile', value: 'fully_enriched_profile' },
	{ name: 'Job Listings', value: 'joblisting' },
	{ name: 'Work Email', value: 'work_email_enrichment' },
];

export const CREATE_LIMIT_MAX = 50_000;

export const superSearchEnrichmentCreateDescription: INodeProperties[] = [
	{
		displayName: 'Enrichment Type',
		name: 'enrichmentType',
		type: 'options',
		required: true,
		default: 'work_email_enrichment',
		description: 'What Instantly adds to the leads of the campaign or list. Instantly runs the enrichment right after it is created, using credits.',
		displayOptions: { show: showOnlyForCreate },
		options: ENRICHMENT_TYPES,
		routing: { send: { type: 'body', property: 'type' } },
	},
	collectionField('options', showOnlyForCreate, [
		{
			displayName: 'Max Leads to Enrich',
			name: 'maxLeads',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: CREATE_LIMIT_MAX },
			default: 100,
			description: 'Enrich at most this many leads (1 to 50,000)',
			routing: { send: { type: 'body', property: 'limit' } },
		},
	]),
];

export const validateCreate: Validator = function (itemIndex) {
	requireResource(this, itemIndex);
	const type = parameter.call(this, 'enrichmentType', itemIndex, '');
	if (!ENRICHMENT_TYPES.some((t) => t.value === type)) {
		fail(
			this,
			itemIndex,
			`"${String(type)}" is not an enrichment type Instantly knows`,
			`Choose one of: ${ENRICHMENT_TYPES.map((t) => t.value).join(', ')}.`,
		);
	}
	const options = parameter.call(this, 'options', itemIndex, {}) as IDataObject;
	if ('maxLeads' in options) wholeNumberIn(this, itemIndex, options.maxLeads, '"Max Leads to Enrich"', 1, CREATE_LIMIT_MAX);
};

/**
 * Retry On Fail after a create without a clear answer: the resource's enrichment is read back; if it already has
 * the type that was sent, that enrichment is the output (creating it again would run it, and spend credits,
 * twice). Only if it is not there is the create sent again.
 */
export const findCreatedEnrichment: NonNullable<RouteOptions['recover']> = async function (request) {
	const body = request.body ?? {};
	let found: IDataObject;
	try {
		found = (await instantlyApiRequest.call(this, {
			method: 'GET',
			url: `${ENRICHMENT}/${encodeURIComponent(String(body.resource_id))}`,
			itemIndex: request.itemIndex,
		})) as IDataObject;
	} catch (error) {
		if (String((error as { httpCode?: unknown }).httpCode) === '404') return undefined;
		throw asNodeError(this, error, request.itemIndex ?? this.getItemIndex());
	}
	const payload = (found?.enrichment_payload ?? {}) as IDataObject;
	const type = String(body.type);
	return found && (payload[type] === true || found.type === type) ? [found] : undefined;
};
