import type { INodeProperties } from 'n8n-workflow';

import { collectionField, returnAllAndLimit } from '../../shared/descriptions';
import { sendAs, transforms } from '../../shared/request';
import { sendCampaign, sendLeadList } from '../../shared/resolve';
import type { Validator } from '../../shared/routing';
import { fail } from '../../shared/validation';
import { campaignIdField, listIdField, rejectBlank } from '../lead/shared';
import { checkDate, checkEmails, collection, sendAddresses, sendDate } from './shared';

const showOnlyForGetMany = { resource: ['email'], operation: ['getAll'] };

export const EMAIL_TYPES = ['received', 'sent', 'manual'];

export const emailGetManyDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForGetMany),
	{
		displayName:
			'Instantly allows 20 requests a minute for listing emails (100 emails each): Return All over thousands of emails takes minutes',
		name: 'rateNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showOnlyForGetMany },
	},
	collectionField('filters', showOnlyForGetMany, [
		{
			...campaignIdField,
			required: false,
			description: 'Only emails of this campaign. By ID also takes the campaign’s exact name.',
			routing: sendCampaign('campaign_id', 'query'),
		},
		{
			displayName: 'Email Type',
			name: 'emailType',
			type: 'options',
			options: [
				{ name: 'Manual', value: 'manual', description: 'Emails sent by hand from the Unibox or the API, replies included' },
				{ name: 'Received', value: 'received', description: 'Emails from leads: their replies' },
				{ name: 'Sent', value: 'sent', description: 'Emails sent by campaigns and replies sent' },
			],
			default: 'received',
			description: 'Only emails of this kind',
			routing: { send: { type: 'query', property: 'email_type' } },
		},
		{
			displayName: 'Is Unread',
			name: 'isUnread',
			type: 'boolean',
			default: true,
			description: 'Whether to return only unread emails (on) or only read ones (off)',
			routing: { send: { type: 'query', property: 'is_unread' } },
		},
		{
			displayName: 'Latest of Thread Only',
			name: 'latestOfThread',
			type: 'boolean',
			default: true,
			description: 'Whether to return only the newest email of each conversation',
			routing: { send: { type: 'query', property: 'latest_of_thread' } },
		},
		{
			displayName: 'Lead Email',
			name: 'lead',
			type: 'string',
			default: '',
			placeholder: 'e.g. jane.doe@northwind.io',
			description: 'Only emails of the conversation with this lead, by the lead’s email address',
			routing: sendAs('lead', transforms.trimmed, 'query'),
		},
		{
			...listIdField,
			required: false,
			description: 'Only emails of leads in this list. By ID also takes the list’s exact name.',
			routing: sendLeadList('list_id', 'query'),
		},
		{
			displayName: 'Received After',
			name: 'minTimestampCreated',
			type: 'dateTime',
			default: '',
			description: 'Only emails created at or after this date and time',
			routing: sendDate('min_timestamp_created', 'query'),
		},
		{
			displayName: 'Received Before',
			name: 'maxTimestampCreated',
			type: 'dateTime',
			default: '',
			description: 'Only emails created at or before this date and time',
			routing: sendDate('max_timestamp_created', 'query'),
		},
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			placeholder: 'e.g. pricing, or thread:0199f36c-d715-7d47-bf95-f1626b43ea03',
			description: 'Only emails containing this text; "thread:" followed by a thread ID returns that conversation',
			routing: sendAs('search', transforms.trimmed, 'query'),
		},
		{
			displayName: 'Sending Accounts',
			name: 'eaccount',
			type: 'string',
			default: '',
			placeholder: 'e.g. alex@outreach-demo.io, sam@outreach-demo.io',
			description: 'Only emails of these sending accounts, by email address, separated by commas',
			routing: sendAddresses('eaccount', 'query'),
		},
		{
			displayName: 'Sort Order',
			name: 'sortOrder',
			type: 'options',
			options: [
				{ name: 'Newest First', value: 'desc' },
				{ name: 'Oldest First', value: 'asc' },
			],
			default: 'desc',
			description: 'The order of the emails by creation date',
			routing: { send: { type: 'query', property: 'sort_order' } },
		},
	]),
];

export const validateGetMany: Validator = function (itemIndex) {
	rejectBlank(this, itemIndex, 'filters', 'campaignId', 'Filter "Campaign"');
	rejectBlank(this, itemIndex, 'filters', 'listId', 'Filter "List"');
	const filters = collection(this, 'filters', itemIndex);
	if ('lead' in filters) checkEmails(this, itemIndex, filters.lead, 'Filters → Lead Email', true);
	if ('eaccount' in filters) checkEmails(this, itemIndex, filters.eaccount, 'Filters → Sending Accounts', true);
	if ('emailType' in filters && !EMAIL_TYPES.includes(String(filters.emailType))) {
		fail(this, itemIndex, `"${String(filters.emailType)}" in "Filters → Email Type" is not an email type`, `Use one of: ${EMAIL_TYPES.join(', ')}.`);
	}
	if ('sortOrder' in filters && !['asc', 'desc'].includes(String(filters.sortOrder))) {
		fail(this, itemIndex, `"${String(filters.sortOrder)}" in "Filters → Sort Order" is not a sort order`, 'Use asc or desc.');
	}
	for (const [key, field] of [['minTimestampCreated', 'Received After'], ['maxTimestampCreated', 'Received Before']]) {
		if (key in filters) checkDate(this, itemIndex, filters[key], `Filters → ${field}`);
	}
};
