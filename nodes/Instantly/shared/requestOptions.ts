import type { IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** n8n's own default for declarative requests; the node's "Timeout" option overrides it. */
export const DEFAULT_TIMEOUT = 300_000;

/**
 * What n8n's "Request Options" (the collection its loader adds to every declarative node) ask of every request
 * this node makes: operations, Add Many, Move's job polling, list searches and option loaders alike.
 */
export interface RequestSettings {
	timeout: number;
	proxy?: IHttpRequestOptions['proxy'];
	skipSslCertificateValidation: boolean;
	/** "Batching": after every `size` items, wait `intervalMs` before the next one is sent. */
	batching?: { size: number; intervalMs: number };
}

interface RawRequestOptions {
	batching?: { batch?: { batchSize?: number; batchInterval?: number } };
	allowUnauthorizedCerts?: boolean;
	proxy?: string;
	timeout?: number;
}

/** Reads the collection as n8n's RoutingNode does, so the node behaves like any declarative node. */
export function requestSettings(node: INode, raw: IDataObject | undefined): RequestSettings {
	const options = (raw ?? {}) as RawRequestOptions;
	const settings: RequestSettings = {
		timeout: typeof options.timeout === 'number' && options.timeout > 0 ? options.timeout : DEFAULT_TIMEOUT,
		skipSslCertificateValidation: options.allowUnauthorizedCerts === true,
	};
	if (options.proxy) settings.proxy = parseProxy(node, options.proxy);
	const batch = options.batching?.batch;
	const interval = Number(batch?.batchInterval ?? 0);
	if (batch && interval > 0) {
		// As in RoutingNode: a batch size below 1 (n8n allows -1) means one item per batch.
		const size = Number(batch.batchSize ?? 0);
		settings.batching = { size: size > 0 ? Math.floor(size) : 1, intervalMs: interval };
	}
	return settings;
}

function parseProxy(node: INode, text: string): IHttpRequestOptions['proxy'] {
	let url: URL;
	try {
		url = new URL(text.includes('://') ? text : `http://${text}`);
	} catch {
		url = new URL('http://invalid');
		url.hostname = '';
	}
	if (!url.hostname || !url.port) {
		throw new NodeOperationError(node, 'The proxy is not valid', {
			description: `The proxy URL does not contain a valid value for "${url.hostname ? 'port' : 'host'}": use the form http://host:port or http://user:password@host:port.`,
		});
	}
	const proxy: NonNullable<IHttpRequestOptions['proxy']> = {
		host: url.hostname,
		port: Number(url.port),
		protocol: url.protocol.replace(/:$/, ''),
	};
	if (url.username) {
		proxy.auth = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
	}
	return proxy;
}
