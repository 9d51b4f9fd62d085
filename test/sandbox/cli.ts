/**
 * Runs the Instantly sandbox as a process: `node build/test/sandbox/cli.js [--port N] [--demo]
 * [--rate-limit] [--retry-after] [--api-key KEY]`. Prints one JSON line {"url": ..., "apiKey": ...} once listening.
 *
 * A process has no `sandbox.requests` to look at, so it also answers a small control API beside the
 * Instantly one (outside /api/v2, no key: it listens on 127.0.0.1 only), for `npm run test:e2e` and for
 * a developer's curl:
 *   GET  /__sandbox/requests   every request received since the last reset, oldest first
 *   GET  /__sandbox/summary    the same requests without headers or bodies ({method, path, status, at, agent}),
 *                              the 429s the rate limiter answered and the size of every collection: cheap enough
 *                              to read after runs of thousands of requests (`npm run bench:n8n`)
 *   POST /__sandbox/reset      forget requests, faults and data, then seed the demo data again when
 *                              started with --demo; `{"data": "keep"}` forgets requests and faults only,
 *                              `{"data": "empty"}` leaves the workspace empty; `"clear": ["leads", …]` also
 *                              empties those collections (with "keep": the rest of the data stays)
 *   POST /__sandbox/faults     inject a fault: `{"fault": {"kind": "status", "status": 500}, "method"?, "path"?, "times"?}`
 *   GET  /__sandbox/state      every record of every collection, by collection name
 *   POST /__sandbox/model/scripts  add scripts to the scripted model (one or an array, see model.ts); a reset drops them
 *   GET  /__sandbox/model/calls    every chat request the scripted model answered since the last reset: what it
 *                                  received (messages, tools, tool results) and what it answered
 *   POST /__sandbox/seed/emails  `{"count": 6000}`: that many emails in the Unibox (threads of two), for
 *                              `npm run bench:n8n`; answers how many emails the Unibox then holds
 *   POST /__sandbox/events     fire a webhook event, as Instantly would, to every matching webhook with its
 *                              stored headers: `{"event_type": "reply_received", "lead_email"?, "campaign_id"?,
 *                              "payload"?}` or `{"label": "Hot Lead" | 5, …}` for a custom label; answers the
 *                              payload and each delivery with n8n's HTTP status (also kept in state.webhookDeliveries)
 *
 * Beside both, the scripted OpenAI-compatible model (model.ts) answers under /v1 (POST /v1/chat/completions,
 * GET /v1/models): n8n's OpenAI credential with the base URL `<url>/v1` and any API key.
 */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';

import { seedDemo } from './demo';
import { ScriptedModel, type Script } from './model';
import { readBody, sendJson, startSandbox, type FaultRule, type Sandbox } from './index';
import { seedEmails } from './routes/benchSeed';
import { fireEvent, type EventSpec } from './routes/webhooks';

const CONTROL = '/__sandbox/';
const MODEL = '/v1/';

async function main() {
	const args = process.argv.slice(2);
	const value = (name: string) => {
		const i = args.indexOf(name);
		return i === -1 ? undefined : args[i + 1];
	};
	const demo = args.includes('--demo');
	const sandbox = await startSandbox({
		port: Number(value('--port') ?? 0),
		apiKey: value('--api-key') ?? process.env.SANDBOX_API_KEY,
		rateLimit: args.includes('--rate-limit')
			? { perSecond: 100, perMinute: 6000, retryAfter: args.includes('--retry-after') }
			: false,
	});
	if (demo) seedDemo(sandbox.state);
	serveControl(sandbox, demo, new ScriptedModel());
	process.stdout.write(`${JSON.stringify({ url: sandbox.url, apiKey: sandbox.apiKey })}\n`);
	const stop = () => void sandbox.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

/**
 * Puts the control API in front of the sandbox's own request handler. `Sandbox` keeps its HTTP server
 * private and records every request it handles; control requests must be neither recorded nor
 * authenticated, so they are answered before the sandbox sees them.
 */
function serveControl(sandbox: Sandbox, demo: boolean, model: ScriptedModel): void {
	const server = (sandbox as unknown as { server: Server }).server;
	const api = server.listeners('request') as RequestListener[];
	server.removeAllListeners('request');
	server.on('request', (req: IncomingMessage, res: ServerResponse) => {
		if (req.url?.startsWith(MODEL)) {
			void model.handle(req, res).catch((error: Error) => sendJson(res, 500, { error: { message: error.message } }));
			return;
		}
		if (!req.url?.startsWith(CONTROL)) {
			for (const listener of api) listener.call(server, req, res);
			return;
		}
		void control(sandbox, demo, model, req).then(
			([status, body]) => sendJson(res, status, body),
			(error: Error) => sendJson(res, 400, { message: error.message }),
		);
	});
}

async function control(sandbox: Sandbox, demo: boolean, model: ScriptedModel, req: IncomingMessage): Promise<[number, unknown]> {
	const { pathname } = new URL(req.url ?? '/', 'http://sandbox');
	const route = `${req.method} ${pathname.slice(CONTROL.length)}`;
	const text = await readBody(req);
	const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
	switch (route) {
		case 'GET requests':
			return [200, sandbox.requests];
		case 'GET summary':
			return [
				200,
				{
					requests: sandbox.requests.map((r) => ({
						method: r.method,
						path: r.path,
						status: r.status,
						at: r.at,
						agent: r.headers['user-agent'],
					})),
					rateLimited: sandbox.rateLimited,
					collections: Object.fromEntries([...sandbox.state.collections].map(([name, records]) => [name, records.size])),
				},
			];
		case 'GET state':
			return [
				200,
				Object.fromEntries(
					[...sandbox.state.collections].map(([name, records]) => [name, [...records.values()]]),
				),
			];
		case 'POST reset': {
			const data = body.data ?? (demo ? 'demo' : 'empty');
			if (data === 'keep') sandbox.resetLog();
			else sandbox.reset();
			model.reset();
			if (data === 'demo') seedDemo(sandbox.state);
			const clear = Array.isArray(body.clear) ? body.clear.map(String) : [];
			for (const name of clear) sandbox.state.collections.get(name)?.clear();
			return [200, { reset: true, data, ...(clear.length ? { clear } : {}) }];
		}
		case 'POST faults': {
			const rule = body as unknown as FaultRule;
			if (typeof rule.fault !== 'object' || rule.fault === null) throw new Error('"fault" must be an object');
			sandbox.inject(rule);
			return [200, { injected: rule }];
		}
		case 'POST model/scripts': {
			model.add(body as unknown as Script | Script[]);
			return [200, { added: true }];
		}
		case 'GET model/calls':
			return [200, model.calls];
		case 'POST seed/emails':
			return [200, { emails: seedEmails(sandbox.state, Number(body.count)) }];
		case 'POST events':
			return [200, await fireEvent(sandbox.state, body as EventSpec)];
		default:
			return [404, { message: `No control route ${route}` }];
	}
}



void main();
