import type { INodeProperties } from 'n8n-workflow';

import { collectionField, returnAllAndLimit } from '../../shared/descriptions';
import { hasEnrichmentTaskField } from './shared';

const showOnlyForGetMany = { resource: ['leadList'], operation: ['getAll'] };

export const leadListGetManyDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForGetMany),
	collectionField('filters', showOnlyForGetMany, [
		{
			...hasEnrichmentTaskField,
			description: 'Whether to return only lists with an enrichment task (on), or only lists without one (off)',
			routing: { send: { type: 'query', property: 'has_enrichment_task' } },
		},
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			placeholder: 'e.g. Week 49',
			description: 'Return only lists whose name contains this text',
			routing: { send: { type: 'query', property: 'search' } },
		},
	]),
];
