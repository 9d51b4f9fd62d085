import { accountRoutes } from './routes/accounts';
import { analyticsRoutes } from './routes/analytics';
import { backgroundJobRoutes } from './routes/backgroundJobs';
import { blockListEntryRoutes } from './routes/blockListEntries';
import { campaignRoutes } from './routes/campaigns';
import { emailRoutes } from './routes/emails';
import { leadLabelRoutes } from './routes/leadLabels';
import { leadListRoutes } from './routes/leadLists';
import { leadRoutes } from './routes/leads';
import { superSearchEnrichmentRoutes } from './routes/superSearchEnrichment';
import { webhookRoutes } from './routes/webhooks';
import { Sandbox, type RouteModule, type SandboxOptions } from './server';

export * from './server';
export * from './state';

/** Every API resource the sandbox knows; a new resource adds its module here. */
export const ALL_ROUTES: RouteModule[] = [
	blockListEntryRoutes,
	leadLabelRoutes,
	leadRoutes,
	// Before the campaigns: `/campaigns/analytics` would otherwise be read as the campaign with the ID "analytics".
	analyticsRoutes,
	campaignRoutes,
	leadListRoutes,
	accountRoutes,
	backgroundJobRoutes,
	webhookRoutes,
	emailRoutes,
	superSearchEnrichmentRoutes,
];

/** Starts a sandbox with every route on a free loopback port. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return await new Sandbox({ routes: ALL_ROUTES, ...options }).start();
}
