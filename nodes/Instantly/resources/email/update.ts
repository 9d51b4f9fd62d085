import type { INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import type { Validator } from '../../shared/routing';
import { fail } from '../../shared/validation';
import { checkDate, collection, emailIdDescription, emailIdField, requireUuidParameter, sendDate } from './shared';

const showOnlyForUpdate = { resource: ['email'], operation: ['update'] };

export const emailUpdateDescription: INodeProperties[] = [
	{ ...emailIdField('emailId', 'Email ID', emailIdDescription), displayOptions: { show: showOnlyForUpdate } },
	collectionField('updateFields', showOnlyForUpdate, [
		{
			displayName: 'Is Unread',
			name: 'isUnread',
			type: 'boolean',
			default: false,
			description: 'Whether the email shows as unread in the Unibox',
			routing: { send: { type: 'body', property: 'is_unread' } },
		},
		{
			displayName: 'Reminder',
			name: 'reminderTs',
			type: 'dateTime',
			default: '',
			description: 'When Instantly should remind you of this email',
			routing: sendDate('reminder_ts'),
		},
	]),
];

export const validateUpdate: Validator = function (itemIndex) {
	requireUuidParameter(this, itemIndex, 'emailId', 'Email ID');
	const fields = collection(this, 'updateFields', itemIndex);
	if (!Object.keys(fields).length) {
		fail(this, itemIndex, 'Nothing to update: add at least one field to update', 'Under "Update Fields", add Is Unread or Reminder.');
	}
	if ('reminderTs' in fields) checkDate(this, itemIndex, fields.reminderTs, 'Update Fields → Reminder');
};
