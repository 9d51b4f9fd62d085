import type { INodeProperties } from 'n8n-workflow';

import { accountEmailField } from './shared';

// Get, Pause and Resume take one account and nothing else.
export const accountSingleDescription: INodeProperties[] = [
	{ ...accountEmailField, displayOptions: { show: { resource: ['account'], operation: ['get', 'pause', 'resume'] } } },
];
