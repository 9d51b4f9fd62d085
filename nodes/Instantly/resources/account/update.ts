import type { INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import type { Validator } from '../../shared/routing';
import { fail } from '../../shared/validation';
import { accountEmailField, accountSettings, checkSettings, validateAccountEmail } from './shared';

const showOnlyForUpdate = { resource: ['account'], operation: ['update'] };

const settings = accountSettings('update');

// `PATCH /api/v2/accounts/{email}`: only the fields added are sent (see create.ts for the documented fields).
export const accountUpdateDescription: INodeProperties[] = [
	{ ...accountEmailField, displayOptions: { show: showOnlyForUpdate } },
	collectionField('updateFields', showOnlyForUpdate, settings.map(({ field }) => field)),
];

export const validateUpdate: Validator = function (itemIndex) {
	validateAccountEmail.call(this, itemIndex);
	const fields = checkSettings(this, itemIndex, 'updateFields', 'Update Fields', settings);
	if (!Object.keys(fields).length) {
		fail(
			this,
			itemIndex,
			'Nothing to update: add at least one field to update',
			'Under "Update Fields", add the names, daily limit, sending gap, signature or another setting to change.',
		);
	}
};
