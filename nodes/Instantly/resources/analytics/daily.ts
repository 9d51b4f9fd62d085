import type { INodeProperties } from 'n8n-workflow';

import { campaignQueryField, dateRange } from './shared';

const show = { resource: ['analytics'], operation: ['daily'] };

export const analyticsDailyDescription: INodeProperties[] = [
	{ ...campaignQueryField, displayOptions: { show } },
	...dateRange(show),
];
