import type { INodeProperties } from 'n8n-workflow';

import { leadLabelIdField } from './shared';

const showOnlyForGet = { resource: ['leadLabel'], operation: ['get'] };

export const leadLabelGetDescription: INodeProperties[] = [
	{ ...leadLabelIdField, displayOptions: { show: showOnlyForGet } },
];
