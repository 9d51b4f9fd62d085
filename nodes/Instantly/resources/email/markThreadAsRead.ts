import type { INodeProperties } from 'n8n-workflow';

import type { Validator } from '../../shared/routing';
import { emailIdField, requireUuidParameter } from './shared';

const showOnlyForMarkThreadAsRead = { resource: ['email'], operation: ['markThreadAsRead'] };

export const emailMarkThreadAsReadDescription: INodeProperties[] = [
	{
		...emailIdField(
			'threadId',
			'Thread ID',
			'The conversation to mark as read: the "thread_id" (a UUID) of any of its emails, e.g. from Email → Get',
		),
		displayOptions: { show: showOnlyForMarkThreadAsRead },
	},
];

export const validateMarkThreadAsRead: Validator = function (itemIndex) {
	requireUuidParameter(this, itemIndex, 'threadId', 'Thread ID');
};
