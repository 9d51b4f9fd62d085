import type { INodeProperties } from 'n8n-workflow';

import { leadListIdField } from './shared';

const showOnlyForDelete = { resource: ['leadList'], operation: ['delete'] };

export const leadListDeleteDescription: INodeProperties[] = [
	{ ...leadListIdField, displayOptions: { show: showOnlyForDelete } },
	{
		// Instantly does not document what becomes of the list's leads; the hint assumes the worst (see README).
		displayName:
			'Deleting a list cannot be undone, and the leads in it may be deleted with it. To keep them, move them to another list or a campaign first (Lead → Move).',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showOnlyForDelete },
	},
];
