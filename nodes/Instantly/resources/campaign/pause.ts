import type { INodeProperties } from 'n8n-workflow';

import { campaignField } from './shared';

const showOnlyForPause = { resource: ['campaign'], operation: ['pause'] };

export const campaignPauseDescription: INodeProperties[] = [
	{ ...campaignField, displayOptions: { show: showOnlyForPause } },
	{
		displayName:
			'Pausing stops all sending of the campaign right away, for every lead, until it is activated again (Campaign → Activate).',
		name: 'pauseNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showOnlyForPause },
	},
];
