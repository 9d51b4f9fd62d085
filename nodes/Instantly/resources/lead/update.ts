import type { INodeProperties } from 'n8n-workflow';

import { mapLeadFields, updateFieldsCollection } from '../../shared/leadFields';
import type { Validator } from '../../shared/routing';
import { fail, parameter } from '../../shared/validation';
import { leadIdField } from './shared';

const showOnlyForUpdate = { resource: ['lead'], operation: ['update'] };

export const leadUpdateDescription: INodeProperties[] = [
	{ ...leadIdField, displayOptions: { show: showOnlyForUpdate } },
	{
		...updateFieldsCollection,
		description: 'The fields to change. Email, campaign and list cannot be changed here (use Move for those).',
		displayOptions: { show: showOnlyForUpdate },
	},
];

/** Instantly rejects an empty PATCH, and a field left blank is not sent: say so before sending. */
export const validateUpdate: Validator = function (itemIndex) {
	const { fields, problem } = mapLeadFields(
		parameter.call(this, 'updateFields', itemIndex, {}) as never,
		'Update Fields',
	);
	if (problem) fail(this, itemIndex, problem.message, problem.description);
	if (!Object.keys(fields).length) {
		fail(
			this,
			itemIndex,
			'Nothing to update: add a field under "Update Fields" and give it a value',
			'Blank fields are not sent, so an update whose fields are all empty would change nothing.',
		);
	}
};
