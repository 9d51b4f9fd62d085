import type { INodeProperties } from 'n8n-workflow';

import { collectionField, returnAllAndLimit } from '../../shared/descriptions';
import type { Validator } from '../../shared/routing';
import {
	campaignIdField,
	contactsFilterField,
	idsFilterField,
	leadFilterField,
	listIdField,
	rejectBlank,
	rejectEmptyList,
	searchFilterField,
	sendList,
} from './shared';
import { sendCampaign, sendLeadList } from '../../shared/resolve';

const showOnlyForGetMany = { resource: ['lead'], operation: ['getAll'] };

export const leadGetManyDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForGetMany),
	collectionField('filters', showOnlyForGetMany, [
		{
			...campaignIdField,
			required: false,
			description: 'Only leads of this campaign',
			// POST /leads/list names the campaign `campaign`.
			routing: sendCampaign('campaign'),
		},
		{
			displayName: 'Distinct Contacts',
			name: 'distinctContacts',
			type: 'boolean',
			default: true,
			description: 'Whether to return each email address once, even when it is in several campaigns or lists',
			routing: { send: { type: 'body', property: 'distinct_contacts' } },
		},
		contactsFilterField,
		{
			displayName: 'Exclude Lead IDs',
			name: 'excludedIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. 0199f36c-d715-7d47-bf95-f164c0f957b1, 0199f36c-…',
			description: 'Leave out the leads with these IDs (separated by commas)',
			routing: sendList('excluded_ids'),
		},
		{
			displayName: 'In Any Campaign',
			name: 'inCampaign',
			type: 'boolean',
			default: true,
			description: 'Whether to return only leads that are in a campaign (on) or only leads that are in none (off)',
			routing: { send: { type: 'body', property: 'in_campaign' } },
		},
		{
			displayName: 'In Any List',
			name: 'inList',
			type: 'boolean',
			default: true,
			description: 'Whether to return only leads that are in a list (on) or only leads that are in none (off)',
			routing: { send: { type: 'body', property: 'in_list' } },
		},
		idsFilterField,
		{
			...listIdField,
			required: false,
			description: 'Only leads of this list',
			routing: sendLeadList('list_id'),
		},
		searchFilterField,
		leadFilterField,
	]),
];

export const validateGetMany: Validator = function (itemIndex) {
	rejectBlank(this, itemIndex, 'filters', 'campaignId', 'Filter "Campaign"');
	rejectBlank(this, itemIndex, 'filters', 'listId', 'Filter "List"');
	rejectEmptyList(this, itemIndex, 'filters', 'ids', 'Filter "Lead IDs"');
	rejectEmptyList(this, itemIndex, 'filters', 'excludedIds', 'Filter "Exclude Lead IDs"');
	rejectEmptyList(this, itemIndex, 'filters', 'contacts', 'Filter "Emails"');
};
