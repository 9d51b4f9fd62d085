// Builds the package, packs it with `npm pack`, and installs the tarball into an n8n user folder exactly as the
// README's "Installation → From the tarball" tells a self-hosted n8n's owner to (so every real-n8n suite tests
// those steps): the tarball copied into `<user>/.n8n/nodes` and `npm install`ed from there (its package.json then
// records `file:<tarball>` next to it, not a path back into the clone), without n8n-workflow (the peer
// dependency n8n provides, as its own "Settings → Community Nodes → Install" leaves it out) and without install
// scripts. At start n8n loads every `n8n-nodes-*` package it finds in `<user>/.n8n/nodes/node_modules`.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CACHE, PACKAGE, ROOT, log, run, seconds, userFolder } from './lib.mjs';

export async function buildAndPack() {
	let started = Date.now();
	// SKIP_BUILD=1 packs the dist/ already there (quicker while iterating on the scripts themselves).
	if (process.env.SKIP_BUILD === '1') log('Packing the existing dist/ (SKIP_BUILD=1)…');
	else {
		log('Building the package (npm run build)…');
		await run('npm', ['run', 'build'], { cwd: ROOT });
	}
	const destination = path.join(CACHE, 'pack');
	await rm(destination, { recursive: true, force: true });
	await mkdir(destination, { recursive: true });
	const [packed] = JSON.parse(await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: ROOT }));
	log(`Packed ${packed.filename} (${packed.entryCount} files, ${seconds(started)}).`);
	return path.join(destination, packed.filename);
}

/** The README's install command, for an n8n user folder's nodes folder and the tarball copied into it (absolute paths). */
export const installArgs = (nodesDir, tarball) => ['install', '--prefix', nodesDir, '--legacy-peer-deps', '--ignore-scripts', tarball];

export async function installTarball(tarball, profile) {
	const nodesDir = path.join(userFolder(profile), '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE.name);
	// A rebuilt tarball keeps its version: npm would take the copy already there as up to date.
	await rm(packageDir, { recursive: true, force: true });
	await mkdir(nodesDir, { recursive: true });
	// README step 2: the tarball goes into the nodes folder first, so what npm records stays valid when the clone moves.
	const copied = path.join(nodesDir, path.basename(tarball));
	await copyFile(tarball, copied);
	// npm_config_* of an enclosing `npm run` (this repository's settings) must not reach this npm.
	const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
	await run('npm', [...installArgs(nodesDir, copied), '--no-audit', '--no-fund'], { cwd: nodesDir, env });
	const installed = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8'));
	const recorded = JSON.parse(await readFile(path.join(nodesDir, 'package.json'), 'utf8')).dependencies?.[PACKAGE.name];
	if (recorded !== `file:${path.basename(tarball)}`) {
		throw new Error(`${nodesDir}/package.json records ${PACKAGE.name} as ${recorded}, not the tarball next to it`);
	}
	if (existsSync(path.join(nodesDir, 'node_modules', 'n8n-workflow'))) {
		throw new Error(`npm installed n8n-workflow into ${nodesDir}: n8n's own must be the only copy`);
	}
	log(`Installed ${installed.name}@${installed.version} into ${path.relative(ROOT, packageDir)}.`);
	return packageDir;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const profile = process.argv[2] ?? 'dev';
	const started = Date.now();
	buildAndPack()
		.then((tarball) => installTarball(tarball, profile))
		.then(
			() => log(`Done (${seconds(started)}).`),
			(error) => {
				console.error(error.message);
				process.exit(1);
			},
		);
}
