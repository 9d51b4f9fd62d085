const path = require('path');
const { src, dest, task } = require('gulp');

// tsc emits only .js; n8n also needs the icons and the codex (.node.json) beside the compiled files.
function copyAssets() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}', 'icons/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest(path.resolve('dist')));
}

task('build:assets', copyAssets);
