import type { INodeProperties } from 'n8n-workflow';

import type { Validator } from '../../shared/routing';
import { emailIdDescription, emailIdField, requireUuidParameter } from './shared';

const showOnlyForGet = { resource: ['email'], operation: ['get'] };

export const emailGetDescription: INodeProperties[] = [
	{ ...emailIdField('emailId', 'Email ID', emailIdDescription), displayOptions: { show: showOnlyForGet } },
];

/** Get, Update and Delete: the ID goes into the path, so it must look like one. */
export const validateEmailId: Validator = function (itemIndex) {
	requireUuidParameter(this, itemIndex, 'emailId', 'Email ID');
};
