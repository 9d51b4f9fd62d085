import type { INodeProperties } from 'n8n-workflow';

import { leadListIdField } from './shared';

const showOnlyForGet = { resource: ['leadList'], operation: ['get'] };

export const leadListGetDescription: INodeProperties[] = [{ ...leadListIdField, displayOptions: { show: showOnlyForGet } }];
