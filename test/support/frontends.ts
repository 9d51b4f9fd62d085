/**
 * What can stand between n8n and Instantly, on 127.0.0.1: an HTTP forward proxy (n8n's "Proxy" request
 * option) and a TLS front with a self-signed certificate (what "Ignore SSL Issues" is for). Each records what
 * passed through it, so a test can tell that a request went the way the node's options said.
 */
import { readFileSync } from 'fs';
import http from 'http';
import https from 'https';
import type { AddressInfo } from 'net';
import path from 'path';

export interface Front {
	url: string;
	/** "METHOD /path" of each request that passed. */
	seen: string[];
	close(): Promise<void>;
}

function forward(target: string, req: http.IncomingMessage, res: http.ServerResponse, pathAndQuery: string) {
	const upstream = http.request(
		new URL(pathAndQuery, target),
		{ method: req.method, headers: { ...req.headers, host: new URL(target).host } },
		(answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		},
	);
	upstream.on('error', () => res.destroy());
	req.pipe(upstream);
}

async function listen(server: http.Server | https.Server, scheme: string, seen: string[]): Promise<Front> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `${scheme}://127.0.0.1:${port}`,
		seen,
		close: async () => {
			server.closeAllConnections?.();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** A plain HTTP forward proxy: clients send it absolute URLs (`GET http://host/path`). */
export async function startProxy(): Promise<Front> {
	const seen: string[] = [];
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/');
		seen.push(`${req.method} ${url.pathname}`);
		forward(url.origin, req, res, `${url.pathname}${url.search}`);
	});
	return await listen(server, 'http', seen);
}

/** HTTPS with a self-signed certificate in front of `target`: a client that checks certificates refuses it. */
export async function startTlsFront(target: string): Promise<Front> {
	const seen: string[] = [];
	const fixtures = path.join(__dirname, '..', 'fixtures');
	const server = https.createServer(
		{ key: readFileSync(path.join(fixtures, 'self-signed.key')), cert: readFileSync(path.join(fixtures, 'self-signed.crt')) },
		(req, res) => {
			seen.push(`${req.method} ${new URL(req.url ?? '/', 'https://front').pathname}`);
			forward(target, req, res, req.url ?? '/');
		},
	);
	return await listen(server, 'https', seen);
}
