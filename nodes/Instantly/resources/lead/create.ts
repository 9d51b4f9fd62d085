import type { INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import { leadFieldsCollection } from '../../shared/leadFields';
import type { Validator } from '../../shared/routing';
import { fail, parameter, requireId } from '../../shared/validation';
import type { Destination } from './shared';
import { campaignIdField, checkLead, importOptions, listIdField, rejectBlank } from './shared';
import { sendAs, transforms } from '../../shared/request';
import { sendCampaign, sendLeadList } from '../../shared/resolve';

const showOnlyForCreate = { resource: ['lead'], operation: ['create'] };

export const leadCreateDescription: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. jane@acme.com',
		default: '',
		description:
			'The lead’s email address. Required to add the lead to a campaign; a list lead needs an email or a name.',
		displayOptions: { show: showOnlyForCreate },
		// A blank email is left out (a list lead may have none), never sent as "".
		routing: sendAs('email', transforms.trimmedOrLeftOut),
	},
	{
		displayName: 'Add To',
		name: 'addTo',
		type: 'options',
		default: 'campaign',
		description: 'Where the new lead goes',
		displayOptions: { show: showOnlyForCreate },
		options: [
			{ name: 'Campaign', value: 'campaign', description: 'Add the lead to a campaign' },
			{ name: 'List', value: 'list', description: 'Add the lead to a lead list' },
			{ name: 'Workspace Only', value: 'none', description: 'Create the lead in neither a campaign nor a list' },
		],
	},
	{
		...campaignIdField,
		displayOptions: { show: { ...showOnlyForCreate, addTo: ['campaign'] } },
		// POST /leads names the campaign `campaign`, unlike the bulk endpoint's `campaign_id`.
		routing: sendCampaign('campaign'),
	},
	{
		...listIdField,
		displayOptions: { show: { ...showOnlyForCreate, addTo: ['list'] } },
		routing: sendLeadList('list_id'),
	},
	{ ...leadFieldsCollection, displayOptions: { show: showOnlyForCreate } },
	collectionField('options', showOnlyForCreate, importOptions),
];

export const validateCreate: Validator = function (itemIndex) {
	const addTo = parameter.call(this, 'addTo', itemIndex, 'campaign') as Destination;
	if (addTo === 'campaign') requireId.call(this, 'campaignId', itemIndex);
	if (addTo === 'list') requireId.call(this, 'listId', itemIndex);
	const { problem } = checkLead(
		addTo,
		parameter.call(this, 'email', itemIndex, ''),
		parameter.call(this, 'leadFields', itemIndex, {}),
	);
	if (problem) fail(this, itemIndex, problem.message, problem.description);
	rejectBlank(this, itemIndex, 'options', 'blocklistId', 'Block List ID');
};
