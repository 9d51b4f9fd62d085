import { createLimiterRegistry, useLimiterRegistry, type LimiterRegistry } from '../nodes/Instantly/shared/limiterRegistry';
import { runNode, type Credentials } from './engine';
import { accounts, addAccount } from './sandbox/routes/accounts';
import { backgroundJobs, planBackgroundJobs } from './sandbox/routes/backgroundJobs';
import type { Sandbox } from './sandbox';
import { useSandbox } from './support/useSandbox';
import { SkippingClock } from './virtualTime';

const ACCOUNTS = '/api/v2/accounts';
const ALEX = 'alex@outreach-demo.io';
const KIM = 'kim@outreach-demo.io';

let sandbox: Sandbox;
let credentials: Credentials;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});

beforeEach(() => {
	addAccount(sandbox.state, { email: ALEX, first_name: 'Alex', stat_warmup_score: 98 });
	addAccount(sandbox.state, { email: KIM, status: 2, warmup_status: 0, provider_code: 3, stat_warmup_score: 74, tag_ids: ['t1'] });
});

const run = (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({ parameters: { resource: 'account', ...parameters }, credentials, ...extra });

const byEmail = (value: string) => ({ __rl: true, mode: 'email', value });

const stored = (email: string) => accounts(sandbox.state).get(email)!;

function expectRefused(error: Awaited<ReturnType<typeof runNode>>['error'], message: string) {
	expect(sandbox.requests).toHaveLength(0);
	expect(error?.message).toBe(message);
	expect(error?.name).toBe('NodeOperationError');
	expect(error?.description).toBeTruthy();
}

describe('Account → Get Many', () => {
	it('one item per account, as Instantly answered it, plus the names of its statuses', async () => {
		const { items, error } = await run({ operation: 'getAll', returnAll: true });
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.path, r.query])).toEqual([['GET', ACCOUNTS, { limit: '100' }]]);
		expect(items).toEqual([
			{ json: { ...stored(ALEX), status_name: 'Active', warmup_status_name: 'Active' }, pairedItem: { item: 0 } },
			{ json: { ...stored(KIM), status_name: 'Paused', warmup_status_name: 'Paused' }, pairedItem: { item: 0 } },
		]);
	});

	it('sends search, status, provider_code and tag_ids (comma-joined) as query filters', async () => {
		const { items } = await run({
			operation: 'getAll',
			returnAll: false,
			limit: 5,
			filters: { search: 'kim', status: 2, providerCode: 3, tagIds: ' t1 , t2 ' },
		});
		expect(sandbox.requests.map((r) => r.query)).toEqual([
			{ limit: '5', search: 'kim', status: '2', provider_code: '3', tag_ids: 't1,t2' },
		]);
		expect(items.map((i) => i.json.email)).toEqual([KIM]);
	});

	it.each([
		['a status Instantly does not know', { status: 7 }, '"7" in "Filters → Status" is not one Instantly knows'],
		['a provider Instantly does not know', { providerCode: '={{ "Yahoo" }}' }, '"Yahoo" in "Filters → Provider" is not one Instantly knows'],
		['empty tag IDs', { tagIds: ' , ' }, 'The filter "Tag IDs" is empty'],
	])('%s fails before sending', async (_, filters, message) => {
		const { error } = await run({ operation: 'getAll', returnAll: true, filters });
		expectRefused(error, message);
	});
});

describe('Account → Get / Pause / Resume', () => {
	it('gets an account by email (From List, By Email, or a plain string), URL-encoded', async () => {
		const list = await run({ operation: 'get', accountEmail: { __rl: true, mode: 'list', value: ALEX } });
		const typed = await run({ operation: 'get', accountEmail: byEmail(` ${ALEX} `) });
		const plain = await run({ operation: 'get', accountEmail: KIM });
		expect(sandbox.requests.map((r) => [r.method, r.path])).toEqual([
			['GET', `${ACCOUNTS}/alex%40outreach-demo.io`],
			['GET', `${ACCOUNTS}/alex%40outreach-demo.io`],
			['GET', `${ACCOUNTS}/kim%40outreach-demo.io`],
		]);
		expect(list.items).toEqual([{ json: { ...stored(ALEX), status_name: 'Active', warmup_status_name: 'Active' }, pairedItem: { item: 0 } }]);
		expect(typed.items).toEqual(list.items);
		expect(plain.items[0].json).toMatchObject({ email: KIM, status: 2, status_name: 'Paused' });
	});

	it('pauses and resumes accounts, one request per item, each output paired to its item', async () => {
		const paused = await run({ operation: 'pause', accountEmail: byEmail('={{ $json.email }}') }, { items: [{ email: ALEX }] });
		const resumed = await run({ operation: 'resume', accountEmail: byEmail('={{ $json.email }}') }, { items: [{ email: KIM }, { email: ALEX }] });
		expect(sandbox.requests.map((r) => [r.method, r.path, r.rawBody])).toEqual([
			['POST', `${ACCOUNTS}/alex%40outreach-demo.io/pause`, ''],
			['POST', `${ACCOUNTS}/kim%40outreach-demo.io/resume`, ''],
			['POST', `${ACCOUNTS}/alex%40outreach-demo.io/resume`, ''],
		]);
		expect(paused.items).toEqual([{ json: expect.objectContaining({ email: ALEX, status: 2, status_name: 'Paused' }), pairedItem: { item: 0 } }]);
		expect(resumed.items).toEqual([
			{ json: expect.objectContaining({ email: KIM, status: 1, status_name: 'Active' }), pairedItem: { item: 0 } },
			{ json: expect.objectContaining({ email: ALEX, status: 1 }), pairedItem: { item: 1 } },
		]);
		expect([stored(ALEX).status, stored(KIM).status]).toEqual([1, 1]);
	});

	it.each([
		['an empty account', '={{ "" }}', 'The parameter "Account" is empty'],
		['an invalid email', 'alex@', '"alex@" in "Account" is not an email address'],
	])('%s fails before sending', async (_, value, message) => {
		const { error } = await run({ operation: 'pause', accountEmail: byEmail(value) });
		expectRefused(error, message);
	});

	it('404 for an unknown account; with "Continue" an error item beside the others', async () => {
		const { error } = await run({ operation: 'get', accountEmail: byEmail('nobody@outreach-demo.io') });
		expect([error?.name, error?.httpCode, error?.message]).toEqual(['NodeApiError', '404', 'Instantly answered 404: Account not found']);
		const { items } = await run(
			{ operation: 'resume', accountEmail: byEmail('={{ $json.email }}') },
			{ items: [{ email: 'nobody@outreach-demo.io' }, { email: KIM }], onError: 'continueRegularOutput' },
		);
		expect(items).toEqual([
			expect.objectContaining({ json: { error: 'Instantly answered 404: Account not found' }, pairedItem: { item: 0 } }),
			{ json: expect.objectContaining({ email: KIM, status: 1 }), pairedItem: { item: 1 } },
		]);
	});

	it('401: Instantly’s message and status, never the key', async () => {
		const secret = 'sk_live_DO_NOT_LEAK_0987654321';
		const { error } = await runNode({
			parameters: { resource: 'account', operation: 'pause', accountEmail: byEmail(ALEX) },
			credentials: { apiKey: secret, baseUrl: sandbox.url },
		});
		expect([error?.name, error?.httpCode, error?.message]).toEqual(['NodeApiError', '401', 'Instantly answered 401: Invalid API key']);
		expect(JSON.stringify({ m: error?.message, d: error?.description })).not.toContain(secret);
		expect(stored(ALEX).status).toBe(1);
	});
});

describe('Account → Enable / Disable Warmup', () => {
	// The job polling waits on the requests' clock: one that jumps over every wait.
	let clock: SkippingClock;
	let previous: LimiterRegistry;
	beforeEach(() => {
		clock = new SkippingClock();
		previous = useLimiterRegistry(createLimiterRegistry({ clock }));
	});
	afterEach(() => useLimiterRegistry(previous));

	it('posts {emails} from a comma list and outputs the accepted job', async () => {
		const { items, error } = await run({ operation: 'enableWarmup', accountEmails: ` ${KIM}, ${ALEX} ` });
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', `${ACCOUNTS}/warmup/enable`, { emails: [KIM, ALEX] }],
		]);
		const job = [...backgroundJobs(sandbox.state).values()][0];
		expect(items).toEqual([{ json: expect.objectContaining({ id: job.id, type: 'enable-warmup', status: 'pending' }), pairedItem: { item: 0 } }]);
		expect(clock.sleeps).toEqual([]);
	});

	it('takes a list mapped from a previous node; Wait for Completion polls until the job is done', async () => {
		const { items, error } = await run(
			{ operation: 'disableWarmup', accountEmails: '={{ $json.emails }}', options: { waitForCompletion: true } },
			{ items: [{ emails: [ALEX] }] },
		);
		expect(error).toBeUndefined();
		const job = [...backgroundJobs(sandbox.state).values()][0];
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`POST ${ACCOUNTS}/warmup/disable`,
			`GET /api/v2/background-jobs/${job.id}`,
			`GET /api/v2/background-jobs/${job.id}`,
		]);
		expect(sandbox.requests[0].body).toEqual({ emails: [ALEX] });
		expect(clock.sleeps).toEqual([500, 1000]);
		expect(items).toEqual([{ json: expect.objectContaining({ id: job.id, status: 'success' }), pairedItem: { item: 0 } }]);
		expect(stored(ALEX).warmup_status).toBe(0);
	});

	it('a failed job fails the node with the job’s reason', async () => {
		planBackgroundJobs(sandbox.state, { polls: 1, outcome: 'failed', error: 'Account is disconnected' });
		const { error } = await run({ operation: 'enableWarmup', accountEmails: KIM, options: { waitForCompletion: true } });
		const job = [...backgroundJobs(sandbox.state).values()][0];
		expect(error?.message).toBe('Instantly could not change the accounts’ warmup: the background job failed');
		expect(error?.description).toBe(
			`Background job ${job.id}: Account is disconnected. Check that the accounts exist and are connected, then run the node again.`,
		);
		expect(stored(KIM).warmup_status).toBe(0);
	});

	it('a job still running at the time limit fails clearly', async () => {
		planBackgroundJobs(sandbox.state, { outcome: 'never' });
		const { error } = await run({ operation: 'enableWarmup', accountEmails: KIM, options: { waitForCompletion: true, waitTimeLimit: 2 } });
		expect(error?.message).toBe('The warmup change did not finish within 2 seconds');
		expect(clock.now()).toBe(2000);
	});

	it.each([
		['no email', ' , ', 'The parameter "Account Emails" is empty'],
		['an invalid email', `${ALEX}, kim@`, '"kim@" in "Account Emails" is not an email address'],
	])('%s fails before sending', async (_, accountEmails, message) => {
		const { error } = await run({ operation: 'disableWarmup', accountEmails });
		expectRefused(error, message);
	});

	it('a wait limit below 1 fails before sending', async () => {
		const { error } = await run({ operation: 'enableWarmup', accountEmails: KIM, options: { waitForCompletion: true, waitTimeLimit: 0 } });
		expectRefused(error, '"Wait Time Limit" must be a whole number of at least 1 (got 0)');
	});

	it('400 for an account Instantly does not know', async () => {
		const { error } = await run({ operation: 'enableWarmup', accountEmails: 'nobody@outreach-demo.io' });
		expect([error?.name, error?.httpCode, error?.message]).toEqual([
			'NodeApiError',
			'400',
			'Instantly answered 400: Account(s) not found in this workspace: nobody@outreach-demo.io',
		]);
	});
});

describe('Account → Get Warmup Analytics', () => {
	it('one item per account in the order asked, with its health score and counts as numbers', async () => {
		const { items, error } = await run({ operation: 'getWarmupAnalytics', accountEmails: `${KIM},${ALEX}` });
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', `${ACCOUNTS}/warmup-analytics`, { emails: [KIM, ALEX] }],
		]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(items.map(({ json: { email_date_data: _, ...totals } }) => totals)).toEqual([
			{ email: KIM, sent: 0, landed_inbox: 0, landed_spam: 0, received: 0, health_score: 74, health_score_label: '74%' },
			{ email: ALEX, sent: 70, landed_inbox: 70, landed_spam: 0, received: 70, health_score: 98, health_score_label: '98%' },
		]);
		expect(Object.keys(items[1].json.email_date_data as object)).toHaveLength(7);
	});

	it('numbers Instantly sends as text come out as numbers', async () => {
		sandbox.inject({
			fault: {
				kind: 'status',
				status: 200,
				body: { email_date_data: {}, aggregate_data: { [ALEX]: { sent: '12', health_score: '91.5', health_score_label: '91.5%' } } },
			},
			path: `${ACCOUNTS}/warmup-analytics`,
		});
		const { items } = await run({ operation: 'getWarmupAnalytics', accountEmails: ALEX });
		expect(items).toEqual([
			{ json: { email: ALEX, sent: 12, health_score: 91.5, health_score_label: '91.5%', email_date_data: {} }, pairedItem: { item: 0 } },
		]);
	});

	it('more than 100 accounts in one item fail before sending', async () => {
		const many = Array.from({ length: 101 }, (_, i) => `a${i}@outreach-demo.io`).join(',');
		const { error } = await run({ operation: 'getWarmupAnalytics', accountEmails: many });
		expectRefused(error, '"Account Emails" holds 101 accounts; Instantly takes at most 100 per request');
	});

	it('400 for an unknown account', async () => {
		const { error } = await run({ operation: 'getWarmupAnalytics', accountEmails: 'nobody@outreach-demo.io' });
		expect([error?.name, error?.httpCode]).toEqual(['NodeApiError', '400']);
	});
});
