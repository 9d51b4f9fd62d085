import type { INodeProperties } from 'n8n-workflow';

import { leadIdField } from './shared';

const showOnlyForDelete = { resource: ['lead'], operation: ['delete'] };

export const leadDeleteDescription: INodeProperties[] = [
	{ ...leadIdField, displayOptions: { show: showOnlyForDelete } },
	{
		displayName: 'The lead is deleted from Instantly for good, with its activity in every campaign',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showOnlyForDelete },
	},
];
