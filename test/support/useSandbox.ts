import type { Credentials } from '../engine';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox';

/**
 * The set-up of every engine test file: one sandbox for the file, emptied before each test, closed at the end.
 * `ready` hands over the sandbox and the credential that reaches it.
 */
export function useSandbox(ready: (sandbox: Sandbox, credentials: Credentials) => void, options?: SandboxOptions): void {
	let sandbox: Sandbox | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox(options);
		ready(sandbox, { apiKey: sandbox.apiKey, baseUrl: sandbox.url });
	});
	afterAll(async () => await sandbox?.close());
	beforeEach(() => sandbox?.reset());
}
