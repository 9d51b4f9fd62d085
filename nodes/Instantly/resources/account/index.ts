import type { INodeProperties } from 'n8n-workflow';

import { resendAfterUncertain, route } from '../../shared/routing';
import { accountCreateDescription, findCreatedAccount, validateCreate } from './create';
import { accountDeleteDescription } from './delete';
import { accountSingleDescription } from './get';
import { accountGetManyDescription, validateGetMany } from './getAll';
import { accountWarmupAnalyticsDescription, validateWarmupAnalytics, warmupAnalyticsPerAccount } from './getWarmupAnalytics';
import { outputAccount, validateAccountEmail } from './shared';
import { accountUpdateDescription, validateUpdate } from './update';
import { accountWarmupDescription, validateWarmup, waitForWarmupJob } from './warmup';

const showOnlyForAccounts = { resource: ['account'] };
const ACCOUNTS = '/api/v2/accounts';
const ACCOUNT = `${ACCOUNTS}/{accountEmail}`;
const single = { validate: validateAccountEmail, output: outputAccount };

export const accountDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForAccounts },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create an account',
				description: 'Connect a sending account with its IMAP and SMTP sign-in',
				// An uncertain create is looked up by email before it is sent again (Instantly keys accounts by email).
				routing: route('POST', ACCOUNTS, { validate: validateCreate, output: outputAccount, recover: findCreatedAccount }),
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete an account',
				description: 'Remove a sending account from the workspace for good',
				// DELETE is idempotent: after an uncertain try it is simply sent again (as every delete of the node).
				routing: route('DELETE', ACCOUNT, single),
			},
			{
				name: 'Disable Warmup',
				value: 'disableWarmup',
				action: 'Disable warmup for accounts',
				description: 'Stop warming up one or more sending accounts (a background job in Instantly)',
				routing: route('POST', `${ACCOUNTS}/warmup/disable`, { validate: validateWarmup, output: waitForWarmupJob, recover: resendAfterUncertain }),
			},
			{
				name: 'Enable Warmup',
				value: 'enableWarmup',
				action: 'Enable warmup for accounts',
				description: 'Start warming up one or more sending accounts (a background job in Instantly)',
				routing: route('POST', `${ACCOUNTS}/warmup/enable`, { validate: validateWarmup, output: waitForWarmupJob, recover: resendAfterUncertain }),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an account',
				description: 'Get one sending account by its email, with its status and warmup status by name',
				routing: route('GET', ACCOUNT, single),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many accounts',
				description: 'List the workspace’s sending accounts, optionally filtered',
				routing: route('GET', ACCOUNTS, { list: 'qs', validate: validateGetMany, output: outputAccount }),
			},
			{
				name: 'Get Warmup Analytics',
				value: 'getWarmupAnalytics',
				action: 'Get warmup analytics for accounts',
				description: 'Get the warmup health score and inbox / spam counts of one or more accounts, one item per account',
				routing: route('POST', `${ACCOUNTS}/warmup-analytics`, { validate: validateWarmupAnalytics, output: warmupAnalyticsPerAccount, recover: resendAfterUncertain }),
			},
			{
				name: 'Pause',
				value: 'pause',
				action: 'Pause an account',
				description: 'Stop an account from sending campaign emails until it is resumed',
				routing: route('POST', `${ACCOUNT}/pause`, { ...single, recover: resendAfterUncertain }),
			},
			{
				name: 'Resume',
				value: 'resume',
				action: 'Resume an account',
				description: 'Let a paused account send campaign emails again',
				routing: route('POST', `${ACCOUNT}/resume`, { ...single, recover: resendAfterUncertain }),
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update an account',
				description: 'Change a sending account’s names, limits, sending gap, signature, reply-to or tracking domain',
				// PATCH sets the same values twice over: after an uncertain try it is simply sent again.
				routing: route('PATCH', ACCOUNT, { validate: validateUpdate, output: outputAccount }),
			},
		],
		default: 'getAll',
	},
	...accountCreateDescription,
	...accountDeleteDescription,
	...accountGetManyDescription,
	...accountSingleDescription,
	...accountWarmupDescription,
	...accountWarmupAnalyticsDescription,
	...accountUpdateDescription,
];
