import type { INodeProperties } from 'n8n-workflow';

import { blValueField } from './shared';

const showOnlyForCreate = { resource: ['blockListEntry'], operation: ['create'] };

export const blockListEntryCreateDescription: INodeProperties[] = [
	{
		...blValueField,
		description: 'The email address or the whole domain that Instantly must never contact',
		displayOptions: { show: showOnlyForCreate },
	},
];
