import type { INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import { sendAs, transforms } from '../../shared/request';
import { hasEnrichmentTaskField, ownedByField } from './shared';

const showOnlyForCreate = { resource: ['leadList'], operation: ['create'] };

export const leadListCreateDescription: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Week 49 – SaaS founders',
		description: 'The name of the list, as it appears in Instantly',
		displayOptions: { show: showOnlyForCreate },
		routing: sendAs('name', transforms.trimmed),
	},
	collectionField('options', showOnlyForCreate, [
		{ ...hasEnrichmentTaskField, routing: { send: { type: 'body', property: 'has_enrichment_task' } } },
		{ ...ownedByField, routing: sendAs('owned_by', transforms.trimmedOrLeftOut) },
	]),
];
