import type { INodeProperties } from 'n8n-workflow';

import { sendAs } from '../../shared/request';
import { CAMPAIGN_STATUSES, campaignStatus } from '../campaign/shared';
import { campaignIdsField, dateRange } from './shared';

const show = { resource: ['analytics'], operation: ['overview'] };

export const analyticsOverviewDescription: INodeProperties[] = [
	{ ...campaignIdsField, displayOptions: { show } },
	...dateRange(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Campaign Status',
				name: 'campaignStatus',
				type: 'options',
				options: CAMPAIGN_STATUSES,
				default: 1,
				description: 'Count only campaigns in this state',
				routing: sendAs('campaign_status', campaignStatus, 'query'),
			},
		],
	},
];
