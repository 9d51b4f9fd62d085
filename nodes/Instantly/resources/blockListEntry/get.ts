import type { INodeProperties } from 'n8n-workflow';

import { blockListEntryIdField } from './shared';

const showOnlyForGet = { resource: ['blockListEntry'], operation: ['get'] };

export const blockListEntryGetDescription: INodeProperties[] = [
	{ ...blockListEntryIdField, displayOptions: { show: showOnlyForGet } },
];
