import type { INodeProperties } from 'n8n-workflow';

import { leadIdField } from './shared';

const showOnlyForGet = { resource: ['lead'], operation: ['get'] };

export const leadGetDescription: INodeProperties[] = [
	{ ...leadIdField, displayOptions: { show: showOnlyForGet } },
];
