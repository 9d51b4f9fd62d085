import type { INodeProperties } from 'n8n-workflow';

import { collectionField, returnAllAndLimit } from '../../shared/descriptions';
import { INTEREST_STATUS_LABELS } from './shared';

const showOnlyForGetMany = { resource: ['leadLabel'], operation: ['getAll'] };

export const leadLabelGetManyDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForGetMany),
	collectionField('filters', showOnlyForGetMany, [
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			placeholder: 'e.g. Hot',
			description: 'Return only labels whose name contains this text',
			routing: { send: { type: 'query', property: 'search' } },
		},
		{
			// The API calls this filter `interest_status`, but it takes the sentiment, not a status number.
			displayName: 'Sentiment',
			name: 'interestStatus',
			type: 'options',
			options: INTEREST_STATUS_LABELS,
			default: 'positive',
			description: 'Return only labels of this sentiment',
			routing: { send: { type: 'query', property: 'interest_status' } },
		},
	]),
];
