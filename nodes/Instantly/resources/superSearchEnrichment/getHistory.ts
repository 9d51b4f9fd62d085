import type { INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit } from '../../shared/descriptions';
import type { Validator } from '../../shared/routing';
import { parameter } from '../../shared/validation';
import { RESOURCE, requireResource, wholeNumberIn } from './shared';

const showOnlyForHistory = { resource: [RESOURCE], operation: ['getHistory'] };

/**
 * The most entries a Limit asks for: Instantly pages the history by `limit` (1–100) and `offset`, and the
 * paginator fetches as many pages as the Limit needs; beyond this, Return All says it better.
 */
export const HISTORY_LIMIT_MAX = 50_000;

export const superSearchEnrichmentGetHistoryDescription: INodeProperties[] = returnAllAndLimit(showOnlyForHistory).map(
	(field) => (field.name === 'limit' ? { ...field, typeOptions: { ...field.typeOptions, maxValue: HISTORY_LIMIT_MAX } } : field),
);

export const validateGetHistory: Validator = function (itemIndex) {
	requireResource(this, itemIndex);
	if (parameter.call(this, 'returnAll', itemIndex, false) === true) return;
	wholeNumberIn(this, itemIndex, parameter.call(this, 'limit', itemIndex, 50), 'Limit', 1, HISTORY_LIMIT_MAX);
};
