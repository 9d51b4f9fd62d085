import type { INodeProperties } from 'n8n-workflow';

import { campaignField } from './shared';

export const campaignGetDescription: INodeProperties[] = [
	{ ...campaignField, displayOptions: { show: { resource: ['campaign'], operation: ['get'] } } },
];
