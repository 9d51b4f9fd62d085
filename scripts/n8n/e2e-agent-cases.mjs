// The AI Agent cases of `npm run test:e2e`: n8n's AI Agent (3.1) with its OpenAI Chat Model pointed at the
// sandbox's scripted model (test/sandbox/model.ts) and the Instantly node as its tools (`…instantlyTool`,
// parameters filled with $fromAI). Each case gives the model a script (a tool call, then a final answer built
// from the tool's result) and asserts what the sandbox received, what the model received back from the tool,
// and what the agent answered.
import assert from 'node:assert/strict';
import { agentTools, agentWorkflow, code } from './workflows.mjs';

const LEADS = '/api/v2/leads';
const LABELS = '/api/v2/lead-labels';

/** A Code node that hands the agent one chat message, as a Chat Trigger would (`chatInput`). */
const chatMessage = (text) => code('Chat message', `return [{ json: { sessionId: 'e2e', chatInput: ${JSON.stringify(text)} } }];`);

const lines = (requests) => requests.map((r) => `${r.method} ${r.path}`);

/** The agent's answer: its single output item's `output`. */
function answerOf(run) {
	const items = run.items('AI Agent');
	assert.equal(items.length, 1, `the agent put out ${items.length} items`);
	return items[0].json.output;
}

/** The tools as the model received them, by name: `{description, parameters}`. */
export function toolsOffered(call) {
	return Object.fromEntries((call.request.tools ?? []).map((t) => [t.function.name, t.function]));
}

/** Checks the model's conversation: one tool call, then its result, then the final answer; returns the result text. */
function toolRoundTrip(run, script) {
	assert.deepEqual(
		run.modelCalls.map((c) => [c.script, c.step]),
		[
			[script, 0],
			[script, 1],
		],
		'the model was not asked exactly twice (the tool call, then the answer)',
	);
	const [, second] = run.modelCalls;
	assert.equal(second.toolResults.length, 1, 'the model did not get exactly one tool result');
	return second.toolResults[0];
}

export function addAgentCases(ctx, add) {
	const { state, apiKey } = ctx;
	const campaign = state.campaigns[0];
	const hot = state.leadLabels.find((l) => l.label === 'Hot Lead');
	const jane = state.leads.find((l) => l.email === 'jane.doe@northwind.io');
	assert.ok(campaign && hot && jane, 'the sandbox demo data lacks the campaign, the "Hot Lead" label or Jane');
	const tools = agentTools();
	const MISSING = '019a0000-dead-7bee-8f00-0000000000aa';

	add({
		name: 'AI Agent: sets a lead’s interest status to a custom label chosen by name',
		modelScripts: [
			{
				name: 'e2e: label by name',
				match: '\\((\\S+@\\S+)\\) asked for pricing',
				calls: [{ tool: 'Update_interest_status', arguments: { email: '$1', status: 'Hot Lead' } }],
				reply: 'Marked $1 as Hot Lead (interest status {{result.0.interest_value}}, {{result.0.status}}).',
			},
		],
		workflow: agentWorkflow('e2eAgentLabel', 'e2e: agent, label by name', {
			before: [chatMessage(`Jane Doe (${jane.email}) asked for pricing. Label her as a hot lead.`)],
			tools,
		}),
		async check(run) {
			assert.deepEqual(
				run.requests.map((r) => [r.method, r.path, r.query, r.body]),
				[
					['GET', LABELS, { search: 'Hot Lead', limit: '100' }, undefined],
					['POST', `${LEADS}/update-interest-status`, {}, { lead_email: jane.email, interest_value: hot.interest_status }],
				],
			);
			assert.ok(run.requests.every((r) => r.headers.authorization === `Bearer ${apiKey}`));
			const lead = (await ctx.sandbox.state()).leads.find((l) => l.id === jane.id);
			assert.equal(lead.lt_interest_status, hot.interest_status, 'the sandbox did not apply the label');
			const result = JSON.parse(toolRoundTrip(run, 'e2e: label by name'));
			assert.deepEqual(result, [
				{ status: 'accepted', lead_email: jane.email, interest_value: hot.interest_status, message: 'Lead interest status update background job submitted' },
			]);
			assert.equal(answerOf(run), `Marked ${jane.email} as Hot Lead (interest status ${hot.interest_status}, accepted).`);
			const tool = toolsOffered(run.modelCalls[0]).Update_interest_status;
			assert.equal(tool.description, 'Update the interest status of a lead by email in Instantly');
			assert.deepEqual(Object.keys(tool.parameters.properties), ['email', 'status']);
		},
	});

	add({
		name: 'AI Agent: adds a lead to a campaign given by name',
		modelScripts: [
			{
				name: 'e2e: add to campaign',
				match: 'add (\\S+@\\S+) to the campaign (.+?)\\.?$',
				calls: [{ tool: 'Add_lead_to_campaign', arguments: { email: '$1', campaign: '$2' } }],
				reply: 'Added {{result.0.email}} to $2 (lead ID {{result.0.id}}).',
			},
		],
		workflow: agentWorkflow('e2eAgentCampaign', 'e2e: agent, add to campaign', {
			before: [chatMessage(`Please add sam.lee@newco.io to the campaign ${campaign.name}.`)],
			tools,
		}),
		async check(run) {
			assert.deepEqual(
				run.requests.map((r) => [r.method, r.path, r.query, r.body]),
				[
					['GET', '/api/v2/campaigns', { search: campaign.name, limit: '100' }, undefined],
					['POST', LEADS, {}, { email: 'sam.lee@newco.io', campaign: campaign.id }],
				],
			);
			const created = (await ctx.sandbox.state()).leads.filter((l) => l.email === 'sam.lee@newco.io');
			assert.equal(created.length, 1, `${created.length} leads sam.lee@newco.io in the sandbox`);
			assert.equal(created[0].campaign, campaign.id);
			const [record] = JSON.parse(toolRoundTrip(run, 'e2e: add to campaign'));
			assert.equal(record.id, created[0].id);
			assert.equal(record.campaign, campaign.id);
			assert.equal(answerOf(run), `Added sam.lee@newco.io to ${campaign.name} (lead ID ${created[0].id}).`);
		},
	});

	add({
		name: 'AI Agent: asks for an unknown lead, gets a 404 once and reports it without retrying',
		modelScripts: [
			{
				name: 'e2e: unknown lead',
				match: 'what do you know about lead ([0-9a-f-]{36})',
				calls: [{ tool: 'Get_lead', arguments: { lead_id: '$1' } }],
				reply: 'I could not get lead $1: {{result.0.error}}',
			},
		],
		// The tool's own run ends in the 404 it reports to the agent; the agent's run succeeds.
		failingNodes: ['Get lead'],
		workflow: agentWorkflow('e2eAgent404', 'e2e: agent, unknown lead', {
			before: [chatMessage(`What do you know about lead ${MISSING}?`)],
			tools,
		}),
		async check(run) {
			assert.deepEqual(lines(run.requests), [`GET ${LEADS}/${MISSING}`], 'the node sent something else, or retried the 404');
			assert.equal(run.requests[0].status, 404);
			const result = toolRoundTrip(run, 'e2e: unknown lead');
			const parsed = JSON.parse(result);
			assert.equal(parsed.length, 1);
			assert.equal(
				parsed[0].error,
				`Instantly answered 404: Resource not found. The ID does not exist in this Instantly workspace (or was deleted): check the ID. (GET ${LEADS}/${MISSING})`,
			);
			assert.ok(!result.includes(apiKey), 'the API key reached the model');
			assert.ok(!/\n\s+at /.test(result), `a stack trace reached the model: ${result}`);
			assert.equal(answerOf(run), `I could not get lead ${MISSING}: ${parsed[0].error}`);
		},
	});
}
