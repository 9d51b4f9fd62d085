// The Lead List and Account cases of `npm run test:e2e`: every operation of both resources in a real n8n against
// the sandbox's demo workspace. Each workflow leaves the demo data as it found it (lists it creates it deletes;
// an account it pauses it resumes; warmup it enables it disables again).
import assert from 'node:assert/strict';
import { byId, code, instantly, workflow } from './workflows.mjs';

const LISTS = '/api/v2/lead-lists';
const ACCOUNTS = '/api/v2/accounts';

const lines = (requests) => requests.map((r) => `${r.method} ${r.path}`);
const byEmail = (value) => ({ __rl: true, mode: 'email', value });

function assertPaired(items, index = 0) {
	for (const item of items) assert.deepEqual(item.pairedItem, { item: index }, `an output item is not paired to input ${index}`);
}

export function addLeadListAccountCases(ctx, add) {
	const { sandbox, state } = ctx;
	const NAME = 'e2e Week 49';
	const RENAMED = 'e2e Week 49 – SaaS founders';

	add({
		name: 'Lead List: Create → Get → Update → Get Many, filled by Add Many (mapped ID) and Create (by name), then Delete',
		workflow: workflow('e2eLeadListCrud', 'e2e: lead list CRUD and import', {
			branches: [
				[
					instantly('Create list', { resource: 'leadList', operation: 'create', name: ` ${NAME} ` }),
					instantly('Get list', { resource: 'leadList', operation: 'get', leadListId: byId('={{ $json.id }}') }),
					instantly('Update list', {
						resource: 'leadList',
						operation: 'update',
						leadListId: byId('={{ $json.id }}'),
						updateFields: { name: RENAMED, hasEnrichmentTask: true },
					}),
					instantly('Find list', { resource: 'leadList', operation: 'getAll', returnAll: true, filters: { search: 'e2e Week 49', hasEnrichmentTask: true } }),
					code('Rows', "return ['a@e2e-list.io', 'b@e2e-list.io'].map((email) => ({ json: { email, list: $('Create list').first().json.id } }));"),
					instantly('Add Many', { resource: 'lead', operation: 'addMany', addTo: 'list', listId: byId('={{ $json.list }}'), email: '={{ $json.email }}' }),
					// As an AI Agent passes it: the list's exact name instead of its ID.
					instantly('Create by name', { resource: 'lead', operation: 'create', email: "={{ 'named.' + $json.email }}", addTo: 'list', listId: byId(RENAMED) }),
					code('One item', "return [{ json: { id: $('Create list').first().json.id } }];"),
					instantly('Delete list', { resource: 'leadList', operation: 'delete', leadListId: byId('={{ $json.id }}') }),
				],
			],
		}),
		async check(run) {
			const [created] = run.items('Create list');
			const id = created.json.id;
			assert.equal(created.json.name, NAME);
			assert.equal(run.items('Get list')[0].json.id, id);
			assert.equal(run.items('Update list')[0].json.name, RENAMED);
			assert.deepEqual(run.items('Find list').map((i) => i.json.id), [id]);
			assert.deepEqual(run.items('Add Many').map((i) => i.json.status), ['created', 'created']);
			assert.deepEqual(run.items('Create by name').map((i) => i.json.list_id), [id, id]);
			assert.equal(run.items('Delete list')[0].json.id, id);
			for (const node of ['Create list', 'Get list', 'Update list', 'Find list', 'Delete list']) assertPaired(run.items(node));
			assertPaired(run.items('Create by name').slice(1), 1);
			assert.deepEqual(lines(run.requests), [
				`POST ${LISTS}`,
				`GET ${LISTS}/${id}`,
				`PATCH ${LISTS}/${id}`,
				`GET ${LISTS}`,
				'POST /api/v2/leads/add',
				// The name is looked up once for both items.
				`GET ${LISTS}`,
				'POST /api/v2/leads',
				'POST /api/v2/leads',
				`DELETE ${LISTS}/${id}`,
			]);
			assert.deepEqual(run.requests[0].body, { name: NAME });
			assert.deepEqual(run.requests[2].body, { name: RENAMED, has_enrichment_task: true });
			assert.deepEqual(run.requests[3].query, { limit: '100', search: 'e2e Week 49', has_enrichment_task: 'true' });
			assert.equal(run.requests[4].body.list_id, id);
			assert.deepEqual(run.requests[5].query, { limit: '100', search: RENAMED });
			assert.deepEqual(run.requests.slice(6, 8).map((r) => r.body.list_id), [id, id]);
			const after = await sandbox.state();
			assert.ok(!after.leadLists.some((l) => l.id === id), 'the list still exists after Delete');
			assert.ok(!(after.leads ?? []).some((l) => l.list_id === id), 'the deleted list’s leads are still there');
		},
	});

	const NEW_ACCOUNT = 'e2e-new@outreach-demo.io';
	const [IMAP_SECRET, SMTP_SECRET] = ['e2e-imap-Secret!', 'e2e-smtp-Secret!'];

	add({
		name: 'Account: Create (IMAP/SMTP) → Get → Update → Delete, no password in any output',
		workflow: workflow('e2eAccountCrud', 'e2e: sending account create, update, delete', {
			branches: [
				[
					instantly('Create account', {
						resource: 'account',
						operation: 'create',
						email: NEW_ACCOUNT,
						firstName: 'Eve',
						lastName: 'Tester',
						providerCode: 1,
						imapUsername: NEW_ACCOUNT,
						imapPassword: IMAP_SECRET,
						imapHost: 'imap.outreach-demo.io',
						imapPort: 993,
						smtpUsername: NEW_ACCOUNT,
						smtpPassword: SMTP_SECRET,
						smtpHost: 'smtp.outreach-demo.io',
						smtpPort: 587,
						additionalFields: { dailyLimit: 25, sendingGap: 12 },
					}),
					instantly('Get account', { resource: 'account', operation: 'get', accountEmail: byEmail('={{ $json.email }}') }),
					instantly('Update account', {
						resource: 'account',
						operation: 'update',
						accountEmail: byEmail('={{ $json.email }}'),
						updateFields: { lastName: 'Renamed', dailyLimit: 40, signature: 'Best, Eve' },
					}),
					instantly('Delete account', { resource: 'account', operation: 'delete', accountEmail: byEmail('={{ $json.email }}') }),
				],
			],
		}),
		async check(run) {
			const encoded = encodeURIComponent(NEW_ACCOUNT);
			assert.deepEqual(lines(run.requests), [`POST ${ACCOUNTS}`, `GET ${ACCOUNTS}/${encoded}`, `PATCH ${ACCOUNTS}/${encoded}`, `DELETE ${ACCOUNTS}/${encoded}`]);
			assert.deepEqual(run.requests[0].body, {
				email: NEW_ACCOUNT,
				first_name: 'Eve',
				last_name: 'Tester',
				provider_code: 1,
				imap_username: NEW_ACCOUNT,
				imap_password: IMAP_SECRET,
				imap_host: 'imap.outreach-demo.io',
				imap_port: 993,
				smtp_username: NEW_ACCOUNT,
				smtp_password: SMTP_SECRET,
				smtp_host: 'smtp.outreach-demo.io',
				smtp_port: 587,
				daily_limit: 25,
				sending_gap: 12,
			});
			assert.deepEqual(run.requests[2].body, { last_name: 'Renamed', daily_limit: 40, signature: 'Best, Eve' });
			const created = run.items('Create account')[0].json;
			assert.deepEqual([created.email, created.first_name, created.daily_limit, created.status_name], [NEW_ACCOUNT, 'Eve', 25, 'Active']);
			assert.equal(run.items('Get account')[0].json.email, NEW_ACCOUNT);
			assert.deepEqual([run.items('Update account')[0].json.last_name, run.items('Update account')[0].json.daily_limit], ['Renamed', 40]);
			assert.equal(run.items('Delete account')[0].json.email, NEW_ACCOUNT);
			for (const node of ['Create account', 'Get account', 'Update account', 'Delete account']) {
				assertPaired(run.items(node));
				const text = JSON.stringify(run.items(node));
				assert.ok(!text.includes(IMAP_SECRET) && !text.includes(SMTP_SECRET), `${node} outputs a password`);
			}
			const after = await sandbox.state();
			assert.ok(!after.accounts.some((a) => a.email === NEW_ACCOUNT), 'the account still exists after Delete');
		},
	});

	const [alex, sam, kim] = ['alex', 'sam', 'kim'].map((who) => (state.accounts ?? []).find((a) => a.email.startsWith(`${who}@`)));
	if (!alex || !sam || !kim) throw new Error('The sandbox demo data lacks the accounts alex@, sam@ and kim@');

	add({
		name: 'Account: Get Many (filters), Get → Pause → Resume, Enable → Disable Warmup (waiting), Get Warmup Analytics',
		workflow: workflow('e2eAccounts', 'e2e: sending accounts', {
			branches: [
				[instantly('All accounts', { resource: 'account', operation: 'getAll', returnAll: true })],
				[instantly('Paused accounts', { resource: 'account', operation: 'getAll', returnAll: false, limit: 10, filters: { status: 2, providerCode: 2 } })],
				[
					instantly('Get', { resource: 'account', operation: 'get', accountEmail: { __rl: true, mode: 'list', value: sam.email } }),
					instantly('Pause', { resource: 'account', operation: 'pause', accountEmail: byEmail('={{ $json.email }}') }),
					instantly('Resume', { resource: 'account', operation: 'resume', accountEmail: byEmail('={{ $json.email }}') }),
				],
				[
					instantly('Enable warmup', { resource: 'account', operation: 'enableWarmup', accountEmails: kim.email, options: { waitForCompletion: true } }),
					instantly('Disable warmup', {
						resource: 'account',
						operation: 'disableWarmup',
						accountEmails: '={{ $json.data.emails }}',
						options: { waitForCompletion: true, waitTimeLimit: 60 },
					}),
				],
				[instantly('Warmup health', { resource: 'account', operation: 'getWarmupAnalytics', accountEmails: `${alex.email}, ${kim.email}` })],
			],
		}),
		async check(run) {
			const all = (await sandbox.state()).accounts;
			assert.deepEqual(run.items('All accounts').map((i) => i.json.email), all.map((a) => a.email));
			assert.deepEqual(
				run.items('All accounts').map((i) => [i.json.status_name, i.json.warmup_status_name]),
				all.map((a) => [{ 1: 'Active', 2: 'Paused' }[a.status], { 0: 'Paused', 1: 'Active' }[a.warmup_status]]),
			);
			assert.deepEqual(run.items('Paused accounts').map((i) => i.json.email), all.filter((a) => a.status === 2 && a.provider_code === 2).map((a) => a.email));
			assert.equal(run.items('Get')[0].json.email, sam.email);
			assert.deepEqual([run.items('Pause')[0].json.status, run.items('Pause')[0].json.status_name], [2, 'Paused']);
			assert.deepEqual([run.items('Resume')[0].json.status, run.items('Resume')[0].json.status_name], [1, 'Active']);
			assert.equal(run.items('Enable warmup')[0].json.status, 'success');
			assert.equal(run.items('Disable warmup')[0].json.status, 'success');
			const health = run.items('Warmup health');
			assert.deepEqual(health.map((i) => [i.json.email, typeof i.json.health_score]), [[alex.email, 'number'], [kim.email, 'number']]);
			for (const node of ['All accounts', 'Get', 'Pause', 'Resume', 'Enable warmup', 'Disable warmup', 'Warmup health']) assertPaired(run.items(node));

			const at = (method, path) => run.requests.filter((r) => r.method === method && r.path === path);
			const encoded = encodeURIComponent(sam.email);
			assert.equal(at('GET', `${ACCOUNTS}/${encoded}`).length, 1);
			assert.equal(at('POST', `${ACCOUNTS}/${encoded}/pause`).length, 1);
			assert.equal(at('POST', `${ACCOUNTS}/${encoded}/resume`).length, 1);
			assert.deepEqual(at('POST', `${ACCOUNTS}/warmup/enable`).map((r) => r.body), [{ emails: [kim.email] }]);
			assert.deepEqual(at('POST', `${ACCOUNTS}/warmup/disable`).map((r) => r.body), [{ emails: [kim.email] }]);
			assert.ok(run.requests.filter((r) => r.path.startsWith('/api/v2/background-jobs/')).length >= 2, 'the warmup jobs were not waited for');
			assert.deepEqual(at('POST', `${ACCOUNTS}/warmup-analytics`).map((r) => r.body), [{ emails: [alex.email, kim.email] }]);
			assert.deepEqual(
				at('GET', ACCOUNTS).map((r) => r.query),
				[{ limit: '100' }, { limit: '10', status: '2', provider_code: '2' }],
			);
			// Left as found: Sam active again, Kim's warmup off again.
			const after = (await sandbox.state()).accounts;
			assert.equal(after.find((a) => a.email === sam.email).status, 1);
			assert.equal(after.find((a) => a.email === kim.email).warmup_status, 0);
		},
	});
}
