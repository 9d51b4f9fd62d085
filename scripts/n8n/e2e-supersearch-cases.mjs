// The SuperSearch Enrichment case of `npm run test:e2e`: all six operations in a real n8n against the sandbox,
// on a lead list the workflow creates and deletes again (its leads go with it).
import assert from 'node:assert/strict';
import { byId, code, instantly, workflow } from './workflows.mjs';

const LISTS = '/api/v2/lead-lists';
const ENRICHMENT = '/api/v2/supersearch-enrichment';
const NAME = 'e2e SuperSearch prospects';
const FILTERS = { title: { include: ['CEO', 'Founder'] }, locations: [{ country: 'United States' }] };

const lines = (requests) => requests.map((r) => `${r.method} ${r.path}`);

function assertPaired(items, index = 0) {
	for (const item of items) assert.deepEqual(item.pairedItem, { item: index }, `an output item is not paired to input ${index}`);
}

export function addSuperSearchCases(ctx, add) {
	const { sandbox } = ctx;
	const onList = { resourceType: 'list', listId: byId("={{ $('Create list').first().json.id }}") };

	add({
		name: 'SuperSearch Enrichment: Add to Resource → Create → Get → Run → Run AI Enrichment → Get History, leads seen by Lead → Get Many',
		workflow: workflow('e2eSuperSearch', 'e2e: SuperSearch enrichment', {
			branches: [
				[
					instantly('Create list', { resource: 'leadList', operation: 'create', name: NAME }),
					instantly('Add from SuperSearch', {
						resource: 'superSearchEnrichment',
						operation: 'addToResource',
						resourceType: 'list',
						listId: byId('={{ $json.id }}'),
						searchFilters: JSON.stringify(FILTERS),
						maxLeads: 3,
						options: { searchName: 'e2e US CEOs', workEmailEnrichment: true },
					}),
					instantly('Create enrichment', { resource: 'superSearchEnrichment', operation: 'create', ...onList, enrichmentType: 'email_verification', options: { maxLeads: 500 } }),
					instantly('Get enrichment', { resource: 'superSearchEnrichment', operation: 'get', ...onList }),
					instantly('Run enrichment', { resource: 'superSearchEnrichment', operation: 'run', ...onList, options: { maxLeads: 3 } }),
					instantly('AI enrichment', {
						resource: 'superSearchEnrichment',
						operation: 'createAiEnrichment',
						...onList,
						outputColumn: 'icebreaker',
						modelVersion: 'gpt-4o',
						prompt: 'Write a one-line icebreaker for {{first_name}} at {{company_name}}',
					}),
					instantly('History', { resource: 'superSearchEnrichment', operation: 'getHistory', ...onList, returnAll: true }),
					code('One item', "return [{ json: { id: $('Create list').first().json.id } }];"),
					instantly('Leads of the list', { resource: 'lead', operation: 'getAll', returnAll: true, filters: { listId: byId('={{ $json.id }}') } }),
					code('Again one item', "return [{ json: { id: $('Create list').first().json.id } }];"),
					instantly('Delete list', { resource: 'leadList', operation: 'delete', leadListId: byId('={{ $json.id }}') }),
				],
			],
		}),
		async check(run) {
			const id = run.items('Create list')[0].json.id;
			const [added] = run.items('Add from SuperSearch');
			assert.equal(run.items('Add from SuperSearch').length, 1);
			assert.equal(added.json.resource_id, id);
			assert.equal(added.json.leads_added, 3);
			assert.deepEqual(run.items('Create enrichment')[0].json.enrichment_payload, { work_email_enrichment: true, email_verification: true });
			assert.equal(run.items('Get enrichment')[0].json.resource_id, id);
			assert.equal(run.items('Get enrichment')[0].json.resource_type, 2);
			assert.equal(run.items('Run enrichment')[0].json.resource_id, id);
			assert.equal(run.items('AI enrichment')[0].json.output_column, 'icebreaker');
			assert.deepEqual(
				run.items('History').map((i) => i.json.action),
				['enrich_leads_from_supersearch', 'create', 'run', 'ai_enrichment'],
			);
			const found = run.items('Leads of the list');
			assert.equal(found.length, 3);
			assert.ok(found.every((i) => i.json.list_id === id), 'the SuperSearch leads are not in the list');
			for (const node of ['Create list', 'Add from SuperSearch', 'Create enrichment', 'Get enrichment', 'Run enrichment', 'AI enrichment', 'History', 'Leads of the list']) {
				assertPaired(run.items(node));
			}
			assert.deepEqual(lines(run.requests), [
				`POST ${LISTS}`,
				`POST ${ENRICHMENT}/enrich-leads-from-supersearch`,
				`POST ${ENRICHMENT}`,
				`GET ${ENRICHMENT}/${id}`,
				`POST ${ENRICHMENT}/run`,
				`POST ${ENRICHMENT}/ai`,
				`GET ${ENRICHMENT}/history/${id}`,
				'POST /api/v2/leads/list',
				`DELETE ${LISTS}/${id}`,
			]);
			assert.deepEqual(run.requests[1].body, {
				search_filters: FILTERS,
				limit: 3,
				resource_id: id,
				resource_type: 2,
				search_name: 'e2e US CEOs',
				work_email_enrichment: true,
			});
			assert.deepEqual(run.requests[2].body, { resource_id: id, type: 'email_verification', limit: 500 });
			assert.deepEqual(run.requests[4].body, { resource_id: id, limit: 3 });
			assert.deepEqual(run.requests[5].body, {
				resource_id: id,
				resource_type: 2,
				output_column: 'icebreaker',
				model_version: 'gpt-4o',
				prompt: 'Write a one-line icebreaker for {{first_name}} at {{company_name}}',
			});
			// Return All: one page of 100 from offset 0; four entries come back, a short page, so no second request.
			assert.deepEqual(run.requests[6].query, { limit: '100', offset: '0' });
			const after = await sandbox.state();
			assert.ok(!after.leadLists.some((l) => l.id === id), 'the list still exists after Delete');
		},
	});
}
