// Builds the package, packs it with `npm pack`, and installs the tarball into an n8n user folder the way
// n8n 2.41's "Settings → Community Nodes → Install" does (CommunityPackagesService.downloadPackage):
// unpack into `<user>/.n8n/nodes/node_modules/<name>`, drop dev/peer/optional dependencies from its
// package.json, `npm install` its own dependencies without scripts, and record it in the ledger
// `<user>/.n8n/nodes/package.json`. At start n8n loads every `n8n-nodes-*` folder it finds there.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
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

export async function installTarball(tarball, profile) {
	const nodesDir = path.join(userFolder(profile), '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE.name);
	await rm(packageDir, { recursive: true, force: true });
	await mkdir(packageDir, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const manifestPath = path.join(packageDir, 'package.json');
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		await readFile(manifestPath, 'utf8'),
	);
	await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
	if (Object.keys(manifest.dependencies ?? {}).length) {
		await run(
			'npm',
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
			{ cwd: packageDir },
		);
	}
	const ledgerPath = path.join(nodesDir, 'package.json');
	let ledger = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		ledger = { ...ledger, ...JSON.parse(await readFile(ledgerPath, 'utf8')) };
	} catch {
		// first install into this user folder
	}
	ledger.dependencies = { ...ledger.dependencies, [manifest.name]: manifest.version };
	await writeFile(ledgerPath, JSON.stringify(ledger, null, 2));
	log(`Installed ${manifest.name}@${manifest.version} into ${path.relative(ROOT, packageDir)}.`);
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
