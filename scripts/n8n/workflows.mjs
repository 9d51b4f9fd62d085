// Builds n8n workflow JSON (the format `n8n import:workflow` reads) for the demo and the e2e tests.
import { PACKAGE } from './lib.mjs';

export const INSTANTLY = `${PACKAGE.name}.instantly`;
/** The node as an AI Agent's tool: n8n 2.x generates this type for every `usableAsTool` node. */
export const INSTANTLY_TOOL = `${PACKAGE.name}.instantlyTool`;

/** Credentials the scripts import, by fixed id so re-imports update them in place. */
export const CREDENTIALS = {
	sandbox: { id: 'instantlySandbox1', name: 'Instantly (sandbox)' },
	real: { id: 'instantlyRealApi1', name: 'Instantly' },
	wrongKey: { id: 'instantlyWrongKey', name: 'Instantly (wrong key)' },
	model: { id: 'scriptedModel01', name: 'Scripted model (sandbox)' },
	tls: { id: 'instantlyTlsFront', name: 'Instantly (sandbox over TLS)' },
};

export function credentialRecord(which, data) {
	return { ...CREDENTIALS[which], type: 'instantlyV2Api', data };
}

/**
 * n8n's OpenAI credential pointed at the sandbox's scripted model (test/sandbox/model.ts): any key works, and
 * nothing leaves the machine.
 */
export function modelCredentialRecord(sandboxUrl) {
	return { ...CREDENTIALS.model, type: 'openAiApi', data: { apiKey: 'sandbox-model-key', url: `${sandboxUrl}/v1`, header: false } };
}

/** A resource locator value "By ID", as the editor stores it. */
export const byId = (value) => ({ __rl: true, mode: 'id', value });

export const trigger = (name = 'Start') => ({
	name,
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	parameters: {},
});

/** A Code node that returns the items built by `body` (JavaScript, run in n8n's task runner). */
export const code = (name, body) => ({
	name,
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: { jsCode: body },
});

/** An Instantly node; `settings` holds node settings such as onError or executeOnce. */
export function instantly(name, parameters, { credential = 'sandbox', ...settings } = {}) {
	return {
		name,
		type: INSTANTLY,
		typeVersion: 1,
		parameters,
		credentials: { instantlyV2Api: { ...CREDENTIALS[credential] } },
		...settings,
	};
}

export const sticky = (name, content, { width = 380, height = 200 } = {}) => ({
	name,
	type: 'n8n-nodes-base.stickyNote',
	typeVersion: 1,
	parameters: { content, width, height },
});

/**
 * A workflow: `start` (a trigger) feeds each branch, a list of nodes connected left to right.
 * Branches run top to bottom, one after the other (execution order v1).
 */
export function workflow(id, name, { start = trigger(), branches, notes = [] }) {
	const nodes = [{ ...start, id: `${id}-0`, position: [0, 0] }];
	const connections = {};
	const connect = (from, to) => {
		connections[from.name] ??= { main: [[]] };
		connections[from.name].main[0].push({ node: to.name, type: 'main', index: 0 });
	};
	branches.forEach((branch, row) => {
		let previous = start;
		branch.forEach((node, column) => {
			nodes.push({ ...node, id: `${id}-${nodes.length}`, position: [(column + 1) * 240, row * 220] });
			connect(previous, node);
			previous = node;
		});
	});
	notes.forEach((note, i) => nodes.push({ ...note, id: `${id}-n${i}`, position: [-440, i * 260 - 60] }));
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

const DEMO_NOTE = `## Instantly demo
Runs against the **Instantly sandbox** that \`npm run dev\` started on 127.0.0.1: a fake workspace with a campaign, lists, leads, labels and block list entries. Nothing leaves this machine.

Click **Execute workflow**, then open any node to see its output. See what the sandbox received: the \`/__sandbox/requests\` address printed by \`npm run dev\`.`;

const REAL_NOTE = `## Instantly demo (real API, read-only)
Uses the credential **Instantly** made from \`INSTANTLY_API_KEY\`. These nodes only read (10 records each); add your own nodes to write.`;

/** The demo `npm run dev` imports: every resource, against the sandbox's demo workspace. */
export function demoWorkflow(state) {
	const campaign = state.campaigns?.[0];
	const list = state.leadLists?.[0];
	const sample = [
		{ email: 'ada@analytical.example', first_name: 'Ada', last_name: 'Lovelace', company: 'Analytical Engines' },
		{ email: 'grace@cobol.example', first_name: 'Grace', last_name: 'Hopper', company: 'COBOL Inc.' },
		{ email: 'alan@turing.example', first_name: 'Alan', last_name: 'Turing', company: 'Bletchley Labs' },
	];
	return workflow('instantlyDemo', 'Instantly demo (sandbox)', {
		notes: [sticky('About this demo', DEMO_NOTE, { width: 400, height: 260 })],
		branches: [
			[
				code('Sample leads', `return ${JSON.stringify(sample.map((json) => ({ json })), null, 2)};`),
				instantly('Add leads to campaign', {
					resource: 'lead',
					operation: 'addMany',
					addTo: 'campaign',
					campaignId: byId(campaign?.id ?? ''),
					email: '={{ $json.email }}',
					leadFields: { firstName: '={{ $json.first_name }}', lastName: '={{ $json.last_name }}', companyName: '={{ $json.company }}' },
				}),
			],
			[
				instantly('Get leads of the campaign', {
					resource: 'lead',
					operation: 'getAll',
					returnAll: false,
					limit: 10,
					filters: { campaignId: byId(campaign?.id ?? '') },
				}),
			],
			[instantly('Get leads of a list', { resource: 'lead', operation: 'getAll', limit: 10, filters: { listId: byId(list?.id ?? '') } })],
			[instantly('Get lead labels', { resource: 'leadLabel', operation: 'getAll', returnAll: true })],
			[
				instantly('Block a domain', { resource: 'blockListEntry', operation: 'create', blValue: 'competitor-two.com' }),
				instantly('Get the block list', { resource: 'blockListEntry', operation: 'getAll', returnAll: true }, { executeOnce: true }),
			],
		],
	});
}

/** With INSTANTLY_API_KEY: a demo that only reads from the user's real workspace. */
export function realApiDemoWorkflow() {
	const read = (name, resource) => instantly(name, { resource, operation: 'getAll', returnAll: false, limit: 10 }, { credential: 'real' });
	return workflow('instantlyDemoReal', 'Instantly demo (real API, read-only)', {
		notes: [sticky('About this demo', REAL_NOTE, { width: 400, height: 200 })],
		branches: [[read('Get leads', 'lead')], [read('Get lead labels', 'leadLabel')], [read('Get block list entries', 'blockListEntry')]],
	});
}

const LANGCHAIN = '@n8n/n8n-nodes-langchain';

/** An Instantly node as an AI Agent's tool. Parameters the model fills are `$fromAI(key, description, type)`. */
export function instantlyTool(name, parameters, { credential = 'sandbox', ...settings } = {}) {
	return { ...instantly(name, parameters, { credential, ...settings }), type: INSTANTLY_TOOL };
}

/** `={{ $fromAI(…) }}`: the model fills this parameter; the description is what the model reads about it. */
export const fromAI = (key, description, type = 'string') => `={{ $fromAI('${key}', \`${description}\`, '${type}') }}`;

/**
 * n8n's OpenAI Chat Model on the scripted model: version 1.3 with the Responses API off, so it calls
 * POST /v1/chat/completions (on by default in 1.3, and the scripted model speaks chat completions only).
 */
export const scriptedModel = (name = 'Scripted model') => ({
	name,
	type: `${LANGCHAIN}.lmChatOpenAi`,
	typeVersion: 1.3,
	parameters: { model: { __rl: true, mode: 'id', value: 'instantly-scripted' }, responsesApiEnabled: false, options: {} },
	credentials: { openAiApi: { ...CREDENTIALS.model } },
});

export const AGENT_SYSTEM_MESSAGE =
	'You are a sales assistant for an Instantly.ai workspace. Use the Instantly tools to act on leads, campaigns, lead labels and the block list. Pass emails, names and label names exactly as the user wrote them. If a tool answers with an error, tell the user the reason in one sentence and do not call the tool again.';

/**
 * A workflow whose `start` feeds an AI Agent (n8n 2.41's default, version 3.1, reading `chatInput`), with the
 * scripted model and `tools` attached. Between them, `before` nodes (e.g. a Code node that sets chatInput).
 */
export function agentWorkflow(id, name, { start = trigger(), before = [], tools, notes = [], agentName = 'AI Agent' }) {
	const agent = {
		name: agentName,
		type: `${LANGCHAIN}.agent`,
		typeVersion: 3.1,
		parameters: { promptType: 'auto', options: { systemMessage: AGENT_SYSTEM_MESSAGE, maxIterations: 5 } },
	};
	const base = workflow(id, name, { start, branches: [[...before, agent]], notes });
	const model = scriptedModel();
	const agentNode = base.nodes.find((n) => n.name === agentName);
	const [x, y] = agentNode.position;
	base.nodes.push({ ...model, id: `${id}-m`, position: [x - 120, y + 240] });
	base.connections[model.name] = { ai_languageModel: [[{ node: agentName, type: 'ai_languageModel', index: 0 }]] };
	tools.forEach((tool, i) => {
		base.nodes.push({ ...tool, id: `${id}-t${i}`, position: [x + 40 + i * 180, y + 240] });
		base.connections[tool.name] = { ai_tool: [[{ node: agentName, type: 'ai_tool', index: 0 }]] };
	});
	return base;
}

/**
 * The Instantly tools of the demo agent. Their names are the tool names the model calls (spaces become `_`);
 * the scripted model's demo scripts (test/sandbox/model.ts) use them.
 */
export function agentTools() {
	return [
		instantlyTool('Update interest status', {
			resource: 'lead',
			operation: 'updateInterestStatus',
			leadEmail: fromAI('email', 'The lead’s email address, e.g. jane@acme.com'),
			interestValue: fromAI(
				'status',
				'The new interest status, by name: Interested, Meeting Booked, Meeting Completed, Won, Out of Office, Not Interested, Wrong Person, Lost, No Show, or the name of one of the workspace’s lead labels, e.g. Hot Lead',
			),
		}),
		instantlyTool('Add lead to campaign', {
			resource: 'lead',
			operation: 'create',
			email: fromAI('email', 'The lead’s email address, e.g. sam@newco.io'),
			addTo: 'campaign',
			campaignId: { __rl: true, mode: 'id', value: fromAI('campaign', 'The campaign’s name as the user wrote it (or its ID, a UUID)') },
		}),
		instantlyTool('Find leads', {
			resource: 'lead',
			operation: 'getAll',
			returnAll: false,
			limit: 5,
			filters: { search: fromAI('search', 'An email address, a name or a company to look for') },
		}),
		instantlyTool('Get lead', {
			resource: 'lead',
			operation: 'get',
			leadId: { __rl: true, mode: 'id', value: fromAI('lead_id', 'The lead’s ID, a UUID such as 0199f36c-d715-7d47-bf95-f164c0f957b1') },
		}),
		instantlyTool('Block email or domain', {
			resource: 'blockListEntry',
			operation: 'create',
			blValue: fromAI('value', 'An email address (name@company.com) or a domain (company.com) to block in every campaign'),
		}),
	];
}

/** The chat demo of `npm run dev`: Chat Trigger → AI Agent (scripted model) with the Instantly tools. */
export function agentDemoWorkflow() {
	return agentWorkflow('instantlyAgent', 'Instantly agent (sandbox)', {
		start: {
			name: 'When chat message received',
			type: `${LANGCHAIN}.chatTrigger`,
			typeVersion: 1.3,
			webhookId: 'b3c1a2e4-6d1f-4c8e-9a57-1f0e2d3c4b5a',
			// Public: the trigger also serves a chat page and endpoint (published workflows); the answer is the agent's output.
			parameters: { public: true, mode: 'hostedChat', authentication: 'none', options: { responseMode: 'lastNode' } },
		},
		tools: agentTools(),
		notes: [sticky('About this agent', AGENT_NOTE, { width: 420, height: 300 })],
	});
}

const AGENT_NOTE = `## Instantly agent (sandbox)
An **AI Agent** with Instantly tools, driven by a **scripted model** served by the sandbox (no OpenAI account, nothing leaves this machine). Click **Open chat** and try:
- \`Set jane.doe@northwind.io to Hot Lead\`
- \`Add sam@newco.io to Q3 Outreach — SaaS Founders\`
- \`Block competitor-three.com\`
- \`Find jane.doe@northwind.io\`

Each tool's parameters are filled by the model with \`$fromAI()\`. For a real model, swap the credential of "Scripted model" for your OpenAI key.`;
export const INSTANTLY_TRIGGER = `${PACKAGE.name}.instantlyTrigger`;

/** An Instantly Trigger; its webhookId (fixed, as the editor assigns one once) makes its URL …/webhook/<id>/webhook. */
export function instantlyTrigger(name, parameters, { webhookId, credential = 'sandbox' }) {
	return {
		name,
		type: INSTANTLY_TRIGGER,
		typeVersion: 1,
		webhookId,
		parameters,
		credentials: { instantlyV2Api: { ...CREDENTIALS[credential] } },
	};
}

/** A Set node ("Edit Fields") keeping the named fields, each an expression. */
export const setFields = (name, fields) => ({
	name,
	type: 'n8n-nodes-base.set',
	typeVersion: 3.4,
	parameters: {
		mode: 'manual',
		assignments: {
			assignments: Object.entries(fields).map(([field, value], i) => ({ id: `${name}-${i}`, name: field, value, type: 'string' })),
		},
		options: {},
	},
});

export const REPLIES_WEBHOOK_ID = '7c3f9d2e-41b6-4a8e-9f15-6e2d8b0c4a17';

const REPLIES_NOTE = `## Instantly replies
Starts when a lead **replies**, is marked **Interested** or gets the label **Hot Lead** in the sandbox workspace. On activation the trigger registered its webhooks in the sandbox (see \`/__sandbox/state\` → webhooks); Instantly would send each event to this n8n, with a secret header only this activation knows.

Fire a reply from the sandbox with the curl that \`npm run dev\` printed, then open **Executions**.`;

/** The active demo of `npm run dev`: Instantly Trigger (reply, Interested, `labels` by interest status) → the fields a sales team looks at. */
export function repliesWorkflow({ id = 'instantlyReplies', name = 'Instantly replies (sandbox)', labels = [], webhookId = REPLIES_WEBHOOK_ID } = {}) {
	return workflow(id, name, {
		start: instantlyTrigger(
			'Instantly Trigger',
			{ events: ['reply_received', 'lead_interested'], leadLabels: labels, campaignId: { __rl: true, mode: 'list', value: '' }, options: {} },
			{ webhookId },
		),
		notes: [sticky('About this workflow', REPLIES_NOTE, { width: 400, height: 240 })],
		branches: [
			[
				setFields('Reply for sales', {
					event: '={{ $json.event_type }}',
					lead: '={{ $json.lead_email }}',
					campaign: '={{ $json.campaign_name }}',
					reply: '={{ $json.reply_text_snippet }}',
					unibox: '={{ $json.unibox_url }}',
				}),
			],
		],
	});
}

/** The Email → Reply tool of the reply loop: the model fills in the email answered, the account, subject and body. */
export function replyTool() {
	return instantlyTool('Reply to lead', {
		resource: 'email',
		operation: 'reply',
		replyToEmailId: fromAI('email_id', 'The ID of the email the lead sent (a UUID): the "Email ID" given to you'),
		eaccount: { __rl: true, mode: 'email', value: fromAI('account', 'The sending account to reply from: the "From account" given to you') },
		subject: fromAI('subject', 'The subject of the reply: the subject of the lead’s email, e.g. "Re: Quick question"'),
		bodyText: fromAI('body', 'The text of the reply to the lead, plain text'),
	});
}

export const REPLY_LOOP_WEBHOOK_ID = '5b1e7c3a-9d24-4f6b-8e0a-2c7d9f1b3e58';

/** What the agent is told about a reply; the scripted model's "reply to a lead" script reads these fields. */
export const REPLY_PROMPT =
	'=A lead replied in Instantly. Reply to the lead. Lead: {{ $json.lead_email }}. Email ID: {{ $json.email_id }}. From account: {{ $json.email_account }}. Subject: {{ $json.reply_subject }}. Their reply: {{ $json.reply_text_snippet }}';

const REPLY_LOOP_NOTE = `## Reply to interested leads
When a lead **replies** in the sandbox workspace, the **AI Agent** (a scripted model served by the sandbox) drafts an answer and sends it with **Instantly → Email → Reply**: from the account the lead wrote to, in the same thread.

Fire a reply with the curl that \`npm run dev\` printed, open **Executions**, then see the thread with Email → Get Many (search \`thread:<thread_id>\`). For a real model, swap the credential of "Scripted model".`;

/** Instantly Trigger (reply received) → AI Agent (scripted model) with the Email → Reply tool. */
export function replyLoopWorkflow({ id = 'instantlyReplyLoop', name = 'Reply to interested leads (sandbox)', webhookId = REPLY_LOOP_WEBHOOK_ID } = {}) {
	return agentWorkflow(id, name, {
		start: instantlyTrigger(
			'Instantly Trigger',
			{ events: ['reply_received'], leadLabels: [], campaignId: { __rl: true, mode: 'list', value: '' }, options: {} },
			{ webhookId },
		),
		before: [setFields('Prompt for the agent', { chatInput: REPLY_PROMPT })],
		tools: [replyTool()],
		notes: [sticky('About this workflow', REPLY_LOOP_NOTE, { width: 420, height: 260 })],
	});
}
