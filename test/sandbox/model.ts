import type { IncomingMessage, ServerResponse } from 'node:http';

import { readBody, sendJson } from './server';

/**
 * A scripted, OpenAI-compatible chat model on 127.0.0.1, for n8n's OpenAI Chat Model node (credential base URL
 * `<sandbox>/v1`, "Use Responses API" off): an AI Agent runs against it with no internet and no API key, and it
 * answers the same way every time, so tests can assert on what the agent did.
 *
 * A script is chosen by the latest user message (a regular expression; scripts a test adds come before the built-in
 * demo scripts). It makes its tool calls one per turn, each after the agent has sent back the previous call's
 * result, then gives its final answer. The conversation itself is the state: the number of tool-calling assistant
 * turns since the user's message says which step comes next, so the model keeps nothing between requests and a
 * retry of a request gets the same answer.
 *
 * Templates, in tool arguments and the reply: `$1`… are the match's groups; `{{result}}` is the last tool result
 * as the model received it (text), `{{result.0.id}}` a field of it read as JSON, `{{results.1…}}` the same for the
 * second call. An argument that is one whole `{{…}}` keeps the value's type (a number stays a number).
 *
 * Every chat request is recorded with what it received (messages, tools, tool results) and what it answered.
 */

export interface ScriptedCall {
	/** The tool's name as the agent offers it (n8n derives it from the tool node's name: spaces become `_`). */
	tool: string;
	arguments: Record<string, unknown>;
}

export interface Script {
	name: string;
	/** A regular expression (case-insensitive) tested against the latest user message. */
	match: string;
	calls: ScriptedCall[];
	reply: string;
	/** The final answer instead of `reply` when the last tool result is an error (`[{"error": …}]`, as n8n sends one). */
	onError?: string;
}

interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool' | 'developer';
	content?: unknown;
	tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

interface ChatRequest {
	model?: string;
	messages?: ChatMessage[];
	tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters?: unknown } }>;
	stream?: boolean;
	stream_options?: { include_usage?: boolean };
	[key: string]: unknown;
}

interface Answer {
	content: string | null;
	tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
}

export interface ModelCall {
	/** The script that answered, or why none did. */
	script: string;
	/** 0-based step of the script: a tool call, or the final answer once every call has its result. */
	step: number;
	userMessage: string;
	/** Tool results the model had received in this conversation (text, oldest first). */
	toolResults: string[];
	request: ChatRequest;
	answer: Answer;
}

export const MODEL_ID = 'instantly-scripted';

const DEMO_ERROR = 'Instantly could not do that: {{result.0.error}}';

/**
 * What `npm run dev`'s agent understands. Tool names are those of the demo workflow "Instantly agent (sandbox)"
 * (scripts/n8n/workflows.mjs): keep them in step.
 */
export const DEMO_SCRIPTS: Script[] = [
	{
		name: 'demo: set interest status',
		match: String.raw`(?:set|mark|label)\s+(\S+@\S+?)\s+(?:as|to)\s+(?:the\s+label\s+)?["“]?(.+?)["”]?\s*[.!]?$`,
		calls: [{ tool: 'Update_interest_status', arguments: { email: '$1', status: '$2' } }],
		reply: 'Done: $1 is now "$2" (interest status {{result.0.interest_value}}); Instantly applies it in the background.',
		onError: DEMO_ERROR,
	},
	{
		name: 'demo: add to campaign',
		match: String.raw`add\s+(\S+@\S+?)\s+to\s+(?:the\s+)?(?:campaign\s+)?["“]?(.+?)["”]?\s*[.!]?$`,
		calls: [{ tool: 'Add_lead_to_campaign', arguments: { email: '$1', campaign: '$2' } }],
		reply: 'Added $1 to "$2" (lead ID {{result.0.id}}).',
		onError: DEMO_ERROR,
	},
	{
		name: 'demo: block',
		match: String.raw`block\s+(\S+?)\s*[.!]?$`,
		calls: [{ tool: 'Block_email_or_domain', arguments: { value: '$1' } }],
		reply: 'Blocked {{result.0.bl_value}} in every campaign.',
		onError: DEMO_ERROR,
	},
	{
		// The reply loop (workflow "Reply to interested leads (sandbox)"): the prompt is built from the trigger's event.
		name: 'demo: reply to a lead',
		match: String.raw`reply to the lead\.\s+lead:\s+(\S+?)\.\s+email id:\s+(\S+?)\.\s+from account:\s+(\S+?)\.\s+subject:\s+(.+?)\.\s+their reply:`,
		calls: [
			{
				tool: 'Reply_to_lead',
				arguments: { email_id: '$2', account: '$3', subject: '$4', body: 'Thanks for getting back to me! Tuesday works: does 10am suit you?' },
			},
		],
		reply: 'Replied to $1 from {{result.0.eaccount}} in thread {{result.0.thread_id}}.',
		onError: DEMO_ERROR,
	},
	{
		name: 'demo: find a lead',
		match: String.raw`(?:find|look\s+up|get|show)\s+(?:lead\s+)?(\S+@\S+?|[0-9a-f]{8}-[0-9a-f-]{27})\s*[.?!]?$`,
		calls: [{ tool: 'Find_leads', arguments: { search: '$1' } }],
		reply: 'Here is what Instantly has: {{result}}',
		onError: DEMO_ERROR,
	},
];

const HELP = [
	'I am a scripted model for the Instantly sandbox: I understand these sentences.',
	'- "Set jane.doe@northwind.io to Hot Lead" (any built-in status or lead label by name)',
	'- "Add sam@newco.io to Q3 Outreach — SaaS Founders" (a campaign by name)',
	'- "Block competitor-three.com"',
	'- "Find jane.doe@northwind.io"',
].join('\n');

export class ScriptedModel {
	readonly calls: ModelCall[] = [];

	/** Scripts added by a test; tried before the demo scripts. */
	private scripts: Script[] = [];

	private sequence = 0;

	constructor(private readonly builtIn: Script[] = DEMO_SCRIPTS) {}

	add(scripts: Script | Script[]): void {
		const list = Array.isArray(scripts) ? scripts : [scripts];
		for (const script of list) {
			new RegExp(script.match, 'i'); // a bad pattern fails here, where the test adds it
			if (!Array.isArray(script.calls) || typeof script.reply !== 'string') {
				throw new Error(`Script "${script.name}" needs "calls" (an array) and "reply" (text)`);
			}
		}
		this.scripts.unshift(...list);
	}

	/** Forgets recorded calls and the scripts tests added. */
	reset(): void {
		this.calls.length = 0;
		this.scripts = [];
	}

	/** Answers `/v1/…` requests; returns false for any other path. */
	async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
		const { pathname } = new URL(req.url ?? '/', 'http://model');
		if (!pathname.startsWith('/v1/')) return false;
		const route = `${req.method} ${pathname}`;
		if (!String(req.headers.authorization ?? '').startsWith('Bearer ')) {
			sendJson(res, 401, openAiError('You didn’t provide an API key (any key works with the scripted model).', 'invalid_request_error'));
		} else if (route === 'GET /v1/models') {
			sendJson(res, 200, { object: 'list', data: [{ id: MODEL_ID, object: 'model', created: 0, owned_by: 'instantly-sandbox' }] });
		} else if (route === `GET /v1/models/${MODEL_ID}`) {
			sendJson(res, 200, { id: MODEL_ID, object: 'model', created: 0, owned_by: 'instantly-sandbox' });
		} else if (route === 'POST /v1/chat/completions') {
			let request: ChatRequest;
			try {
				request = JSON.parse(await readBody(req)) as ChatRequest;
			} catch {
				sendJson(res, 400, openAiError('The body is not valid JSON', 'invalid_request_error'));
				return true;
			}
			const answer = this.answer(request);
			if (request.stream) stream(res, this.completionId(), request, answer);
			else sendJson(res, 200, completion(this.completionId(), request, answer));
		} else {
			sendJson(res, 404, openAiError(`The scripted model has no ${route} (it serves POST /v1/chat/completions and GET /v1/models)`, 'invalid_request_error'));
		}
		return true;
	}

	/** The next answer of the conversation in `request`, recorded. */
	answer(request: ChatRequest): Answer {
		const messages = request.messages ?? [];
		const lastUser = findLastIndex(messages, (m) => m.role === 'user');
		const userMessage = lastUser === -1 ? '' : text(messages[lastUser].content);
		const since = messages.slice(lastUser + 1);
		const step = since.filter((m) => m.role === 'assistant' && m.tool_calls?.length).length;
		const toolResults = since.filter((m) => m.role === 'tool').map((m) => text(m.content));
		const offered = (request.tools ?? []).map((t) => t.function.name);
		const record = (script: string, answer: Answer): Answer => {
			this.calls.push({ script, step, userMessage, toolResults, request, answer });
			return answer;
		};

		const found = this.find(userMessage);
		if (!found) return record('(none)', { content: `${HELP}\n\nTools I was given: ${offered.join(', ') || 'none'}.` });
		const { script, groups } = found;
		const context = { groups, results: toolResults };
		if (step < script.calls.length) {
			const call = script.calls[step];
			if (!offered.includes(call.tool)) {
				return record(script.name, {
					content: `The script "${script.name}" calls the tool "${call.tool}", but the agent offered: ${offered.join(', ') || 'no tools'}.`,
				});
			}
			const args = Object.fromEntries(Object.entries(call.arguments).map(([key, value]) => [key, fillValue(value, context)]));
			return record(script.name, {
				content: null,
				tool_calls: [{ id: `call_${++this.sequence}`, type: 'function', function: { name: call.tool, arguments: JSON.stringify(args) } }],
			});
		}
		const failed = script.onError !== undefined && isError(toolResults[toolResults.length - 1]);
		return record(script.name, { content: fill(failed ? script.onError! : script.reply, context) });
	}

	private find(userMessage: string): { script: Script; groups: string[] } | undefined {
		for (const script of [...this.scripts, ...this.builtIn]) {
			const match = new RegExp(script.match, 'i').exec(userMessage);
			if (match) return { script, groups: [...match] };
		}
		return undefined;
	}

	private completionId(): string {
		return `chatcmpl-sandbox-${++this.sequence}`;
	}
}

interface FillContext {
	groups: string[];
	results: string[];
}

const PLACEHOLDER = /\{\{\s*(result|results\.\d+)((?:\.[\w-]+)*)\s*\}\}/g;

function lookup(context: FillContext, head: string, path: string): unknown {
	const raw = head === 'result' ? context.results[context.results.length - 1] : context.results[Number(head.split('.')[1])];
	if (raw === undefined) return '';
	if (!path) return raw;
	let value: unknown;
	try {
		value = JSON.parse(raw);
	} catch {
		return '';
	}
	for (const key of path.slice(1).split('.')) {
		value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
	}
	return value ?? '';
}

function fill(template: string, context: FillContext): string {
	return template
		.replace(/\$(\d)/g, (_, n: string) => context.groups[Number(n)] ?? '')
		.replace(PLACEHOLDER, (_, head: string, path: string) => {
			const value = lookup(context, head, path);
			return typeof value === 'string' ? value : JSON.stringify(value);
		});
}

function fillValue(value: unknown, context: FillContext): unknown {
	if (typeof value !== 'string') return value;
	const whole = /^\{\{\s*(result|results\.\d+)((?:\.[\w-]+)*)\s*\}\}$/.exec(value);
	if (whole) return lookup(context, whole[1], whole[2]);
	return fill(value, context);
}

/** Whether a tool result is n8n's answer for a failed tool: `[{"error": "…"}]`. */
function isError(result: string | undefined): boolean {
	try {
		const parsed = JSON.parse(result ?? '') as unknown;
		const first = Array.isArray(parsed) ? parsed[0] : parsed;
		return typeof (first as { error?: unknown })?.error === 'string';
	} catch {
		return false;
	}
}

/** Message content as text: a string, or the text parts of a content array. */
function text(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content.map((part) => (typeof part === 'string' ? part : String((part as { text?: unknown })?.text ?? ''))).join('');
	}
	return content === undefined || content === null ? '' : JSON.stringify(content);
}

function findLastIndex<T>(items: T[], test: (item: T) => boolean): number {
	for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
	return -1;
}

function usage(request: ChatRequest, answer: Answer) {
	const prompt_tokens = Math.ceil(JSON.stringify(request.messages ?? []).length / 4);
	const completion_tokens = Math.ceil(JSON.stringify(answer).length / 4);
	return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

function completion(id: string, request: ChatRequest, answer: Answer) {
	return {
		id,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: request.model ?? MODEL_ID,
		choices: [
			{
				index: 0,
				message: { role: 'assistant', content: answer.content, ...(answer.tool_calls ? { tool_calls: answer.tool_calls } : {}), refusal: null },
				logprobs: null,
				finish_reason: answer.tool_calls ? 'tool_calls' : 'stop',
			},
		],
		usage: usage(request, answer),
	};
}

/** The same answer as server-sent events, as OpenAI streams it (the agent streams when a Chat Trigger streams). */
function stream(res: ServerResponse, id: string, request: ChatRequest, answer: Answer): void {
	const base = { id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: request.model ?? MODEL_ID };
	const chunk = (choice: object | undefined, extra: object = {}) =>
		res.write(`data: ${JSON.stringify({ ...base, choices: choice ? [{ index: 0, logprobs: null, ...choice }] : [], ...extra })}\n\n`);
	res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
	chunk({ delta: { role: 'assistant', content: answer.tool_calls ? null : '' }, finish_reason: null });
	if (answer.tool_calls) {
		chunk({ delta: { tool_calls: answer.tool_calls.map((call, index) => ({ index, ...call })) }, finish_reason: null });
	} else {
		chunk({ delta: { content: answer.content ?? '' }, finish_reason: null });
	}
	chunk({ delta: {}, finish_reason: answer.tool_calls ? 'tool_calls' : 'stop' });
	if (request.stream_options?.include_usage) chunk(undefined, { usage: usage(request, answer) });
	res.end('data: [DONE]\n\n');
}

function openAiError(message: string, type: string) {
	return { error: { message, type, param: null, code: null } };
}
