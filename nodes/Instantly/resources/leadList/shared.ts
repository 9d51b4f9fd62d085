import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { Validator } from '../../shared/routing';
import { fail, parameter } from '../../shared/validation';
import { listIdField } from '../lead/shared';

// The lead operations' list locator (same search, same modes), under this resource's own parameter name.
export const leadListIdField: INodeProperties = {
	...listIdField,
	name: 'leadListId',
	displayName: 'Lead List',
	description: 'The lead list. Search by name, or map its ID (a UUID, the "id" of Create or Get Many) from a previous node.',
};

export const ownedByField: INodeProperties = {
	displayName: 'Owner ID',
	name: 'ownedBy',
	type: 'string',
	default: '',
	placeholder: 'e.g. 0199f36c-d715-7d47-bf95-f163e8f9fc46',
	description: 'The ID of the workspace member who owns the list. Instantly makes the API key’s user the owner when left out.',
};

export const hasEnrichmentTaskField: INodeProperties = {
	displayName: 'Has Enrichment Task',
	name: 'hasEnrichmentTask',
	type: 'boolean',
	default: false,
	description: 'Whether Instantly enriches the leads added to this list (an enrichment task runs on the list)',
};

function checkName(ctx: ThisParameterType<Validator>, value: unknown, field: string, itemIndex: number): void {
	if (value === undefined || value === null || !String(value).trim()) {
		fail(ctx, itemIndex, `The parameter "${field}" is empty`, 'Enter the name the list shows in Instantly, e.g. "Week 49 – SaaS founders".');
	}
}

export const validateCreate: Validator = function (itemIndex) {
	checkName(this, parameter.call(this, 'name', itemIndex, ''), 'Name', itemIndex);
};

export const validateUpdate: Validator = function (itemIndex) {
	const fields = (parameter.call(this, 'updateFields', itemIndex, {}) ?? {}) as IDataObject;
	if (!Object.keys(fields).length) {
		fail(
			this,
			itemIndex,
			'Nothing to update: add at least one field to update',
			'Under "Update Fields", add the name, the enrichment setting or the owner to change.',
		);
	}
	if ('name' in fields) checkName(this, fields.name, 'Update Fields → Name', itemIndex);
};
