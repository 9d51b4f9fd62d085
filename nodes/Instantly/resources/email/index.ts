import type { INodeProperties } from 'n8n-workflow';

import { resendAfterUncertain, route } from '../../shared/routing';
import { emailDeleteDescription } from './delete';
import { emailGetDescription, validateEmailId } from './get';
import { emailGetManyDescription, validateGetMany } from './getAll';
import { emailGetUnreadCountDescription } from './getUnreadCount';
import { emailMarkThreadAsReadDescription, validateMarkThreadAsRead } from './markThreadAsRead';
import { emailReplyDescription, recoverReply, validateReply } from './reply';
import { EMAILS } from './shared';
import { emailUpdateDescription, validateUpdate } from './update';

const showOnlyForEmails = { resource: ['email'] };
const EMAIL = `${EMAILS}/{emailId}`;

export const emailDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForEmails },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete an email',
				description: 'Delete one email of the Unibox by its ID',
				routing: route('DELETE', EMAIL, { validate: validateEmailId }),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an email',
				description: 'Get one email of the Unibox by its ID, with its thread, lead, sending account and body',
				routing: route('GET', EMAIL, { validate: validateEmailId }),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many emails',
				description: 'List the Unibox’s emails, optionally filtered by campaign, lead, account, type, unread or text',
				routing: route('GET', EMAILS, { list: 'qs', validate: validateGetMany }),
			},
			{
				name: 'Get Unread Count',
				value: 'getUnreadCount',
				action: 'Get the number of unread emails',
				description: 'Count the unread emails of the Unibox',
				routing: route('GET', `${EMAILS}/unread/count`),
			},
			{
				name: 'Mark Thread as Read',
				value: 'markThreadAsRead',
				action: 'Mark a thread as read',
				description: 'Mark every email of one conversation as read, by the thread ID',
				routing: route('POST', `${EMAILS}/threads/{threadId}/mark-as-read`, { validate: validateMarkThreadAsRead, recover: resendAfterUncertain }),
			},
			{
				name: 'Reply',
				value: 'reply',
				action: 'Reply to an email',
				description:
					'Send a reply to an email a lead sent, from a sending account, in the same thread (e.g. the email of an Instantly Trigger event)',
				routing: route('POST', `${EMAILS}/reply`, { validate: validateReply, recover: recoverReply }),
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update an email',
				description: 'Mark one email as read or unread, or set a reminder on it',
				routing: route('PATCH', EMAIL, { validate: validateUpdate }),
			},
		],
		default: 'reply',
	},
	...emailDeleteDescription,
	...emailGetDescription,
	...emailGetManyDescription,
	...emailGetUnreadCountDescription,
	...emailMarkThreadAsReadDescription,
	...emailReplyDescription,
	...emailUpdateDescription,
];
