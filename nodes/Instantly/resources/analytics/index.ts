import type { INodeProperties } from 'n8n-workflow';

import { route } from '../../shared/routing';
import { analyticsCampaignSummaryDescription } from './campaignSummary';
import { analyticsDailyDescription } from './daily';
import { analyticsOverviewDescription } from './overview';
import { numeric, records, validateDates, withRates } from './shared';
import { analyticsStepsDescription } from './steps';

const showOnlyForAnalytics = { resource: ['analytics'] };
const ANALYTICS = '/api/v2/campaigns/analytics';

export const analyticsDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForAnalytics },
		options: [
			{
				name: 'Campaign Summary',
				value: 'campaignSummary',
				action: 'Get analytics per campaign',
				description: 'Sent, opened, replied, bounced and more per campaign, with open, reply and bounce rates: one item per campaign',
				routing: route('GET', ANALYTICS, { validate: validateDates, output: (response) => records(response).map(withRates) }),
			},
			{
				name: 'Daily',
				value: 'daily',
				action: 'Get daily analytics of a campaign',
				description: 'Sent, opened, replied and clicked per day for one campaign: one item per day',
				routing: route('GET', `${ANALYTICS}/daily`, { validate: validateDates, output: (response) => records(response).map(numeric) }),
			},
			{
				name: 'Overview',
				value: 'overview',
				action: 'Get an analytics overview',
				description: 'Totals over the chosen campaigns (or all): one item',
				routing: route('GET', `${ANALYTICS}/overview`, { validate: validateDates, output: (response) => records(response).slice(0, 1).map(numeric) }),
			},
			{
				name: 'Steps',
				value: 'steps',
				action: 'Get analytics per sequence step',
				description: 'Sent, opened, replied and clicked per step and variant of one campaign’s sequence: one item per step and variant',
				routing: route('GET', `${ANALYTICS}/steps`, { validate: validateDates, output: (response) => records(response).map(numeric) }),
			},
		],
		default: 'campaignSummary',
	},
	...analyticsCampaignSummaryDescription,
	...analyticsDailyDescription,
	...analyticsOverviewDescription,
	...analyticsStepsDescription,
];
