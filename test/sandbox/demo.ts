import { addBlockListEntry } from './routes/blockListEntries';
import type { SandboxState } from './state';

/** A small, believable workspace for `npm run dev` and the end-to-end tests. */
export function seedDemo(state: SandboxState): void {
	for (const value of ['competitor.com', 'noreply@example.org', 'spamtrap.net', 'former-client@acme.io']) {
		addBlockListEntry(state, value);
	}
}
