// Runs n8n's own community-package scanner twice: on the TypeScript sources (as n8n does on the
// provenance-attested checkout) and on the unpacked `npm pack` tarball (what users install).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'instantly-scan-'));
let failed = false;
try {
	const source = await analyzePackage(root, SOURCE_FILE_PATTERNS);
	report('source', source);

	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root })
		.toString()
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['-xzf', join(work, tarball), '-C', work]);
	const packed = await analyzePackage(join(work, 'package'), ['**/*.js', 'package.json']);
	report(`npm pack (${tarball})`, packed);
} finally {
	rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

function report(what, result) {
	if (result.passed) {
		console.log(`scanner: ${what}: no findings${result.message ? ` (${result.message})` : ''}`);
		return;
	}
	failed = true;
	console.error(`scanner: ${what}: ${result.message}\n${result.details ?? result.error ?? ''}`);
}
