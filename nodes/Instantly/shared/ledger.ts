import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

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

	entry(key: string): LedgerEntry | undefined {
		return this.entries.get(key);
	}

	/** The output of a request this node run already completed, if any. */
	completed(key: string): INodeExecutionData[] | undefined {
		const entry = this.entries.get(key);
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

const ledgers = new WeakMap<object, Ledger>();

export function ledgerFor(ctx: IExecuteFunctions): Ledger {
	const run = ctx.getExecuteData() as object | undefined;
	// Without execution data (never in n8n itself) there is nothing to share between tries.
	if (!run) return new Ledger();
	let ledger = ledgers.get(run);
	if (!ledger) {
		ledger = new Ledger();
		ledgers.set(run, ledger);
	}
	return ledger;
}

/** A short, stable fingerprint of what a request does (method, path, query and body). */
export function fingerprint(...parts: unknown[]): string {
	return createHash('sha256').update(JSON.stringify(parts)).digest('base64');
}
