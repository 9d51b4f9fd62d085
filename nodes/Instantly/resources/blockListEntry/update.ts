import type { INodeProperties } from 'n8n-workflow';

import { blockListEntryIdField, blValueField } from './shared';

const showOnlyForUpdate = { resource: ['blockListEntry'], operation: ['update'] };

export const blockListEntryUpdateDescription: INodeProperties[] = [
	{ ...blockListEntryIdField, displayOptions: { show: showOnlyForUpdate } },
	{
		...blValueField,
		description: 'The new email address or domain for this entry',
		displayOptions: { show: showOnlyForUpdate },
	},
];
