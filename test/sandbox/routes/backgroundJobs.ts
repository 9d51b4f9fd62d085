import { mustFind, type Route, type RouteModule } from '../server';
import { ORGANIZATION_ID, USER_ID, type SandboxState } from '../state';

export type JobStatus = 'pending' | 'in-progress' | 'success' | 'failed';

export interface BackgroundJob extends Record<string, unknown> {
	id: string;
	workspace_id: string;
	user_id: string;
	type: string;
	entity_id: string | null;
	entity_type: string | null;
	data: Record<string, unknown>;
	progress: number;
	status: JobStatus;
	created_at: string;
	updated_at: string;
}

/**
 * How the next jobs end: after how many status polls, and whether they succeed, fail, or never
 * finish (to test a caller's time limit). Tests set it with `planBackgroundJobs`.
 */
export interface JobPlan {
	polls: number;
	outcome: 'success' | 'failed' | 'never';
	/** The reason a failed job reports. */
	error?: string;
}

const DEFAULT_PLAN: JobPlan = { polls: 2, outcome: 'success' };
const PLAN = 'backgroundJobs.plan';

export function backgroundJobs(state: SandboxState) {
	return state.collection<BackgroundJob>('backgroundJobs');
}

export function planBackgroundJobs(state: SandboxState, plan: Partial<JobPlan>): void {
	state.extra.set(PLAN, { ...DEFAULT_PLAN, ...plan });
}

/** What a job does when it succeeds, and how far it has got; kept beside the job, never sent. */
interface JobRun {
	plan: JobPlan;
	polls: number;
	work: () => Record<string, unknown> | void;
}

function runs(state: SandboxState): Map<string, JobRun> {
	let map = state.extra.get('backgroundJobs.runs') as Map<string, JobRun> | undefined;
	if (!map) {
		map = new Map();
		state.extra.set('backgroundJobs.runs', map);
	}
	return map;
}

/** Starts a job in "pending"; `work` runs when it succeeds and may add to its `data`. */
export function startJob(
	state: SandboxState,
	type: string,
	data: Record<string, unknown>,
	work: JobRun['work'],
	entity: { id: string | null; type: string | null } = { id: null, type: null },
): BackgroundJob {
	const now = state.now();
	const job: BackgroundJob = {
		id: state.newId(),
		workspace_id: ORGANIZATION_ID,
		user_id: USER_ID,
		type,
		entity_id: entity.id,
		entity_type: entity.type,
		data,
		progress: 0,
		status: 'pending',
		created_at: now,
		updated_at: now,
	};
	backgroundJobs(state).set(job.id, job);
	const plan = (state.extra.get(PLAN) as JobPlan | undefined) ?? DEFAULT_PLAN;
	runs(state).set(job.id, { plan, polls: 0, work });
	return { ...job };
}

/** Each look at a job moves it on: "in-progress" first, then its planned end after `plan.polls` looks. */
function advance(state: SandboxState, job: BackgroundJob): void {
	const run = runs(state).get(job.id);
	if (!run || job.status === 'success' || job.status === 'failed') return;
	run.polls++;
	job.updated_at = state.now();
	if (run.polls < run.plan.polls || run.plan.outcome === 'never') {
		job.status = 'in-progress';
		job.progress = Math.min(90, Math.round((100 * run.polls) / Math.max(run.plan.polls, 2)));
		return;
	}
	if (run.plan.outcome === 'failed') {
		job.status = 'failed';
		job.data = { ...job.data, error: run.plan.error ?? 'The background job failed' };
		return;
	}
	const result = run.work();
	job.status = 'success';
	job.progress = 100;
	if (result) job.data = { ...job.data, ...result };
}

/** `GET /background-jobs/{id}`. */
export const backgroundJobRoutes: RouteModule = (): Route[] => [
	{
		method: 'GET',
		path: '/api/v2/background-jobs/:id',
		handle: ({ state, params }) => {
			const job = mustFind(backgroundJobs(state), params.id);
			advance(state, job);
			return { ...job };
		},
	},
];
