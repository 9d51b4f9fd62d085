/**
 * Runs the Instantly sandbox as a process: `node build/test/sandbox/cli.js [--port N] [--demo]
 * [--rate-limit] [--retry-after] [--api-key KEY]`. Prints one JSON line {"url": ...} once listening.
 */
import { seedDemo } from './demo';
import { startSandbox } from './index';

async function main() {
	const args = process.argv.slice(2);
	const value = (name: string) => {
		const i = args.indexOf(name);
		return i === -1 ? undefined : args[i + 1];
	};
	const sandbox = await startSandbox({
		port: Number(value('--port') ?? 0),
		apiKey: value('--api-key') ?? process.env.SANDBOX_API_KEY,
		rateLimit: args.includes('--rate-limit')
			? { perSecond: 100, perMinute: 6000, retryAfter: args.includes('--retry-after') }
			: false,
	});
	if (args.includes('--demo')) seedDemo(sandbox.state);
	process.stdout.write(`${JSON.stringify({ url: sandbox.url, apiKey: sandbox.apiKey })}\n`);
	const stop = () => void sandbox.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
