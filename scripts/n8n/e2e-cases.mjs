// The workflows `npm run test:e2e` runs with `n8n execute`, and what each must produce: n8n's output and
// the exact requests the sandbox received. Every workflow is imported once; between runs the sandbox
// forgets its request log but keeps its data, so each case works on records it creates or finds itself.
import assert from 'node:assert/strict';
import { addAgentCases } from './e2e-agent-cases.mjs';
import { addLeadListAccountCases } from './e2e-leadlist-account-cases.mjs';
import { addEmailCases } from './e2e-email-cases.mjs';
import { addCampaignCases } from './e2e-campaign-cases.mjs';
import { addSuperSearchCases } from './e2e-supersearch-cases.mjs';
import { builtNode } from './node-description.mjs';
import { INSTANTLY, byId, code, demoWorkflow, instantly, workflow } from './workflows.mjs';
import { settingsCases } from './e2e-settings-cases.mjs';

const BL = '/api/v2/block-lists-entries';
const LABELS = '/api/v2/lead-labels';
const LEADS = '/api/v2/leads';

/** "METHOD /path" of each request, for comparing sequences at a glance. */
const lines = (requests) => requests.map((r) => `${r.method} ${r.path}`);

function assertBearer(requests, key) {
	assert.ok(requests.length > 0, 'the sandbox received no request');
	for (const r of requests) assert.equal(r.headers.authorization, `Bearer ${key}`, `${r.method} ${r.path} had the wrong Authorization header`);
}

function assertPaired(items, index = 0) {
	for (const item of items) assert.deepEqual(item.pairedItem, { item: index }, `an output item is not paired to input ${index}`);
}

/** Builds every case; `ctx.state` is the sandbox's demo workspace, read once before importing. */
export async function buildCases(ctx) {
	const { sandbox, apiKey } = ctx;
	const cases = [];
	const add = (c) => cases.push(c);

	// ── Block List Entry ────────────────────────────────────────────────────────────────
	add({
		name: 'Block List Entry: Create → Get → Update → Delete, chained by ID',
		workflow: workflow('e2eBlCrud', 'e2e: block list entry CRUD', {
			branches: [
				[
					instantly('Create', { resource: 'blockListEntry', operation: 'create', blValue: '  e2e-blocked.com ' }),
					instantly('Get', { resource: 'blockListEntry', operation: 'get', blockListEntryId: byId('={{ $json.id }}') }),
					// A plain string, as workflows saved before the ID became a resource locator store it.
					instantly('Update', { resource: 'blockListEntry', operation: 'update', blockListEntryId: '={{ $json.id }}', blValue: 'ceo@e2e-blocked.com' }),
					instantly('Delete', { resource: 'blockListEntry', operation: 'delete', blockListEntryId: byId('={{ $json.id }}') }),
				],
			],
		}),
		async check(run) {
			const [created] = run.items('Create');
			assert.equal(run.items('Create').length, 1);
			assert.equal(created.json.bl_value, 'e2e-blocked.com');
			assert.equal(created.json.is_domain, true);
			const id = created.json.id;
			assert.equal(run.items('Get')[0].json.id, id);
			assert.equal(run.items('Update')[0].json.bl_value, 'ceo@e2e-blocked.com');
			assert.equal(run.items('Update')[0].json.is_domain, false);
			assert.equal(run.items('Delete')[0].json.id, id);
			for (const node of ['Create', 'Get', 'Update', 'Delete']) assertPaired(run.items(node));
			assert.deepEqual(lines(run.requests), [`POST ${BL}`, `GET ${BL}/${id}`, `PATCH ${BL}/${id}`, `DELETE ${BL}/${id}`]);
			assert.deepEqual(run.requests[0].body, { bl_value: 'e2e-blocked.com' });
			assert.deepEqual(run.requests[2].body, { bl_value: 'ceo@e2e-blocked.com' });
			assert.equal(run.requests[1].rawBody, '');
			assert.equal(run.requests[3].rawBody, '');
			assertBearer(run.requests, apiKey);
			const state = await sandbox.state();
			assert.ok(!state.blockListEntries.some((e) => e.id === id), 'the entry still exists after Delete');
		},
	});

	add({
		name: 'Block List Entry: Get Many — Return All across 3 pages, Limit 150 over 2 pages, filters',
		async setup() {
			const { blockListEntries = [] } = await sandbox.state();
			for (let i = blockListEntries.length; i < 250; i++) {
				await sandbox.api('POST', BL, { bl_value: i % 2 ? `e2e-page-${i}.com` : `someone-${i}@e2e-page.org` });
			}
		},
		workflow: workflow('e2eBlGetMany', 'e2e: block list entries, get many', {
			branches: [
				[instantly('All', { resource: 'blockListEntry', operation: 'getAll', returnAll: true })],
				[instantly('First 150', { resource: 'blockListEntry', operation: 'getAll', returnAll: false, limit: 150 })],
				[
					instantly('Filtered', {
						resource: 'blockListEntry',
						operation: 'getAll',
						limit: 5,
						filters: { search: 'e2e-page-1', domainsOnly: true },
					}),
				],
			],
		}),
		async check(run) {
			const entries = (await sandbox.state()).blockListEntries;
			assert.equal(entries.length, 250);
			const all = run.items('All');
			assert.deepEqual(all.map((i) => i.json.id), entries.map((e) => e.id), 'Return All did not return every entry in order');
			assertPaired(all);
			assert.deepEqual(run.items('First 150').map((i) => i.json.id), entries.slice(0, 150).map((e) => e.id));
			const expected = entries.filter((e) => e.is_domain && e.bl_value.includes('e2e-page-1')).slice(0, 5);
			assert.deepEqual(run.items('Filtered').map((i) => i.json.bl_value), expected.map((e) => e.bl_value));
			assert.deepEqual(
				run.requests.map((r) => r.query),
				[
					{ limit: '100' },
					{ limit: '100', starting_after: entries[99].id },
					{ limit: '100', starting_after: entries[199].id },
					{ limit: '100' },
					{ limit: '50', starting_after: entries[99].id },
					{ limit: '5', search: 'e2e-page-1', domains_only: 'true' },
				],
			);
			assert.ok(run.requests.every((r) => r.method === 'GET' && r.path === BL));
			assertBearer(run.requests, apiKey);
		},
	});

	const [firstEntry] = ctx.state.blockListEntries;
	const MISSING = '019a0000-dead-7bee-8f00-000000000000';
	add({
		name: 'API error with On Error → Continue: a 404 becomes an error item, the other item goes through',
		workflow: workflow('e2eContinue', 'e2e: API error, continue', {
			branches: [
				[
					code('Two IDs', `return [{ json: { id: '${firstEntry.id}' } }, { json: { id: '${MISSING}' } }];`),
					instantly('Get', { resource: 'blockListEntry', operation: 'get', blockListEntryId: byId('={{ $json.id }}') }, { onError: 'continueRegularOutput' }),
				],
			],
		}),
		async check(run) {
			const items = run.items('Get');
			assert.equal(items.length, 2);
			assert.equal(items[0].json.id, firstEntry.id);
			assert.deepEqual(items[0].pairedItem, { item: 0 });
			assert.deepEqual(items[1].pairedItem, { item: 1 });
			// n8n (WorkflowExecute.normalizeNodeErrors) turns an item that carries an error into
			// { json: { error: message }, error }: the description travels on the error, as n8n shows it.
			assert.deepEqual(items[1].json, { error: 'Instantly answered 404: Resource not found' });
			assert.match(items[1].error.description, /The ID does not exist/);
			assert.equal(items[1].error.name, 'NodeApiError');
			assert.deepEqual(lines(run.requests).sort(), [`GET ${BL}/${firstEntry.id}`, `GET ${BL}/${MISSING}`].sort());
		},
	});

	add({
		name: 'API error without Continue: the execution fails with Instantly’s message and status',
		expectFailure: true,
		workflow: workflow('e2eApiError', 'e2e: API error, stop', {
			branches: [[instantly('Get', { resource: 'blockListEntry', operation: 'get', blockListEntryId: byId(MISSING) })]],
		}),
		async check(run) {
			assert.match(run.output, /Instantly answered 404: Resource not found/);
			assert.deepEqual(lines(run.requests), [`GET ${BL}/${MISSING}`]);
		},
	});

	add({
		name: 'A 503 on a GET is retried and the run succeeds',
		faults: [{ fault: { kind: 'status', status: 503 }, method: 'GET', path: BL, times: 1 }],
		workflow: workflow('e2eRetry503', 'e2e: 503 retried', {
			branches: [[instantly('Get', { resource: 'blockListEntry', operation: 'get', blockListEntryId: byId(firstEntry.id) })]],
		}),
		async check(run) {
			assert.equal(run.items('Get')[0].json.id, firstEntry.id);
			assert.deepEqual(run.requests.map((r) => r.status), [503, 200]);
		},
	});

	add({
		name: 'Wrong API key: the execution fails with a 401 that says to check the key, and the key is not shown',
		expectFailure: true,
		workflow: workflow('e2eWrongKey', 'e2e: wrong API key', {
			branches: [[instantly('Get Many', { resource: 'blockListEntry', operation: 'getAll', limit: 5 }, { credential: 'wrongKey' })]],
		}),
		async check(run) {
			assert.match(run.output, /Instantly answered 401: Invalid API key/);
			assert.match(run.output, /Check the API key/);
			assert.ok(!run.output.includes(ctx.wrongKey), 'the API key appears in n8n’s output');
			assert.ok(run.requests.length >= 1);
			for (const r of run.requests) assert.equal(r.headers.authorization, `Bearer ${ctx.wrongKey}`);
		},
	});

	add({
		name: 'Bad input: an invalid email/domain fails naming the field, and nothing is sent',
		expectFailure: true,
		workflow: workflow('e2eBadInput', 'e2e: bad input', {
			branches: [[instantly('Create', { resource: 'blockListEntry', operation: 'create', blValue: 'not a domain' })]],
		}),
		async check(run) {
			assert.match(run.output, /Email or Domain/);
			assert.deepEqual(run.requests, []);
		},
	});

	// ── Lead Label ──────────────────────────────────────────────────────────────────────
	add({
		name: 'Lead Label: Create → Get → Update → Delete (reassigning its leads), chained by ID',
		workflow: workflow('e2eLabelCrud', 'e2e: lead label CRUD', {
			branches: [
				[
					instantly('Create', {
						resource: 'leadLabel',
						operation: 'create',
						label: 'E2E Warm',
						interestStatusLabel: 'positive',
						additionalFields: { description: 'Made by the e2e test', useWithAi: true },
					}),
					instantly('Get', { resource: 'leadLabel', operation: 'get', leadLabelId: byId('={{ $json.id }}') }),
					instantly('Update', {
						resource: 'leadLabel',
						operation: 'update',
						leadLabelId: '={{ $json.id }}',
						updateFields: { label: 'E2E Lukewarm', interestStatusLabel: 'neutral' },
					}),
					instantly('Delete', {
						resource: 'leadLabel',
						operation: 'delete',
						leadLabelId: byId('={{ $json.id }}'),
						options: { reassignedStatus: '1' },
					}),
				],
			],
		}),
		async check(run) {
			const created = run.items('Create')[0].json;
			assert.equal(created.label, 'E2E Warm');
			assert.equal(created.interest_status_label, 'positive');
			const id = created.id;
			assert.equal(run.items('Get')[0].json.id, id);
			assert.equal(run.items('Update')[0].json.label, 'E2E Lukewarm');
			assert.equal(run.items('Update')[0].json.interest_status_label, 'neutral');
			for (const node of ['Create', 'Get', 'Update', 'Delete']) assertPaired(run.items(node));
			assert.deepEqual(lines(run.requests), [`POST ${LABELS}`, `GET ${LABELS}/${id}`, `PATCH ${LABELS}/${id}`, `DELETE ${LABELS}/${id}`]);
			assert.deepEqual(run.requests[0].body, {
				label: 'E2E Warm',
				interest_status_label: 'positive',
				description: 'Made by the e2e test',
				use_with_ai: true,
			});
			assert.deepEqual(run.requests[2].body, { label: 'E2E Lukewarm', interest_status_label: 'neutral' });
			assert.deepEqual(run.requests[3].body, { reassigned_status: 1 });
			assertBearer(run.requests, apiKey);
			const state = await sandbox.state();
			assert.ok(!state.leadLabels.some((l) => l.id === id), 'the label still exists after Delete');
		},
	});

	add({
		name: 'Lead Label: Get Many — Return All, and Limit with search and sentiment filters',
		workflow: workflow('e2eLabelGetMany', 'e2e: lead labels, get many', {
			branches: [
				[instantly('All', { resource: 'leadLabel', operation: 'getAll', returnAll: true })],
				[instantly('Filtered', { resource: 'leadLabel', operation: 'getAll', limit: 10, filters: { search: 'hot', interestStatus: 'positive' } })],
			],
		}),
		async check(run) {
			const labels = (await sandbox.state()).leadLabels;
			assert.deepEqual(run.items('All').map((i) => i.json.id), labels.map((l) => l.id));
			const hot = labels.filter((l) => l.label.toLowerCase().includes('hot') && l.interest_status_label === 'positive');
			assert.ok(hot.length >= 1, 'the demo data has no positive "hot" label');
			assert.deepEqual(run.items('Filtered').map((i) => i.json.id), hot.map((l) => l.id));
			assert.deepEqual(lines(run.requests), [`GET ${LABELS}`, `GET ${LABELS}`]);
			assert.deepEqual(run.requests.map((r) => r.query), [{ limit: '100' }, { limit: '10', search: 'hot', interest_status: 'positive' }]);
		},
	});

	addLeadCases(ctx, add);
	addLeadListAccountCases(ctx, add);
	addEmailCases(ctx, add);
	addCampaignCases(ctx, add);
	addSuperSearchCases(ctx, add);
	// n8n 1.x has neither the AI Agent (3.x) nor the OpenAI Chat Model versions these workflows use.
	if (!ctx.legacy) addAgentCases(ctx, add);

	add({
		name: 'The demo workflow of `npm run dev` runs: every node succeeds against the demo data',
		workflow: demoWorkflow(ctx.state),
		async check(run) {
			const instantlyNodes = this.workflow.nodes.filter((n) => n.type === INSTANTLY).map((n) => n.name);
			for (const node of instantlyNodes) {
				const items = run.items(node);
				assert.ok(items.length > 0, `${node} put out nothing`);
				for (const item of items) assert.equal(item.error, undefined, `${node}: ${item.json.error}`);
			}
			assert.deepEqual(run.items('Add leads to campaign').map((i) => i.json.status), ['created', 'created', 'created']);
			assert.ok(run.requests.every((r) => r.status === 200), 'a request of the demo was answered with an error');
		},
	});
	cases.push(...(await settingsCases(ctx)));
	return cases;
}

/** "resource.operation" of every Instantly node in the workflows. */
export function operationsIn(cases) {
	return new Set(
		cases.flatMap((c) =>
			c.workflow.nodes.filter((n) => n.type === INSTANTLY).map((n) => `${n.parameters.resource}.${n.parameters.operation}`),
		),
	);
}

/** Lead: every operation, against the demo campaign and lists. */
function addLeadCases(ctx, add) {
	const { sandbox, apiKey, state } = ctx;
	const { operations, idValue } = builtNode();
	const has = (operation) => operations.lead?.includes(operation);
	const [campaign] = state.campaigns ?? [];
	const [list, otherList] = state.leadLists ?? [];
	if (!campaign || !list || !otherList) throw new Error('The sandbox demo data has no campaign or no two lead lists');
	const id = (operation, name, value) => idValue('lead', operation, name, value);

	if (has('addMany')) {
		const ROWS = 2500;
		add({
			name: `Lead: Add Many — ${ROWS.toLocaleString('en')} items from a Code node go to a campaign in 3 requests, one output item each`,
			workflow: workflow('e2eLeadAddMany', 'e2e: lead add many (2,500)', {
				branches: [
					[
						code(`${ROWS} rows`, `return Array.from({ length: ${ROWS} }, (_, i) => ({ json: { email: \`bulk\${i}@e2e-bulk.test\`, first: \`First\${i}\`, row: String(i) } }));`),
						instantly('Add Many', {
							resource: 'lead',
							operation: 'addMany',
							addTo: 'campaign',
							campaignId: id('addMany', 'campaignId', campaign.id),
							email: '={{ $json.email }}',
							leadFields: {
								firstName: '={{ $json.first }}',
								companyName: 'E2E Bulk Co',
								customVariables: { variable: [{ key: 'row', value: '={{ $json.row }}' }] },
							},
						}),
					],
				],
			}),
			async check(run) {
				const items = run.items('Add Many');
				assert.equal(items.length, ROWS);
				items.forEach((item, i) => {
					assert.deepEqual(item.pairedItem, { item: i }, `output ${i} is not paired to input ${i}`);
					assert.equal(item.json.status, 'created', `row ${i}: ${JSON.stringify(item.json)}`);
					assert.equal(item.json.email, `bulk${i}@e2e-bulk.test`);
					assert.ok(item.json.id, `row ${i} has no lead ID`);
				});
				assert.deepEqual(lines(run.requests), Array(3).fill(`POST ${LEADS}/add`));
				assert.deepEqual(run.requests.map((r) => r.body.leads.length), [1000, 1000, 500]);
				for (const r of run.requests) assert.equal(r.body.campaign_id, campaign.id);
				assert.deepEqual(run.requests[0].body.leads[0], {
					email: 'bulk0@e2e-bulk.test',
					first_name: 'First0',
					company_name: 'E2E Bulk Co',
					custom_variables: { row: '0' },
				});
				assert.equal(run.requests[2].body.leads[499].email, 'bulk2499@e2e-bulk.test');
				assertBearer(run.requests, apiKey);
				const leads = (await sandbox.state()).leads.filter((l) => l.email?.endsWith('@e2e-bulk.test'));
				assert.equal(leads.length, ROWS);
				assert.ok(leads.every((l) => l.campaign === campaign.id));
			},
		});

		add({
			name: 'Lead: Add Many — an invalid email with On Error → Continue becomes an error item; the valid leads are added',
			workflow: workflow('e2eLeadAddManyBad', 'e2e: lead add many, invalid row', {
				branches: [
					[
						code('Rows', "return ['ok1@e2e-mixed.test', 'not-an-email', 'ok2@e2e-mixed.test'].map((email) => ({ json: { email } }));"),
						instantly(
							'Add Many',
							{ resource: 'lead', operation: 'addMany', addTo: 'list', listId: id('addMany', 'listId', list.id), email: '={{ $json.email }}' },
							{ onError: 'continueRegularOutput' },
						),
					],
				],
			}),
			async check(run) {
				const items = run.items('Add Many');
				assert.deepEqual(items.map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }, { item: 2 }]);
				assert.equal(items[0].json.status, 'created');
				assert.match(items[1].json.error, /not-an-email/);
				assert.equal(items[2].json.status, 'created');
				assert.deepEqual(lines(run.requests), [`POST ${LEADS}/add`]);
				assert.deepEqual(run.requests[0].body, { list_id: list.id, leads: [{ email: 'ok1@e2e-mixed.test' }, { email: 'ok2@e2e-mixed.test' }] });
			},
		});
	}

	const chain = ['create', 'get', 'update', 'updateInterestStatus', 'merge', 'delete'];
	if (chain.every(has)) {
		add({
			name: 'Lead: Create → Get → Update → Update Interest Status → Create → Merge → Delete, chained by ID',
			workflow: workflow('e2eLeadCrud', 'e2e: lead CRUD, interest status, merge', {
				branches: [
					[
						instantly('Create', {
							resource: 'lead',
							operation: 'create',
							email: 'eve.example@e2e-crud.test',
							addTo: 'list',
							listId: id('create', 'listId', list.id),
							leadFields: { firstName: 'Eve', lastName: 'Example' },
						}),
						instantly('Get', { resource: 'lead', operation: 'get', leadId: id('get', 'leadId', '={{ $json.id }}') }),
						instantly('Update', {
							resource: 'lead',
							operation: 'update',
							leadId: id('update', 'leadId', '={{ $json.id }}'),
							updateFields: { jobTitle: 'CTO', customVariables: { variable: [{ key: 'tier', value: 'gold' }] } },
						}),
						instantly('Update Interest Status', {
							resource: 'lead',
							operation: 'updateInterestStatus',
							leadEmail: '={{ $json.email }}',
							interestValue: 1,
							additionalFields: { listId: id('updateInterestStatus', 'additionalFields.listId', list.id) },
						}),
						instantly('Create Duplicate', {
							resource: 'lead',
							operation: 'create',
							email: 'eve.other@e2e-crud.test',
							addTo: 'none',
							leadFields: { companyName: 'Example Ltd' },
						}),
						instantly('Merge', {
							resource: 'lead',
							operation: 'merge',
							leadId: id('merge', 'leadId', '={{ $json.id }}'),
							destinationLeadId: id('merge', 'destinationLeadId', "={{ $('Create').item.json.id }}"),
						}),
						instantly('Delete', { resource: 'lead', operation: 'delete', leadId: id('delete', 'leadId', '={{ $json.id }}') }),
					],
				],
			}),
			async check(run) {
				const a = run.items('Create')[0].json;
				const b = run.items('Create Duplicate')[0].json;
				assert.equal(a.email, 'eve.example@e2e-crud.test');
				assert.equal(a.list_id, list.id);
				assert.equal(run.items('Get')[0].json.id, a.id);
				assert.equal(run.items('Update')[0].json.job_title, 'CTO');
				assert.equal(run.items('Update Interest Status')[0].json.lead_email, a.email);
				assert.equal(run.items('Merge')[0].json.id, a.id);
				assert.equal(run.items('Merge')[0].json.company_name, 'Example Ltd');
				assert.equal(run.items('Delete')[0].json.id, a.id);
				for (const node of ['Create', 'Get', 'Update', 'Update Interest Status', 'Create Duplicate', 'Merge', 'Delete']) {
					assert.equal(run.items(node).length, 1, `${node} put out ${run.items(node).length} items`);
					assertPaired(run.items(node));
				}
				assert.deepEqual(lines(run.requests), [
					`POST ${LEADS}`,
					`GET ${LEADS}/${a.id}`,
					`PATCH ${LEADS}/${a.id}`,
					`POST ${LEADS}/update-interest-status`,
					`POST ${LEADS}`,
					`POST ${LEADS}/merge`,
					`DELETE ${LEADS}/${a.id}`,
				]);
				const body = (i) => run.requests[i].body;
				assert.deepEqual(body(0), { email: 'eve.example@e2e-crud.test', list_id: list.id, first_name: 'Eve', last_name: 'Example' });
				assert.deepEqual(body(2), { job_title: 'CTO', custom_variables: { tier: 'gold' } });
				assert.deepEqual(body(3), { lead_email: 'eve.example@e2e-crud.test', interest_value: 1, list_id: list.id });
				assert.deepEqual(body(4), { email: 'eve.other@e2e-crud.test', company_name: 'Example Ltd' });
				assert.deepEqual(body(5), { lead_id: b.id, destination_lead_id: a.id });
				assertBearer(run.requests, apiKey);
				const left = (await sandbox.state()).leads.filter((l) => l.id === a.id || l.id === b.id);
				assert.deepEqual(left, [], 'a lead of the chain is still there');
			},
		});
	}

	if (has('getAll')) {
		add({
			name: 'Lead: Get Many — Return All across 3 pages (cursor in the body), Limit with filters',
			async setup() {
				const leads = Array.from({ length: 245 }, (_, i) => ({ email: `page${i}@e2e-pages.test`, first_name: `Page${i}` }));
				await sandbox.api('POST', `${LEADS}/add`, { list_id: otherList.id, leads });
			},
			workflow: workflow('e2eLeadGetMany', 'e2e: leads, get many', {
				branches: [
					[instantly('All of a list', { resource: 'lead', operation: 'getAll', returnAll: true, filters: { listId: id('getAll', 'filters.listId', otherList.id) } })],
					[
						instantly('Search a campaign', {
							resource: 'lead',
							operation: 'getAll',
							limit: 5,
							filters: { campaignId: id('getAll', 'filters.campaignId', campaign.id), search: 'northwind' },
						}),
					],
				],
			}),
			async check(run) {
				const inList = (await sandbox.state()).leads.filter((l) => l.list_id === otherList.id);
				assert.ok(inList.length > 200, `only ${inList.length} leads in the list`);
				assert.deepEqual(run.items('All of a list').map((i) => i.json.id), inList.map((l) => l.id));
				assertPaired(run.items('All of a list'));
				assert.deepEqual(run.items('Search a campaign').map((i) => i.json.email), ['jane.doe@northwind.io']);
				assert.deepEqual(lines(run.requests), Array(4).fill(`POST ${LEADS}/list`));
				assert.deepEqual(
					run.requests.map((r) => r.body),
					[
						{ list_id: otherList.id, limit: 100 },
						{ list_id: otherList.id, limit: 100, starting_after: inList[99].id },
						{ list_id: otherList.id, limit: 100, starting_after: inList[199].id },
						{ campaign: campaign.id, search: 'northwind', limit: 5 },
					],
				);
				assert.ok(run.requests.every((r) => Object.keys(r.query).length === 0), 'the cursor went into the query');
			},
		});
	}

	if (has('move') && has('deleteMany')) {
		add({
			name: 'Lead: Move (waiting for the background job) → Delete Many',
			workflow: workflow('e2eLeadMove', 'e2e: lead move, delete many', {
				branches: [
					[
						instantly('Move', {
							resource: 'lead',
							operation: 'move',
							moveTo: 'list',
							toListId: id('move', 'toListId', otherList.id),
							filters: { campaignId: id('move', 'filters.campaignId', campaign.id), search: 'e2e-bulk', limit: 10 },
							options: { waitForCompletion: true },
						}),
						instantly('Delete Many', {
							resource: 'lead',
							operation: 'deleteMany',
							deleteFrom: 'list',
							listId: id('deleteMany', 'listId', otherList.id),
							limit: 3,
						}),
					],
				],
			}),
			async check(run) {
				const job = run.items('Move')[0].json;
				assert.equal(job.status, 'success');
				assertPaired(run.items('Move'));
				assert.equal(run.items('Delete Many')[0].json.count, 3);
				const [move, ...rest] = run.requests;
				assert.equal(`${move.method} ${move.path}`, `POST ${LEADS}/move`);
				assert.deepEqual(move.body, { to_list_id: otherList.id, campaign: campaign.id, search: 'e2e-bulk', limit: 10 });
				const polls = rest.slice(0, -1);
				assert.ok(polls.length >= 1, 'the job was never polled');
				for (const poll of polls) assert.equal(`${poll.method} ${poll.path}`, `GET /api/v2/background-jobs/${job.id}`);
				const last = rest[rest.length - 1];
				assert.equal(`${last.method} ${last.path}`, `DELETE ${LEADS}`);
				assert.deepEqual(last.body, { list_id: otherList.id, limit: 3 });
			},
		});
	}
}
