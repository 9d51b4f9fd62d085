import { addAccount } from './routes/accounts';
import { logActivity } from './routes/analytics';
import { addBlockListEntry } from './routes/blockListEntries';
import { addCampaign } from './routes/campaigns';
import { addEmail } from './routes/emails';
import { addLeadLabel } from './routes/leadLabels';
import { addLeadList } from './routes/leadLists';
import { addLead } from './routes/leads';
import type { Campaign } from './routes/campaigns';
import type { SandboxState } from './state';

/** A small, believable workspace for `npm run dev` and the end-to-end tests. */
export function seedDemo(state: SandboxState): void {
	addAccount(state, { email: 'alex@outreach-demo.io', first_name: 'Alex', last_name: 'Morgan', stat_warmup_score: 98 });
	addAccount(state, { email: 'sam@outreach-demo.io', first_name: 'Sam', last_name: 'Lee', provider_code: 3, stat_warmup_score: 91 });
	addAccount(state, { email: 'kim@outreach-demo.io', first_name: 'Kim', last_name: 'Park', status: 2, warmup_status: 0, stat_warmup_score: 74 });
	for (const value of ['competitor.com', 'noreply@example.org', 'spamtrap.net', 'former-client@acme.io']) {
		addBlockListEntry(state, value);
	}
	addLeadLabel(state, { label: 'Hot Lead', interest_status_label: 'positive', description: 'Asked for a demo or pricing', use_with_ai: true });
	addLeadLabel(state, { label: 'Not Now', interest_status_label: 'neutral', description: 'Interested, but not this quarter' });
	addLeadLabel(state, { label: 'Competitor', interest_status_label: 'negative', use_with_ai: false });
	const campaign = addCampaign(state, 'Q3 Outreach — SaaS Founders', 1, { email_list: ['alex@outreach-demo.io', 'sam@outreach-demo.io'], daily_limit: 60 });
	addCampaign(state, 'Webinar Follow-up', 0);
	const agencies = addCampaign(state, 'Agency Partners — Cold', 1, { email_list: ['kim@outreach-demo.io'], daily_limit: 40 });
	const list = addLeadList(state, 'Conference Contacts 2025');
	addLeadList(state, 'Newsletter Sign-ups');
	const inCampaign = { campaign: campaign.id };
	addLead(state, { email: 'jane.doe@northwind.io', first_name: 'Jane', last_name: 'Doe', company_name: 'Northwind', job_title: 'Head of Growth', lt_interest_status: 1, custom_variables: { plan: 'Pro' } }, inCampaign);
	addLead(state, { email: 'raj.patel@contoso.com', first_name: 'Raj', last_name: 'Patel', company_name: 'Contoso', website: 'https://contoso.com' }, inCampaign);
	addLead(state, { email: 'li.wei@fabrikam.net', first_name: 'Li', last_name: 'Wei', company_name: 'Fabrikam', phone: '+1 555 0142' }, inCampaign);
	addLead(state, { email: 'maria.garcia@adatum.org', first_name: 'María', last_name: 'García', personalization: 'Loved your talk on onboarding.' }, { list_id: list.id });
	addLead(state, { first_name: 'Tom', last_name: 'Okafor', company_name: 'Tailspin Toys' }, { list_id: list.id });
	seedUnibox(state, campaign.id);
	seedActivity(state, campaign, ['jane.doe@northwind.io', 'raj.patel@contoso.com', 'li.wei@fabrikam.net'], 36, false);
	seedActivity(state, agencies, [], 30, true);
}

/** Three conversations of the Q3 campaign: a reply waiting for an answer, one answered, one without a reply yet. */
function seedUnibox(state: SandboxState, campaignId: string): void {
	const inCampaign = { campaign_id: campaignId };
	const jane = addEmail(state, { ...inCampaign, lead: 'jane.doe@northwind.io', eaccount: 'alex@outreach-demo.io', ue_type: 1, subject: 'Onboarding at Northwind', body: { text: 'Hi Jane, how does Northwind onboard new customers today?' } });
	addEmail(state, { ...inCampaign, thread_id: jane.thread_id, lead: 'jane.doe@northwind.io', eaccount: 'alex@outreach-demo.io', ue_type: 2, subject: 'Re: Onboarding at Northwind', body: { text: 'Hi Alex, interesting — can you send pricing?' } });
	const li = addEmail(state, { ...inCampaign, lead: 'li.wei@fabrikam.net', eaccount: 'sam@outreach-demo.io', ue_type: 1, subject: 'Fabrikam + us?', body: { text: 'Hi Li, worth a chat?' } });
	addEmail(state, { ...inCampaign, thread_id: li.thread_id, lead: 'li.wei@fabrikam.net', eaccount: 'sam@outreach-demo.io', ue_type: 2, is_unread: false, subject: 'Re: Fabrikam + us?', body: { text: 'Sure, Thursday works.' } });
	addEmail(state, { ...inCampaign, thread_id: li.thread_id, lead: 'li.wei@fabrikam.net', eaccount: 'sam@outreach-demo.io', ue_type: 3, subject: 'Re: Fabrikam + us?', body: { text: 'Great, I sent an invite for Thursday 10am.' } });
	addEmail(state, { ...inCampaign, lead: 'raj.patel@contoso.com', eaccount: 'alex@outreach-demo.io', ue_type: 1, subject: 'Contoso’s outbound', body: { text: 'Hi Raj, a quick question about Contoso’s outbound.' } });
}

/**
 * Two weeks of sending, so the analytics have something to show: every weekday the campaign writes to a few of its
 * leads (new ones at step 1, earlier ones at the follow-ups), some open, click and reply. With `bounceSpike`, the
 * last five days (three or more sending days) bounce one email in four: the "Pause on bounces" demo's campaign.
 */
function seedActivity(state: SandboxState, campaign: Campaign, known: string[], total: number, bounceSpike: boolean): void {
	const domain = campaign.name.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '');
	const emails = [...known];
	for (let n = emails.length; n < total; n++) {
		const email = `lead${n + 1}@${domain}.example`;
		addLead(state, { email, first_name: `Lead ${n + 1}` }, { campaign: campaign.id });
		emails.push(email);
	}
	let seed = campaign.name.length;
	const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
	const today = Date.parse(state.now().slice(0, 10));
	let sends = 0;
	for (let daysAgo = 13; daysAgo >= 0; daysAgo--) {
		const day = new Date(today - daysAgo * 86_400_000);
		if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
		const at = (hour: number) => new Date(day.getTime() + hour * 3_600_000).toISOString();
		for (let k = 0; k < 8; k++) {
			const lead_email = emails[sends % emails.length];
			const step = Math.floor(sends++ / emails.length) % 3;
			const base = { campaign_id: campaign.id, lead_email, step, variant: k % 2 };
			logActivity(state, { ...base, type: 'sent', timestamp: at(9) });
			if (bounceSpike && daysAgo < 5 ? k % 4 === 0 : random() < 0.02) {
				logActivity(state, { ...base, type: 'bounced', timestamp: at(9.1) });
				continue;
			}
			if (random() < 0.55) logActivity(state, { ...base, type: 'opened', timestamp: at(11) });
			if (random() < 0.12) logActivity(state, { ...base, type: 'clicked', timestamp: at(11.5) });
			if (random() < 0.09) {
				logActivity(state, { ...base, type: 'replied', timestamp: at(14) });
				if (random() < 0.5) logActivity(state, { ...base, type: 'interested', timestamp: at(15) });
			}
		}
	}
}
