import { createHash } from 'crypto';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * What a node run has already done, kept across the tries of n8n's "Retry On Fail". n8n runs a failed node
 * again with the same execution data, so a try after a failure would otherwise send again what the first try
 * already created: the node puts out what that try received instead. Keyed by the request itself (its
 * fingerprint), so only the very same request is ever skipped; the ledger lives as long as the execution's
 * data for this node run (a WeakMap entry), and several executions at once each have their own.
 */
export class Ledger {
	private readonly done = new Map<string, INodeExecutionData[]>();

	/** The output of a request this node run already completed, if any. */
	completed(key: string): INodeExecutionData[] | undefined {
		return this.done.get(key);
	}

	complete(key: string, output: INodeExecutionData[]): void {
		this.done.set(key, output);
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
