import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { isTool } from './errors';

/** The credential type's name (transport.ts exports it too; kept here so the ledger needs no transport). */
const CREDENTIAL_TYPE = 'instantlyV2Api';

/**
 * What a node run has already done, kept across the tries of n8n's "Retry On Fail". n8n runs a failed node
 * again with the same execution data, so a try after a failure would otherwise send again what the first try
 * already did. Keyed by the request itself (its fingerprint), so only the very same request is ever matched;
 * the ledger lives as long as the execution's data for this node run (a WeakMap entry), and several executions
 * at once each have their own. A request is, for the tries after it:
 *
 * - `done`: completed; its output is put out again, nothing is sent.
 * - `accepted`: Instantly answered it, but shaping the output failed (Move's wait for its job timed out):
 *   the answer is reused (the same job is polled again), the request is not sent again.
 * - `uncertain`: sent, and no clear answer (see `outcomeUncertain` in errors.ts): Instantly may or may not have
 *   carried it out. The next try looks before it resends (`RouteOptions.recover`).
 */
export type LedgerEntry =
	| { state: 'done'; output: INodeExecutionData[] }
	| { state: 'accepted'; response: IDataObject }
	| { state: 'uncertain' };

export class Ledger {
	private readonly entries = new Map<string, LedgerEntry>();

	/** `reusesOutput` false: completed requests are forgotten (an AI Agent's tool: a later call wants a fresh answer). */
	constructor(private readonly reusesOutput = true) {}

	entry(key: string): LedgerEntry | undefined {
		const entry = this.entries.get(key);
		return entry?.state === 'done' && !this.reusesOutput ? undefined : entry;
	}

	/** The output of a request this node run already completed, if any. */
	completed(key: string): INodeExecutionData[] | undefined {
		const entry = this.entry(key);
		return entry?.state === 'done' ? entry.output : undefined;
	}

	complete(key: string, output: INodeExecutionData[]): void {
		this.entries.set(key, { state: 'done', output });
	}

	accept(key: string, response: IDataObject): void {
		this.entries.set(key, { state: 'accepted', response });
	}

	uncertain(key: string): void {
		this.entries.set(key, { state: 'uncertain' });
	}
}

const ledgers = new WeakMap<object, Map<string, Ledger>>();

export function ledgerFor(ctx: IExecuteFunctions): Ledger {
	const run = ctx.getExecuteData() as object | undefined;
	// Without execution data (never in n8n itself) there is nothing to share between tries. An AI Agent's tool
	// calls all share the agent's execution data (see runScope), and a retry cannot be told from a new call with
	// the same arguments: a tool's ledger never reuses an output (a later Get wants a fresh answer), but still
	// keeps what was uncertain or accepted, so a retried create looks before it resends.
	if (!run) return new Ledger();
	const tool = isTool(ctx.getNode());
	return scoped(ledgers, run, `${runScope(ctx)}\0${tool ? 'tool' : 'node'}`, () => new Ledger(!tool));
}

/**
 * What one node run's caches (connection, ledger, name lookups) are keyed by, beside n8n's execute data. n8n
 * gives each node run its own execute data, but not in an AI Agent's in-process tool path: there (n8n-core 2.41,
 * getInputConnectionData → makeHandleToolInvocation) every call of every tool node connected to the agent gets
 * the AGENT's execute data. Keyed by that alone, one Instantly tool would use another's connection — its
 * credential, its key — and its name lookups; so the key names the node and its credential too.
 */
export function runScope(ctx: { getNode(): INode }): string {
	const node = ctx.getNode();
	return `${node.name}\0${node.credentials?.[CREDENTIAL_TYPE]?.id ?? ''}`;
}

/** The value kept for `run` (execute data) and `scope` (runScope), made by `make` the first time. */
export function scoped<T>(store: WeakMap<object, Map<string, T>>, run: object, scope: string, make: () => T): T {
	let byScope = store.get(run);
	if (!byScope) store.set(run, (byScope = new Map()));
	let value = byScope.get(scope);
	if (value === undefined) byScope.set(scope, (value = make()));
	return value;
}

/** A short, stable fingerprint of what a request does (method, path, query and body). */
export function fingerprint(...parts: unknown[]): string {
	return createHash('sha256').update(JSON.stringify(parts)).digest('base64');
}
