import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { collectionField, returnAllAndLimit } from '../../shared/descriptions';
import { sendAs, transforms } from '../../shared/request';
import type { Validator } from '../../shared/routing';
import { fail, parameter } from '../../shared/validation';
import { ACCOUNT_STATUSES, PROVIDERS } from './shared';

const showOnlyForGetMany = { resource: ['account'], operation: ['getAll'] };

export const accountGetManyDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForGetMany),
	collectionField('filters', showOnlyForGetMany, [
		{
			displayName: 'Provider',
			name: 'providerCode',
			type: 'options',
			options: PROVIDERS,
			default: 2,
			description: 'Return only accounts of this email provider',
			routing: sendAs('provider_code', transforms.number, 'query'),
		},
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			placeholder: 'e.g. outreach-demo.io',
			description: 'Return only accounts whose email or name contains this text',
			routing: { send: { type: 'query', property: 'search' } },
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: ACCOUNT_STATUSES,
			default: 1,
			description: 'Return only accounts in this sending status',
			routing: sendAs('status', transforms.number, 'query'),
		},
		{
			displayName: 'Tag IDs',
			name: 'tagIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. 0199f36c-d715-7d47-bf95-f164c0f957b1, 0199f36c-…',
			description: 'Return only accounts with any of these tags (tag IDs, separated by commas)',
			routing: sendAs('tag_ids', (value) => transforms.list(value).join(','), 'query'),
		},
	]),
];

/** An expression can bypass the dropdowns: a status or provider Instantly does not know is refused here. */
export const validateGetMany: Validator = function (itemIndex) {
	const filters = (parameter.call(this, 'filters', itemIndex, {}) ?? {}) as IDataObject;
	const check = (key: string, label: string, options: typeof PROVIDERS) => {
		if (!(key in filters)) return;
		const allowed = options.map((option) => option.value);
		if (!allowed.includes(Number(filters[key]))) {
			fail(this, itemIndex, `"${String(filters[key])}" in "Filters → ${label}" is not one Instantly knows`, `Use one of: ${options.map((o) => `${o.name} (${String(o.value)})`).join(', ')}.`);
		}
	};
	check('status', 'Status', ACCOUNT_STATUSES);
	check('providerCode', 'Provider', PROVIDERS);
	if ('tagIds' in filters && !transforms.list(filters.tagIds).length) {
		fail(this, itemIndex, 'The filter "Tag IDs" is empty', 'Enter tag IDs separated by commas, or remove the filter.');
	}
};
