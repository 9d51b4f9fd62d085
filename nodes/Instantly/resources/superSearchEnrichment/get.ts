import type { INodeProperties } from 'n8n-workflow';

import type { Validator } from '../../shared/routing';
import { requireResource } from './shared';

// Get takes only the campaign or list (resourceFields, in shared.ts).
export const superSearchEnrichmentGetDescription: INodeProperties[] = [];

export const validateGet: Validator = function (itemIndex) {
	requireResource(this, itemIndex);
};
