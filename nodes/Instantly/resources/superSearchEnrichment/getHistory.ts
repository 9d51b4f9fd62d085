import type { INodeProperties } from 'n8n-workflow';

import type { Validator } from '../../shared/routing';
import { parameter } from '../../shared/validation';
import { RESOURCE, requireResource, wholeNumberIn } from './shared';

const showOnlyForHistory = { resource: [RESOURCE], operation: ['getHistory'] };

export const HISTORY_LIMIT_MAX = 100;

export const superSearchEnrichmentGetHistoryDescription: INodeProperties[] = [
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: HISTORY_LIMIT_MAX },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: showOnlyForHistory },
		routing: { send: { type: 'query', property: 'limit' } },
	},
	{
		displayName: 'Offset',
		name: 'offset',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'How many history entries to skip (for the next page: the previous Offset plus Limit)',
		displayOptions: { show: showOnlyForHistory },
		routing: { send: { type: 'query', property: 'offset' } },
	},
];

export const validateGetHistory: Validator = function (itemIndex) {
	requireResource(this, itemIndex);
	wholeNumberIn(this, itemIndex, parameter.call(this, 'limit', itemIndex, 50), 'Limit', 1, HISTORY_LIMIT_MAX);
	wholeNumberIn(this, itemIndex, parameter.call(this, 'offset', itemIndex, 0), 'Offset', 0, Infinity);
};
