import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sleepUnlessAborted } from './sleep';
import { requestClock } from './limiterRegistry';
import { instantlyApiRequest } from './transport';

/**
 * Instantly answers some bulk changes (Lead → Move, Account → Enable / Disable Warmup) with a background job
 * (`GET /api/v2/background-jobs/{id}`). With "Wait for Completion" the node polls it until it ends.
 */

/** How often a background job is asked about: soon at first (small jobs finish in seconds), then less often. */
export const JOB_POLL = { firstDelayMs: 500, maxDelayMs: 10_000 };
export const DEFAULT_WAIT_SECONDS = 300;

/** The "Wait for Completion" and "Wait Time Limit" options, worded for the operation ("moving the leads"). */
export function waitForCompletionOptions(doing: string, what: string): INodeProperties[] {
	return [
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: false,
			description: `Whether to wait until Instantly has finished ${doing} and output the finished job. Otherwise the node outputs the job as soon as Instantly has accepted it.`,
		},
		{
			displayName: 'Wait Time Limit (Seconds)',
			name: 'waitTimeLimit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_WAIT_SECONDS,
			description: `With Wait for Completion: how long to wait before the node fails. The ${what} itself goes on in Instantly.`,
		},
	];
}

/** How the errors of one kind of job read. */
export interface JobWording {
	/** The job's noun: "move", "warmup change". */
	what: string;
	/** What to look at in Instantly instead of waiting: "the leads". */
	records: string;
	/** The error when the job failed. */
	failed: string;
	/** What to do then, after the job's reason. */
	fix: string;
}

const FINISHED = new Set(['success', 'failed']);

/**
 * With the item's "Wait for Completion" option, polls the job (backing off) until it succeeds or fails, and
 * returns the finished job; fails on a failed job or when "Wait Time Limit" is up. Without it, the job as accepted.
 */
export async function waitForJob(
	ctx: IExecuteSingleFunctions,
	job: IDataObject,
	itemIndex: number,
	words: JobWording,
	/** The run's signal: a stopped execution ends the wait, and the next poll is not sent. */
	signal?: AbortSignal,
): Promise<IDataObject> {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	if (options.waitForCompletion !== true) return job;
	const id = typeof job.id === 'string' ? job.id : '';
	if (!id) {
		throw new NodeOperationError(ctx.getNode(), `Instantly accepted the ${words.what} but sent no job ID to wait for`, {
			itemIndex,
			description: `Turn off "Wait for Completion" and check ${words.records} in Instantly.`,
		});
	}
	const limitSeconds = Number(options.waitTimeLimit ?? DEFAULT_WAIT_SECONDS);
	// The clock the requests wait on: tests hand in a virtual one.
	const clock = requestClock();
	const deadline = clock.now() + limitSeconds * 1000;
	let current = job;
	let delay = JOB_POLL.firstDelayMs;
	while (!FINISHED.has(String(current.status))) {
		const remaining = deadline - clock.now();
		if (remaining <= 0) {
			const progress = typeof current.progress === 'number' ? `, ${current.progress}% done` : '';
			throw new NodeOperationError(ctx.getNode(), `The ${words.what} did not finish within ${limitSeconds} seconds`, {
				itemIndex,
				description: `Instantly goes on with it (background job ${id}, status "${String(current.status)}"${progress}). Raise "Wait Time Limit", or turn off "Wait for Completion" and check ${words.records} later. Retry On Fail waits for this same job again; running the workflow again would start a second ${words.what}.`,
			});
		}
		await sleepUnlessAborted(clock, Math.min(delay, remaining), signal ?? ctx.getExecutionCancelSignal());
		current = (await instantlyApiRequest.call(ctx, {
			method: 'GET',
			url: `/api/v2/background-jobs/${encodeURIComponent(id)}`,
			itemIndex,
			signal,
		})) as IDataObject;
		delay = Math.min(delay * 2, JOB_POLL.maxDelayMs);
	}
	if (current.status === 'failed') {
		const reason = jobFailure(current);
		throw new NodeOperationError(ctx.getNode(), words.failed, {
			itemIndex,
			description: `Background job ${id}${reason ? `: ${reason}` : ''}. ${words.fix}`,
		});
	}
	return current;
}

/** Instantly does not document where a failed job says why; look where such reasons usually are. */
function jobFailure(job: IDataObject): string {
	const data = (job.data ?? {}) as IDataObject;
	for (const value of [job.error, job.message, data.error, data.message]) {
		if (typeof value === 'string' && value) return value;
	}
	return '';
}
