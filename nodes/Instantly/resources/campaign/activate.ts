import type { INodeProperties } from 'n8n-workflow';

import { campaignField } from './shared';

export const campaignActivateDescription: INodeProperties[] = [
	{ ...campaignField, displayOptions: { show: { resource: ['campaign'], operation: ['activate'] } } },
];
