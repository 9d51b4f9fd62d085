import type { INodeProperties } from 'n8n-workflow';

import { blockListEntryIdField } from './shared';

const showOnlyForUpdate = { resource: ['blockListEntry'], operation: ['update'] };

export const blockListEntryUpdateDescription: INodeProperties[] = [
	{ ...blockListEntryIdField, displayOptions: { show: showOnlyForUpdate } },
	{
		displayName: 'Email or Domain',
		name: 'blValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. competitor.com or name@example.com',
		description: 'The new email address or domain for this entry',
		displayOptions: { show: showOnlyForUpdate },
		routing: { send: { type: 'body', property: 'bl_value', value: '={{ String($value).trim() }}' } },
	},
];
