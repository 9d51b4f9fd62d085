import type { INodeProperties } from 'n8n-workflow';

import { accountEmailField } from './shared';

const showOnlyForDelete = { resource: ['account'], operation: ['delete'] };

// `DELETE /api/v2/accounts/{email}` answers the deleted account; it is the output, as for the other deletes.
export const accountDeleteDescription: INodeProperties[] = [
	{ ...accountEmailField, displayOptions: { show: showOnlyForDelete } },
	{
		displayName:
			'Deleting an account cannot be undone: it stops sending in every campaign it belongs to, and connecting it again means entering its sign-in again. To stop it for a while, use Pause instead.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showOnlyForDelete },
	},
];
