import type { INodeProperties } from 'n8n-workflow';

const showOnlyForCreate = { resource: ['blockListEntry'], operation: ['create'] };

export const blockListEntryCreateDescription: INodeProperties[] = [
	{
		displayName: 'Email or Domain',
		name: 'blValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. competitor.com or name@example.com',
		description: 'The email address or the whole domain that Instantly must never contact',
		displayOptions: { show: showOnlyForCreate },
		routing: { send: { type: 'body', property: 'bl_value', value: '={{ String($value).trim() }}' } },
	},
];
