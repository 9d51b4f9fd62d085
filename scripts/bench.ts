/**
 * `npm run bench [-- name …]`: runs the benchmarks in scripts/bench/ (all of them, or the named
 * files, e.g. `npm run bench -- addMany`) and prints each one's rows as a Markdown table.
 *
 * A benchmark module exports one or more async functions whose names end in `Bench` and return
 * rows (`BenchRow[]`, one object per scenario, column → value). Every module in scripts/bench/ is
 * picked up, so a new benchmark needs no edit here. Benchmarks measure; they are not pass/fail tests.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

export type BenchRow = Record<string, string | number>;
export type Bench = () => Promise<BenchRow[]>;

/** Every `…Bench` export of every module in the bench folder, in file-name order. */
function discover(only: string[]): Array<{ title: string; run: Bench }> {
	const folder = join(__dirname, 'bench');
	const benches: Array<{ title: string; run: Bench }> = [];
	for (const file of readdirSync(folder).filter((f) => f.endsWith('.js')).sort()) {
		const name = basename(file, '.js');
		if (only.length && !only.includes(name)) continue;
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const module = require(join(folder, file)) as Record<string, unknown>;
		for (const [exported, value] of Object.entries(module)) {
			if (typeof value === 'function' && exported.endsWith('Bench')) {
				benches.push({ title: `${name} › ${exported}`, run: value as Bench });
			}
		}
	}
	return benches;
}

export function table(rows: BenchRow[]): string {
	if (!rows.length) return '(no rows)';
	const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
	const cells = rows.map((row) => columns.map((column) => String(row[column] ?? '')));
	const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((line) => line[i].length)));
	const line = (values: string[]) => `| ${values.map((value, i) => value.padEnd(widths[i])).join(' | ')} |`;
	return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
	const only = process.argv.slice(2);
	const benches = discover(only);
	if (!benches.length) {
		console.error(`No benchmark matches ${only.join(', ')} (files in scripts/bench/, without extension).`);
		process.exit(1);
	}
	let failed = false;
	for (const { title, run } of benches) {
		console.log(`\n## ${title}\n`);
		try {
			console.log(table(await run()));
		} catch (error) {
			failed = true;
			console.error(`${title} failed: ${(error as Error).stack ?? String(error)}`);
		}
	}
	// n8n-core keeps timers and sockets of its own; the figures are printed, so end here.
	process.exit(failed ? 1 : 0);
}

if (require.main === module) void main();
