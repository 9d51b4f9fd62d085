import type { INodeProperties } from 'n8n-workflow';

import { collectionField, returnAllAndLimit } from '../../shared/descriptions';
import { sendAs, transforms } from '../../shared/request';
import { CAMPAIGN_STATUSES, campaignStatus } from './shared';

const showOnlyForGetMany = { resource: ['campaign'], operation: ['getAll'] };

export const campaignGetManyDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForGetMany),
	collectionField('filters', showOnlyForGetMany, [
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			placeholder: 'e.g. Q3',
			description: 'Return only campaigns whose name contains this text',
			routing: { send: { type: 'query', property: 'search' } },
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: CAMPAIGN_STATUSES,
			default: 1,
			description: 'Return only campaigns in this state',
			// An expression (or an AI Agent) may name the status ("Paused") instead of giving its number.
			routing: sendAs('status', campaignStatus, 'query'),
		},
		{
			displayName: 'Tag IDs',
			name: 'tagIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. 0199f36c-d715-7d47-bf95-f164c0f957b1, 0199f36c-…',
			description: 'Return only campaigns with any of these tags (IDs separated by commas, or a list)',
			routing: sendAs('tag_ids', (value) => transforms.list(value).join(',') || undefined, 'query'),
		},
	]),
];
