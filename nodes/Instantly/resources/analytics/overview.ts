import type { INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import { sendAs } from '../../shared/request';
import { CAMPAIGN_STATUSES, campaignStatus } from '../campaign/shared';
import { campaignIdsField, dateRange } from './shared';

const show = { resource: ['analytics'], operation: ['overview'] };

export const analyticsOverviewDescription: INodeProperties[] = [
	{ ...campaignIdsField, displayOptions: { show } },
	...dateRange(show),
	collectionField('options', show, [
		{
			displayName: 'Campaign Status',
			name: 'campaignStatus',
			type: 'options',
			options: CAMPAIGN_STATUSES,
			default: 1,
			description: 'Count only campaigns in this state',
			routing: sendAs('campaign_status', campaignStatus, 'query'),
		},
	]),
];
