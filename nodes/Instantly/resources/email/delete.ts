import type { INodeProperties } from 'n8n-workflow';

import { emailIdDescription, emailIdField } from './shared';

const showOnlyForDelete = { resource: ['email'], operation: ['delete'] };

export const emailDeleteDescription: INodeProperties[] = [
	{ ...emailIdField('emailId', 'Email ID', emailIdDescription), displayOptions: { show: showOnlyForDelete } },
	{
		displayName: 'Deleting an email removes it from the Unibox; this cannot be undone',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showOnlyForDelete },
	},
];
