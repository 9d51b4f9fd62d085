/**
 * Account → Create / Update / Delete against the sandbox: what is sent, what comes out (never a password), bad
 * input sending nothing, 404s, and Retry On Fail after a create whose answer was lost.
 */
import { createLimiterRegistry, useLimiterRegistry, type LimiterRegistry } from '../nodes/Instantly/shared/limiterRegistry';
import { runNode, type Credentials } from './engine';
import type { Sandbox } from './sandbox';
import { accountCredentials, accounts, addAccount } from './sandbox/routes/accounts';
import { useSandbox } from './support/useSandbox';
import { SkippingClock } from './virtualTime';

const ACCOUNTS = '/api/v2/accounts';
const ALEX = 'alex@outreach-demo.io';
const NEW = 'sam@outreach-demo.io';
const IMAP_SECRET = 'imap-S3cret-pw!';
const SMTP_SECRET = 'smtp-S3cret-pw!';

let sandbox: Sandbox;
let credentials: Credentials;
let previous: LimiterRegistry;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});

beforeEach(() => {
	addAccount(sandbox.state, { email: ALEX, first_name: 'Alex', last_name: 'Rivera', daily_limit: 30 });
	previous = useLimiterRegistry(createLimiterRegistry({ clock: new SkippingClock() }));
});
afterEach(() => useLimiterRegistry(previous));

const run = (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({ parameters: { resource: 'account', ...parameters }, credentials, ...extra });

const byEmail = (value: string) => ({ __rl: true, mode: 'email', value });
const stored = (email: string) => accounts(sandbox.state).get(email);

const createParameters = (overrides: Record<string, unknown> = {}) => ({
	operation: 'create',
	email: ` ${NEW} `,
	firstName: 'Sam',
	lastName: 'Lee',
	providerCode: 1,
	imapUsername: NEW,
	imapPassword: IMAP_SECRET,
	imapHost: 'imap.outreach-demo.io',
	imapPort: 993,
	smtpUsername: NEW,
	smtpPassword: SMTP_SECRET,
	smtpHost: 'smtp.outreach-demo.io',
	smtpPort: 587,
	...overrides,
});

const sentBody = {
	email: NEW,
	first_name: 'Sam',
	last_name: 'Lee',
	provider_code: 1,
	imap_username: NEW,
	imap_password: IMAP_SECRET,
	imap_host: 'imap.outreach-demo.io',
	imap_port: 993,
	smtp_username: NEW,
	smtp_password: SMTP_SECRET,
	smtp_host: 'smtp.outreach-demo.io',
	smtp_port: 587,
};

function expectNoSecret(value: unknown) {
	const text = JSON.stringify(value);
	expect(text).not.toContain(IMAP_SECRET);
	expect(text).not.toContain(SMTP_SECRET);
	expect(text).not.toMatch(/imap_password|smtp_password/);
}

function expectRefused(result: Awaited<ReturnType<typeof runNode>>, message: string) {
	expect(sandbox.requests).toHaveLength(0);
	expect(result.error?.name).toBe('NodeOperationError');
	expect(result.error?.message).toBe(message);
	expect(result.error?.description).toBeTruthy();
	expectNoSecret({ m: result.error?.message, d: result.error?.description });
}

describe('Account → Create', () => {
	it('posts the account with its IMAP and SMTP sign-in and outputs the account, without any password', async () => {
		const { items, error } = await run(
			createParameters({ additionalFields: { dailyLimit: 40, sendingGap: 15, enableSlowRamp: true, replyTo: ' replies@outreach-demo.io ', signature: 'Best, Sam' } }),
		);
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			[
				'POST',
				ACCOUNTS,
				{ ...sentBody, daily_limit: 40, sending_gap: 15, enable_slow_ramp: true, reply_to: 'replies@outreach-demo.io', signature: 'Best, Sam' },
			],
		]);
		expect(stored(NEW)).toMatchObject({ email: NEW, first_name: 'Sam', provider_code: 1, daily_limit: 40, sending_gap: 15 });
		expect(accountCredentials(sandbox.state).get(NEW)).toMatchObject({ imap_password: IMAP_SECRET, smtp_port: 587 });
		expect(items).toEqual([
			{ json: { ...stored(NEW), status_name: 'Active', warmup_status_name: 'Paused' }, pairedItem: { item: 0 } },
		]);
		expectNoSecret(items);
	});

	it('strips the passwords from the output even when Instantly echoes them', async () => {
		const echoed = { ...sentBody, status: 1, warmup_status: 0, timestamp_created: '2026-12-04T00:00:00.000Z' };
		sandbox.inject({ fault: { kind: 'status', status: 200, body: echoed }, method: 'POST', path: ACCOUNTS, times: 1 });
		const { items, error } = await run(createParameters());
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ email: NEW, imap_username: NEW, imap_host: 'imap.outreach-demo.io', status_name: 'Active' });
		expectNoSecret(items);
	});

	it('one account per item, each paired to its item; a duplicate email is Instantly’s 400, the password not in the error', async () => {
		const { items } = await run(createParameters({ email: '={{ $json.email }}', imapUsername: '={{ $json.email }}', smtpUsername: '={{ $json.email }}' }), {
			items: [{ email: NEW }, { email: ALEX }, { email: 'kim@outreach-demo.io' }],
			onError: 'continueRegularOutput',
		});
		expect(sandbox.requests.map((r) => [(r.body as { email?: string }).email, r.status])).toEqual([
			[NEW, 200],
			[ALEX, 400],
			['kim@outreach-demo.io', 200],
		]);
		expect(items).toEqual([
			{ json: expect.objectContaining({ email: NEW }), pairedItem: { item: 0 } },
			expect.objectContaining({ json: { error: `Instantly answered 400: Account ${ALEX} already exists in this workspace` }, pairedItem: { item: 1 } }),
			{ json: expect.objectContaining({ email: 'kim@outreach-demo.io' }), pairedItem: { item: 2 } },
		]);
		expectNoSecret(items);
	});

	it('an error in which Instantly repeats a password shows *** in its place', async () => {
		const body = { statusCode: 400, error: 'Bad Request', message: `IMAP sign-in failed for ${NEW} with password ${IMAP_SECRET}`, smtp: { tried: SMTP_SECRET } };
		sandbox.inject({ fault: { kind: 'status', status: 400, body }, method: 'POST', path: ACCOUNTS, times: 1 });
		const { error } = await run(createParameters());
		expect([error?.name, error?.httpCode, error?.message]).toEqual(['NodeApiError', '400', `Instantly answered 400: IMAP sign-in failed for ${NEW} with password ***`]);
		expectNoSecret({ m: error?.message, d: error?.description, r: (error as { errorResponse?: unknown })?.errorResponse, c: (error as { context?: unknown })?.context });
	});

	it.each([
		['an invalid email', { email: 'sam@' }, '"sam@" in "Email" is not an email address'],
		['a blank first name', { firstName: ' ' }, 'The parameter "First Name" is empty'],
		['a provider Instantly does not know', { providerCode: '={{ 9 }}' }, '"9" in "Provider" is not a provider Instantly knows'],
		['a blank IMAP username', { imapUsername: '={{ " " }}' }, 'The parameter "IMAP Username" is empty'],
		['an empty SMTP password', { smtpPassword: '={{ "" }}' }, 'The parameter "SMTP Password" is empty'],
		['a host with a scheme', { imapHost: 'https://imap.gmail.com' }, '"https://imap.gmail.com" in "IMAP Host" is not a host name'],
		['a port out of range', { smtpPort: 70000 }, '"SMTP Port" must be a port number from 1 to 65535 (got 70000)'],
		['a port of 0', { imapPort: '={{ 0 }}' }, '"IMAP Port" must be a port number from 1 to 65535 (got 0)'],
		['a sending gap over a day', { additionalFields: { sendingGap: 2000 } }, '"Additional Fields → Sending Gap (Minutes)" must be a whole number from 0 to 1440 minutes (got 2000)'],
		['an invalid reply-to', { additionalFields: { replyTo: 'replies' } }, '"replies" in "Additional Fields → Reply To" is not an email address'],
		['a tracking domain with a scheme', { additionalFields: { trackingDomainName: 'https://t.io' } }, '"https://t.io" in "Additional Fields → Tracking Domain" is not a domain'],
	])('%s fails before sending, without the passwords in the message', async (_, overrides, message) => {
		expectRefused(await run(createParameters(overrides)), message);
	});

	it('an IP address is a host', async () => {
		const { error } = await run(createParameters({ imapHost: '192.0.2.10', smtpHost: '192.0.2.11' }));
		expect(error).toBeUndefined();
		expect(sandbox.requests[0].body).toMatchObject({ imap_host: '192.0.2.10', smtp_host: '192.0.2.11' });
	});
});

describe('Account → Create with Retry On Fail', () => {
	it('an answer lost after Instantly created it: the retry finds the account by email and outputs it, created once', async () => {
		sandbox.inject({ fault: { kind: 'drop', processed: true }, method: 'POST', path: ACCOUNTS, times: 1 });
		const { items, error } = await run(createParameters(), { retry: { maxTries: 2 } });
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['POST', ACCOUNTS, {}],
			['GET', ACCOUNTS, { search: NEW, limit: '100' }],
		]);
		expect([...accounts(sandbox.state).keys()].filter((email) => email === NEW)).toHaveLength(1);
		expect(items).toEqual([{ json: { ...stored(NEW), status_name: 'Active', warmup_status_name: 'Paused' }, pairedItem: { item: 0 } }]);
		expectNoSecret(items);
	});

	it('a connection dropped before Instantly created it: the retry finds nothing and sends it once more', async () => {
		sandbox.inject({ fault: { kind: 'drop' }, method: 'POST', path: ACCOUNTS, times: 1 });
		const { items, error } = await run(createParameters(), { retry: { maxTries: 2 } });
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${ACCOUNTS}`, `GET ${ACCOUNTS}`, `POST ${ACCOUNTS}`]);
		expect(stored(NEW)).toBeDefined();
		expect(items).toEqual([{ json: expect.objectContaining({ email: NEW }), pairedItem: { item: 0 } }]);
	});
});

describe('Account → Update', () => {
	it('patches only the fields added and outputs the account with its status names', async () => {
		const { items, error } = await run({
			operation: 'update',
			accountEmail: byEmail(ALEX),
			updateFields: { firstName: ' Alexandra ', dailyLimit: 50, skipCnameCheck: true, trackingDomainName: 'track.outreach-demo.io' },
		});
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			['PATCH', `${ACCOUNTS}/alex%40outreach-demo.io`, { first_name: 'Alexandra', daily_limit: 50, skip_cname_check: true, tracking_domain_name: 'track.outreach-demo.io' }],
		]);
		expect(stored(ALEX)).toMatchObject({ first_name: 'Alexandra', daily_limit: 50, tracking_domain_name: 'track.outreach-demo.io' });
		expect(items).toEqual([{ json: { ...stored(ALEX), status_name: 'Active', warmup_status_name: 'Active' }, pairedItem: { item: 0 } }]);
	});

	it.each([
		['no field to update', {}, 'Nothing to update: add at least one field to update'],
		['a blank last name', { lastName: ' ' }, 'The parameter "Update Fields → Last Name" is empty'],
		['a negative daily limit', { dailyLimit: -1 }, '"Update Fields → Daily Limit" must be a whole number from 0 to 1000000 (got -1)'],
	])('%s fails before sending', async (_, updateFields, message) => {
		expectRefused(await run({ operation: 'update', accountEmail: byEmail(ALEX), updateFields }), message);
	});

	it('an invalid account email fails before sending; an unknown one is Instantly’s 404', async () => {
		expectRefused(await run({ operation: 'update', accountEmail: byEmail('alex@'), updateFields: { dailyLimit: 5 } }), '"alex@" in "Account" is not an email address');
		const { error } = await run({ operation: 'update', accountEmail: byEmail('nobody@outreach-demo.io'), updateFields: { dailyLimit: 5 } });
		expect([error?.name, error?.httpCode, error?.message]).toEqual(['NodeApiError', '404', 'Instantly answered 404: Account not found']);
	});

	it('a PATCH whose answer was lost is simply sent again (setting the same values twice is setting them once)', async () => {
		sandbox.inject({ fault: { kind: 'drop', processed: true }, method: 'PATCH', times: 1 });
		const { items, error } = await run({ operation: 'update', accountEmail: byEmail(ALEX), updateFields: { sendingGap: 20 } }, { retry: { maxTries: 2 } });
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => r.method)).toEqual(['PATCH', 'PATCH']);
		expect(items).toEqual([{ json: expect.objectContaining({ email: ALEX, sending_gap: 20 }), pairedItem: { item: 0 } }]);
	});
});

describe('Account → Delete', () => {
	it('deletes the account and outputs the deleted account, paired to its item', async () => {
		addAccount(sandbox.state, { email: NEW });
		const { items, error } = await run({ operation: 'delete', accountEmail: byEmail('={{ $json.email }}') }, { items: [{ email: ALEX }, { email: NEW }] });
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.method, r.path])).toEqual([
			['DELETE', `${ACCOUNTS}/alex%40outreach-demo.io`],
			['DELETE', `${ACCOUNTS}/sam%40outreach-demo.io`],
		]);
		expect(stored(ALEX)).toBeUndefined();
		expect(stored(NEW)).toBeUndefined();
		expect(items).toEqual([
			{ json: expect.objectContaining({ email: ALEX, first_name: 'Alex', status_name: 'Active' }), pairedItem: { item: 0 } },
			{ json: expect.objectContaining({ email: NEW }), pairedItem: { item: 1 } },
		]);
	});

	it('an empty account fails before sending; an unknown one is Instantly’s 404', async () => {
		expectRefused(await run({ operation: 'delete', accountEmail: byEmail('={{ "" }}') }), 'The parameter "Account" is empty');
		const { error } = await run({ operation: 'delete', accountEmail: byEmail('nobody@outreach-demo.io') });
		expect([error?.name, error?.httpCode, error?.message]).toEqual(['NodeApiError', '404', 'Instantly answered 404: Account not found']);
		expect(stored(ALEX)).toBeDefined();
	});
});
