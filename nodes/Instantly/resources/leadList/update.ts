import type { INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import { sendAs, transforms } from '../../shared/request';
import { hasEnrichmentTaskField, leadListIdField, ownedByField } from './shared';

const showOnlyForUpdate = { resource: ['leadList'], operation: ['update'] };

export const leadListUpdateDescription: INodeProperties[] = [
	{ ...leadListIdField, displayOptions: { show: showOnlyForUpdate } },
	collectionField('updateFields', showOnlyForUpdate, [
		{ ...hasEnrichmentTaskField, routing: { send: { type: 'body', property: 'has_enrichment_task' } } },
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'e.g. Week 49 – SaaS founders',
			description: 'The new name of the list',
			routing: sendAs('name', transforms.trimmed),
		},
		{ ...ownedByField, routing: sendAs('owned_by', transforms.trimmed) },
	]),
];
