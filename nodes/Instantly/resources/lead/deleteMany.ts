import type { INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import type { Validator } from '../../shared/routing';
import { fail, parameter, requireId } from '../../shared/validation';
import { campaignIdField, listIdField, rejectEmptyList, sendList } from './shared';
import { sendCampaign, sendLeadList } from '../../shared/resolve';

const showOnlyForDeleteMany = { resource: ['lead'], operation: ['deleteMany'] };

/** Instantly deletes at most this many leads per request. */
export const MAX_DELETE = 10_000;

export const leadDeleteManyDescription: INodeProperties[] = [
	{
		displayName:
			'Deletes leads for good. Instantly deletes every lead that matches, up to "Max Leads to Delete": check the filters first, e.g. with Get Many.',
		name: 'deleteManyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showOnlyForDeleteMany },
	},
	{
		displayName: 'Delete From',
		name: 'deleteFrom',
		type: 'options',
		default: 'campaign',
		description: 'Where the leads to delete are',
		displayOptions: { show: showOnlyForDeleteMany },
		options: [
			{ name: 'Campaign', value: 'campaign' },
			{ name: 'List', value: 'list' },
		],
	},
	{
		...campaignIdField,
		displayOptions: { show: { ...showOnlyForDeleteMany, deleteFrom: ['campaign'] } },
		routing: sendCampaign('campaign_id'),
	},
	{
		...listIdField,
		displayOptions: { show: { ...showOnlyForDeleteMany, deleteFrom: ['list'] } },
		routing: sendLeadList('list_id'),
	},
	{
		// Required on purpose: without `limit`, Instantly deletes every matching lead.
		displayName: 'Max Leads to Delete',
		name: 'limit',
		type: 'number',
		required: true,
		typeOptions: { minValue: 1, maxValue: MAX_DELETE },
		default: 50,
		// n8n's linter fixes the description of every "limit"; the hint says what it means here.
		description: 'Max number of results to return',
		hint: 'At most this many matching leads are deleted (1–10,000). Required: without it Instantly deletes every matching lead.',
		displayOptions: { show: showOnlyForDeleteMany },
		routing: { send: { type: 'body', property: 'limit' } },
	},
	collectionField('filters', showOnlyForDeleteMany, [
		{
			displayName: 'Lead IDs',
			name: 'ids',
			type: 'string',
			default: '',
			placeholder: 'e.g. 0199f36c-d715-7d47-bf95-f164c0f957b1, 0199f36c-…',
			description: 'Delete only the leads with these IDs (separated by commas)',
			routing: sendList('ids'),
		},
		{
			displayName: 'Lead Status',
			name: 'status',
			type: 'options',
			default: 3,
			description: 'Delete only leads in this campaign status',
			options: [
				{ name: 'Active', value: 1 },
				{ name: 'Bounced', value: -1 },
				{ name: 'Completed', value: 3 },
				{ name: 'Paused', value: 2 },
				{ name: 'Skipped', value: -3 },
				{ name: 'Unsubscribed', value: -2 },
			],
			routing: { send: { type: 'body', property: 'status' } },
		},
	]),
];

export const validateDeleteMany: Validator = function (itemIndex) {
	const from = parameter.call(this, 'deleteFrom', itemIndex, 'campaign');
	requireId.call(this, from === 'list' ? 'listId' : 'campaignId', itemIndex);
	const limit = parameter.call(this, 'limit', itemIndex, null);
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_DELETE) {
		fail(
			this,
			itemIndex,
			`"Max Leads to Delete" must be a whole number from 1 to 10,000 (got ${String(limit ?? 'nothing')})`,
			'Without it Instantly would delete every matching lead, so it is required.',
		);
	}
	rejectEmptyList(this, itemIndex, 'filters', 'ids', 'Filter "Lead IDs"');
};
