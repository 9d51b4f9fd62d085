import type { INodeProperties } from 'n8n-workflow';

import { campaignField } from './shared';

const showOnlyForDelete = { resource: ['campaign'], operation: ['delete'] };

export const campaignDeleteDescription: INodeProperties[] = [
	{ ...campaignField, displayOptions: { show: showOnlyForDelete } },
	{
		displayName:
			'Deleting a campaign cannot be undone: its sequence, schedule and analytics are gone. To stop sending but keep them, use Pause.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showOnlyForDelete },
	},
];
