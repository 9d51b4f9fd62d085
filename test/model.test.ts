import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import axios from 'axios';

import { MODEL_ID, ScriptedModel } from './sandbox/model';

// The scripted model drives the real-n8n agent tests and the demo: it must answer as OpenAI's chat completions
// endpoint does (the shape LangChain's ChatOpenAI parses), and follow its script turn by turn.
let model: ScriptedModel;
let server: Server;
let url: string;

beforeAll(async () => {
	model = new ScriptedModel();
	server = createServer((req, res) => {
		void model.handle(req, res).then((handled) => {
			if (!handled) res.writeHead(404).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => await new Promise((resolve) => server.close(resolve)));
beforeEach(() => model.reset());

const TOOLS = [
	{ type: 'function', function: { name: 'Get_lead', description: 'Get a lead', parameters: { type: 'object' } } },
	{ type: 'function', function: { name: 'Update_interest_status', description: 'Set a status', parameters: { type: 'object' } } },
];

function chat(messages: object[], extra: object = {}) {
	return axios.post(`${url}/chat/completions`, { model: MODEL_ID, messages, tools: TOOLS, ...extra }, {
		headers: { Authorization: 'Bearer any-key' },
		validateStatus: () => true,
	});
}

const user = (content: string) => ({ role: 'user' as const, content });

it('calls the scripted tool first, then answers from the tool result it was sent', async () => {
	model.add({
		name: 'lookup',
		match: 'about lead (\\S+)\\?',
		calls: [{ tool: 'Get_lead', arguments: { lead_id: '$1' } }],
		reply: 'Lead $1 is {{result.0.email}} (status {{result.0.status}}).',
	});
	const first = await chat([{ role: 'system', content: 'Be helpful' }, user('What about lead L-1?')]);
	expect(first.status).toBe(200);
	expect(first.data.object).toBe('chat.completion');
	const [choice] = first.data.choices;
	expect(choice.finish_reason).toBe('tool_calls');
	expect(choice.message.content).toBeNull();
	expect(choice.message.tool_calls).toHaveLength(1);
	const call = choice.message.tool_calls[0];
	expect(call.type).toBe('function');
	expect(call.function.name).toBe('Get_lead');
	expect(JSON.parse(call.function.arguments)).toEqual({ lead_id: 'L-1' });

	const second = await chat([
		user('What about lead L-1?'),
		{ role: 'assistant', content: [], tool_calls: [call] },
		{ role: 'tool', tool_call_id: call.id, content: '[{"email":"a@b.co","status":1}]' },
	]);
	expect(second.data.choices[0]).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant', content: 'Lead L-1 is a@b.co (status 1).' } });
	expect(model.calls.map((c) => [c.script, c.step])).toEqual([
		['lookup', 0],
		['lookup', 1],
	]);
	expect(model.calls[1].toolResults).toEqual(['[{"email":"a@b.co","status":1}]']);
	expect(model.calls[0].request.tools).toEqual(TOOLS);
});

it('keeps a whole-placeholder argument’s type and reads results of earlier calls', async () => {
	model.add({
		name: 'two steps',
		match: 'two steps',
		calls: [
			{ tool: 'Get_lead', arguments: { lead_id: 'x' } },
			{ tool: 'Update_interest_status', arguments: { status: '{{results.0.0.status}}', note: 'was {{result.0.status}}' } },
		],
		reply: 'done: {{result}}',
	});
	const call1 = { id: 'c1', type: 'function', function: { name: 'Get_lead', arguments: '{}' } };
	const res = await chat([
		user('do it in two steps'),
		{ role: 'assistant', content: null, tool_calls: [call1] },
		{ role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: '[{"status":5}]' }] },
	]);
	expect(JSON.parse(res.data.choices[0].message.tool_calls[0].function.arguments)).toEqual({ status: 5, note: 'was 5' });
});

it('streams the same answers as server-sent events when asked to', async () => {
	model.add({ name: 's', match: 'stream', calls: [{ tool: 'Get_lead', arguments: { lead_id: '1' } }], reply: 'ok' });
	const res = await chat([user('stream please')], { stream: true, stream_options: { include_usage: true } });
	expect(res.headers['content-type']).toMatch(/text\/event-stream/);
	const events = String(res.data)
		.split('\n\n')
		.filter(Boolean)
		.map((e) => e.replace(/^data: /, ''));
	expect(events.at(-1)).toBe('[DONE]');
	const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
	expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
	const toolCall = chunks.flatMap((c) => c.choices).find((c) => c.delta.tool_calls)?.delta.tool_calls[0];
	expect(toolCall).toMatchObject({ index: 0, type: 'function', function: { name: 'Get_lead', arguments: '{"lead_id":"1"}' } });
	expect(chunks.flatMap((c) => c.choices).at(-1).finish_reason).toBe('tool_calls');
	expect(chunks.at(-1).usage.total_tokens).toBeGreaterThan(0);
});

it('answers with what it understands when no script matches, and says so when a scripted tool is not offered', async () => {
	const none = await chat([user('hello there')]);
	expect(none.data.choices[0].message.content).toContain('Set jane.doe@northwind.io to Hot Lead');
	expect(none.data.choices[0].message.content).toContain('Tools I was given: Get_lead, Update_interest_status.');
	const missing = await chat([user('Block competitor.com')]);
	expect(missing.data.choices[0].message.content).toContain('calls the tool "Block_email_or_domain", but the agent offered: Get_lead, Update_interest_status');
	expect(missing.data.choices[0].message.tool_calls).toBeUndefined();
});

it('has demo scripts that read emails and label or campaign names from plain sentences', () => {
	const args = (message: string) => {
		const answer = model.answer({ messages: [user(message)], tools: [
			{ type: 'function', function: { name: 'Update_interest_status' } },
			{ type: 'function', function: { name: 'Add_lead_to_campaign' } },
		] });
		return JSON.parse(answer.tool_calls![0].function.arguments);
	};
	expect(args('Set jane.doe@northwind.io to Hot Lead')).toEqual({ email: 'jane.doe@northwind.io', status: 'Hot Lead' });
	expect(args('Mark raj@contoso.com as "Not Interested".')).toEqual({ email: 'raj@contoso.com', status: 'Not Interested' });
	expect(args('Add sam@newco.io to the campaign Q3 Outreach — SaaS Founders')).toEqual({ email: 'sam@newco.io', campaign: 'Q3 Outreach — SaaS Founders' });
});

it('has a demo script that replies to a lead from the reply loop’s prompt (workflows.mjs REPLY_PROMPT)', () => {
	const prompt =
		'A lead replied in Instantly. Reply to the lead. Lead: jane.doe@northwind.io. Email ID: 019a0000-0000-7000-8000-000000000042. From account: alex@outreach-demo.io. Subject: Re: Quick question. Their reply: Sounds interesting, can we talk on Tuesday?';
	const answer = model.answer({ messages: [user(prompt)], tools: [{ type: 'function', function: { name: 'Reply_to_lead' } }] });
	expect(JSON.parse(answer.tool_calls![0].function.arguments)).toEqual({
		email_id: '019a0000-0000-7000-8000-000000000042',
		account: 'alex@outreach-demo.io',
		subject: 'Re: Quick question',
		body: 'Thanks for getting back to me! Tuesday works: does 10am suit you?',
	});
});

it('lists its model, and needs a Bearer key like OpenAI (any key)', async () => {
	const models = await axios.get(`${url}/models`, { headers: { Authorization: 'Bearer x' } });
	expect(models.data.data.map((m: { id: string }) => m.id)).toEqual([MODEL_ID]);
	const anonymous = await axios.get(`${url}/models`, { validateStatus: () => true });
	expect(anonymous.status).toBe(401);
	expect(anonymous.data.error.message).toMatch(/API key/);
});

it('answers with the script’s error reply when the tool failed', async () => {
	model.add({ name: 'e', match: 'fail', calls: [{ tool: 'Get_lead', arguments: {} }], reply: 'ok {{result.0.id}}', onError: 'failed: {{result.0.error}}' });
	const call = { id: 'c1', type: 'function', function: { name: 'Get_lead', arguments: '{}' } };
	const history = (content: string) => [user('fail please'), { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: 'c1', content }];
	expect((await chat(history('[{"error":"Instantly answered 404: Resource not found"}]'))).data.choices[0].message.content).toBe(
		'failed: Instantly answered 404: Resource not found',
	);
	expect((await chat(history('[{"id":"L1"}]'))).data.choices[0].message.content).toBe('ok L1');
});
