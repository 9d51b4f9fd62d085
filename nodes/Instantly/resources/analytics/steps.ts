import type { INodeProperties } from 'n8n-workflow';

import { campaignQueryField, dateRange } from './shared';

const show = { resource: ['analytics'], operation: ['steps'] };

export const analyticsStepsDescription: INodeProperties[] = [
	{ ...campaignQueryField, displayOptions: { show } },
	...dateRange(show),
];
