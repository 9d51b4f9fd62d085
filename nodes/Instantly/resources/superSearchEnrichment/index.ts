/*
 * SuperSearch Enrichment: what Instantly's own node (npm n8n-nodes-instantly) calls the same resource, with the
 * same six operations. Facts and their sources (checked 2026-12; record them here when they change):
 *
 * - Instantly's API reference (developer.instantly.ai/api-reference, group "SuperSearch Enrichment", from
 *   api.instantly.ai/openapi/api_v2.json):
 *     POST /api/v2/supersearch-enrichment          "Create an enrichment": resource_id (uuid, required), type (one of
 *       work_email_enrichment, fully_enriched_profile, email_verification, joblisting, technologies, news, funding,
 *       engagement_score, ai_enrichment, custom_flow), limit (1–50,000), filters, custom_flow. "The enrichments are
 *       automatically run after creation." Answers the enrichment (id, resource_id, limit, enrichment_payload {type: true}).
 *     GET  /api/v2/supersearch-enrichment/{resource_id}           "Get enrichment for resource".
 *     POST /api/v2/supersearch-enrichment/run      "Run enrichment for resource": resource_id (required), lead_ids
 *       (1–10,000), limit, column_name (an AI column), overwrite, starting_row, count (AI re-run parameters).
 *     POST /api/v2/supersearch-enrichment/enrich-leads-from-supersearch  "Add leads from SuperSearch to a list and
 *       enrich them": search_filters (required), limit (required), resource_id, resource_type, list_name,
 *       search_name, work_email_enrichment, fully_enriched_profile, custom_flow, auto_update,
 *       skip_rows_without_email, evergreen.
 *     POST /api/v2/supersearch-enrichment/ai       "Create AI enrichment": resource_id, output_column, resource_type
 *       (1 | 2), model_version (all required); prompt, template_id, input_columns, limit, auto_update, overwrite,
 *       skip_leads_without_email, use_instantly_account. Scopes: supersearch_enrichments:create (or :all).
 *     GET  /api/v2/supersearch-enrichment/history/{resource_id}   "Get enrichment history": offset, limit (1–100);
 *       a list. Get History pages it by offset (pagination.ts `paginateByOffset`) behind Return All / Limit.
 *   Scopes are printed on the AI, settings and saved-search pages (supersearch_enrichments:read / :create / :all);
 *   the other pages were read without a scope line, the same scopes are assumed.
 * - Instantly's node (github Instantly-ai/n8n-nodes-instantly, branches feature/supersearch-enrichment-testing and
 *   feature/critical-campaign-account-controls, SuperSearchEnrichmentOperations.ts; not on main): operations
 *   create, get, run, addToResource, runAiEnrichment ("Create AI Personalization"), getHistory, on the same paths,
 *   except Add to Resource, which it sends to POST /api/v2/supersearch-enrichment/{id}/add — a path Instantly's
 *   reference does not have; here it is enrich-leads-from-supersearch, the documented way to add leads to a
 *   resource. Its Create sends search filters and an enrichment_payload, which is the enrich-leads body, not
 *   Create's; here Create sends what the reference documents (type, limit).
 * - resource_type: 1 = campaign, 2 = list. The reference lists only the values 1 and 2; Instantly's node
 *   (Campaign = 1, List = 2) and two public clients say so; one third-party summary says the opposite. Uncertain:
 *   the README says it.
 *
 * Retry On Fail: Create looks the enrichment up before resending (findCreatedEnrichment). Run, Add to Resource
 * and Create AI Enrichment start paid work that a retry cannot tell from a run started earlier: after an
 * uncertain try they are not resent (as Lead → Move), and the error says so. Get and Get History are reads.
 * None of these answers is a background job (no background_job id documented), so nothing is polled.
 */
import type { INodeProperties } from 'n8n-workflow';

import { route } from '../../shared/routing';
import { superSearchEnrichmentAddToResourceDescription, validateAddToResource } from './addToResource';
import { findCreatedEnrichment, superSearchEnrichmentCreateDescription, validateCreate } from './create';
import { superSearchEnrichmentCreateAiEnrichmentDescription, validateCreateAiEnrichment } from './createAiEnrichment';
import { superSearchEnrichmentGetDescription, validateGet } from './get';
import { superSearchEnrichmentGetHistoryDescription, validateGetHistory } from './getHistory';
import { superSearchEnrichmentRunDescription, validateRun } from './run';
import { ENRICHMENT, notResentBecause, RESOURCE, resourceFields } from './shared';

const PAID =
	'It starts enrichment in Instantly, which uses credits, and a run started by the earlier try cannot be told apart from an older one.';

export const superSearchEnrichmentDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [RESOURCE] } },
		options: [
			{
				name: 'Add to Resource',
				value: 'addToResource',
				action: 'Add leads found by super search to a campaign or list',
				description: 'Add the leads a SuperSearch query finds to a campaign or list and enrich them (uses credits)',
				routing: route('POST', `${ENRICHMENT}/enrich-leads-from-supersearch`, {
					validate: validateAddToResource,
					recover: notResentBecause(PAID),
				}),
			},
			{
				name: 'Create',
				value: 'create',
				action: 'Create an enrichment on a campaign or list',
				description: 'Add an enrichment (e.g. work email, email verification) to a campaign or list; Instantly runs it right away',
				routing: route('POST', ENRICHMENT, { validate: validateCreate, recover: findCreatedEnrichment }),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get the enrichment of a campaign or list',
				description: 'Get the enrichment set up on a campaign or list, and whether it is running',
				routing: route('GET', ENRICHMENT, { validate: validateGet }),
			},
			{
				name: 'Get History',
				value: 'getHistory',
				action: 'Get the enrichment history of a campaign or list',
				description: 'List the enrichment runs of a campaign or list, one item per entry',
				routing: route('GET', `${ENRICHMENT}/history`, { validate: validateGetHistory, list: 'offset' }),
			},
			{
				name: 'Run',
				value: 'run',
				action: 'Run the enrichments of a campaign or list',
				description: 'Run every enrichment of a campaign or list for the leads not enriched yet, or for given leads (uses credits)',
				routing: route('POST', `${ENRICHMENT}/run`, { validate: validateRun, recover: notResentBecause(PAID) }),
			},
			{
				name: 'Run AI Enrichment',
				value: 'createAiEnrichment',
				action: 'Run an AI enrichment on a campaign or list',
				description: 'Have an AI model write a column for each lead of a campaign or list from a prompt (uses credits)',
				routing: route('POST', `${ENRICHMENT}/ai`, { validate: validateCreateAiEnrichment, recover: notResentBecause(PAID) }),
			},
		],
		default: 'get',
	},
	...resourceFields,
	...superSearchEnrichmentAddToResourceDescription,
	...superSearchEnrichmentCreateDescription,
	...superSearchEnrichmentCreateAiEnrichmentDescription,
	...superSearchEnrichmentGetDescription,
	...superSearchEnrichmentGetHistoryDescription,
	...superSearchEnrichmentRunDescription,
];
