import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import type { JobWording } from '../../shared/backgroundJob';
import { waitForCompletionOptions, waitForJob } from '../../shared/backgroundJob';
import type { Validator } from '../../shared/routing';
import type { InstantlyRequest } from '../../shared/transport';
import { fail, parameter } from '../../shared/validation';
import { accountEmailsField, checkAccountEmails } from './shared';

const showOnlyForWarmup = { resource: ['account'], operation: ['enableWarmup', 'disableWarmup'] };

export const accountWarmupDescription: INodeProperties[] = [
	{ ...accountEmailsField, displayOptions: { show: showOnlyForWarmup } },
	collectionField(
		'options',
		showOnlyForWarmup,
		waitForCompletionOptions('changing the accounts’ warmup', 'change'),
	),
];

export const validateWarmup: Validator = function (itemIndex) {
	checkAccountEmails(this, itemIndex);
	const options = (parameter.call(this, 'options', itemIndex, {}) ?? {}) as IDataObject;
	const limit = options.waitTimeLimit;
	if ('waitTimeLimit' in options && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
		fail(
			this,
			itemIndex,
			`"Wait Time Limit" must be a whole number of at least 1 (got ${String(limit)})`,
			'Set how many seconds to wait for Instantly to finish, e.g. 300.',
		);
	}
};

const WARMUP_JOB: JobWording = {
	what: 'warmup change',
	records: 'the accounts’ warmup',
	failed: 'Instantly could not change the accounts’ warmup: the background job failed',
	fix: 'Check that the accounts exist and are connected, then run the node again.',
};

/** With "Wait for Completion", waits for the warmup job and outputs the finished job. */
export async function waitForWarmupJob(
	this: IExecuteSingleFunctions,
	job: IDataObject,
	request: InstantlyRequest,
): Promise<IDataObject[]> {
	return [await waitForJob(this, job, request.itemIndex ?? this.getItemIndex(), WARMUP_JOB, request.signal)];
}
