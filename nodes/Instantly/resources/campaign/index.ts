import type { INodeProperties } from 'n8n-workflow';

import { route } from '../../shared/routing';
import { campaignActivateDescription } from './activate';
import { campaignCreateDescription } from './create';
import { campaignDeleteDescription } from './delete';
import { campaignGetDescription } from './get';
import { campaignGetManyDescription } from './getAll';
import { campaignPauseDescription } from './pause';
import { validateCreate, validateGetMany, validateUpdate } from './shared';
import { campaignUpdateDescription } from './update';

const showOnlyForCampaigns = { resource: ['campaign'] };
const CAMPAIGNS = '/api/v2/campaigns';
const CAMPAIGN = `${CAMPAIGNS}/{campaignId}`;

export const campaignDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForCampaigns },
		options: [
			{
				name: 'Activate',
				value: 'activate',
				action: 'Activate a campaign',
				description: 'Start or resume sending a campaign',
				routing: route('POST', `${CAMPAIGN}/activate`),
			},
			{
				name: 'Create',
				value: 'create',
				action: 'Create a campaign',
				description: 'Create a campaign with its sending schedule, and optionally its sequence and settings',
				routing: route('POST', CAMPAIGNS, { validate: validateCreate }),
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a campaign',
				description: 'Delete a campaign for good, with its sequence and analytics',
				routing: route('DELETE', CAMPAIGN),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a campaign',
				description: 'Get one campaign with its schedule, sequence and settings',
				routing: route('GET', CAMPAIGN),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many campaigns',
				description: 'List the workspace’s campaigns, optionally filtered by name, status or tags',
				routing: route('GET', CAMPAIGNS, { list: 'qs', validate: validateGetMany }),
			},
			{
				name: 'Pause',
				value: 'pause',
				action: 'Pause a campaign',
				description: 'Stop sending a campaign until it is activated again',
				routing: route('POST', `${CAMPAIGN}/pause`),
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a campaign',
				description: 'Rename a campaign or change its daily limit, sending accounts or settings',
				routing: route('PATCH', CAMPAIGN, { validate: validateUpdate }),
			},
		],
		default: 'getAll',
	},
	...campaignActivateDescription,
	...campaignCreateDescription,
	...campaignDeleteDescription,
	...campaignGetDescription,
	...campaignGetManyDescription,
	...campaignPauseDescription,
	...campaignUpdateDescription,
];
