/**
 * Request timeouts that do not depend on the machine's speed or load (issue 20). A real timeout of a
 * few hundred ms abandons any request a busy machine answers late, so a test that relies on one fails
 * now and then under load. Here n8n's HTTP client (its OutboundHttp service, which every request of the
 * engine goes through) is wrapped: a request is sent to the sandbox with no timeout of its own, and it
 * fails with the error n8n's client gives for a timeout exactly when the sandbox decides never to answer
 * it (a `hang` fault). So a request that is answered, however late, is never abandoned, and a hung one
 * always is, with the node's Timeout in the message as a real one would have it.
 */
import { Container } from '@n8n/di';
import { markHttpRequestError, OutboundHttp, type HttpRequestClient } from '@n8n/backend-network';
import { AxiosError } from 'axios';
import type { IHttpRequestOptions } from 'n8n-workflow';

import type { Sandbox } from './sandbox';

const TRACE = 'x-test-request';

/** What n8n's client (axios) throws when a request's `timeout` passes without an answer. */
function timeoutError(ms: number | undefined): Error {
	return markHttpRequestError(new AxiosError(`timeout of ${ms ?? 0}ms exceeded`, AxiosError.ECONNABORTED)) as Error;
}

/**
 * Until the returned function is called, the engine's requests time out when, and only when, `sandbox`
 * hangs them. `timeouts` lists the timeout each request was sent with (the node's Timeout option).
 */
export function timeoutsOnHang(sandbox: Sandbox): { restore(): void; timeouts: Array<number | undefined> } {
	const real = Container.get(OutboundHttp);
	const pending = new Map<string, (error: Error) => void>();
	const timeouts: Array<number | undefined> = [];
	let next = 0;
	sandbox.onHang = (request) => {
		const id = request.headers[TRACE];
		if (typeof id === 'string') pending.get(id)?.(new Error('hung'));
	};
	const requests = (options?: Parameters<OutboundHttp['requests']>[0]): HttpRequestClient => {
		const client = real.requests(options);
		const request = async (requestOptions: IHttpRequestOptions): Promise<unknown> => {
			const id = String(next++);
			const { timeout } = requestOptions;
			timeouts.push(timeout);
			const abort = new AbortController();
			const hung = new Promise<never>((_, reject) => pending.set(id, () => {
				abort.abort();
				reject(timeoutError(timeout));
			}));
			const sent = client.request({
				...requestOptions,
				headers: { ...requestOptions.headers, [TRACE]: id },
				// No limit of its own: the sandbox answers or hangs, and a hang is the timeout.
				timeout: 0,
				abortSignal: abort.signal,
			});
			sent.catch(() => {}); // after a hang it is aborted, and nobody waits for it any more
			try {
				return await Promise.race([sent, hung]);
			} finally {
				pending.delete(id);
			}
		};
		return { ...client, request } as HttpRequestClient;
	};
	const wrapped = Object.assign(Object.create(real) as OutboundHttp, { requests });
	Container.set(OutboundHttp, wrapped);
	return {
		timeouts,
		restore() {
			Container.set(OutboundHttp, real);
			sandbox.onHang = undefined;
		},
	};
}
