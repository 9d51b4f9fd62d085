import type { INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import { campaignIdsField, dateRange } from './shared';

const show = { resource: ['analytics'], operation: ['campaignSummary'] };

export const analyticsCampaignSummaryDescription: INodeProperties[] = [
	{ ...campaignIdsField, displayOptions: { show } },
	...dateRange(show),
	collectionField('options', show, [
		{
			displayName: 'Exclude Total Leads Count',
			name: 'excludeTotalLeadsCount',
			type: 'boolean',
			default: true,
			description: 'Whether to leave out the count of leads per campaign, which makes the answer faster for large campaigns',
			routing: { send: { type: 'query', property: 'exclude_total_leads_count' } },
		},
	]),
];
