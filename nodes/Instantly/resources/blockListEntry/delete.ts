import type { INodeProperties } from 'n8n-workflow';

import { blockListEntryIdField } from './shared';

const showOnlyForDelete = { resource: ['blockListEntry'], operation: ['delete'] };

export const blockListEntryDeleteDescription: INodeProperties[] = [
	{ ...blockListEntryIdField, displayOptions: { show: showOnlyForDelete } },
	{
		displayName: 'Deleting an entry lets Instantly contact that email or domain again',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showOnlyForDelete },
	},
];
