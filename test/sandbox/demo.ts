import { addBlockListEntry } from './routes/blockListEntries';
import { addLeadLabel } from './routes/leadLabels';
import type { SandboxState } from './state';

/** A small, believable workspace for `npm run dev` and the end-to-end tests. */
export function seedDemo(state: SandboxState): void {
	for (const value of ['competitor.com', 'noreply@example.org', 'spamtrap.net', 'former-client@acme.io']) {
		addBlockListEntry(state, value);
	}
	addLeadLabel(state, { label: 'Hot Lead', interest_status_label: 'positive', description: 'Asked for a demo or pricing', use_with_ai: true });
	addLeadLabel(state, { label: 'Not Now', interest_status_label: 'neutral', description: 'Interested, but not this quarter' });
	addLeadLabel(state, { label: 'Competitor', interest_status_label: 'negative', use_with_ai: false });
}
