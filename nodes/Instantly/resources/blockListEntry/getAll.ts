import type { INodeProperties } from 'n8n-workflow';

import { collectionField, returnAllAndLimit } from '../../shared/descriptions';

const showOnlyForGetMany = { resource: ['blockListEntry'], operation: ['getAll'] };

export const blockListEntryGetManyDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForGetMany),
	collectionField('filters', showOnlyForGetMany, [
		{
			displayName: 'Domains Only',
			name: 'domainsOnly',
			type: 'boolean',
			default: false,
			description: 'Whether to return only entries that block a whole domain',
			routing: { send: { type: 'query', property: 'domains_only' } },
		},
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			placeholder: 'e.g. example.com',
			description: 'Return only entries whose email or domain contains this text',
			routing: { send: { type: 'query', property: 'search' } },
		},
	]),
];
