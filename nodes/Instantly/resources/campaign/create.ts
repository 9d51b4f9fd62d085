import type { INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import { sendAs, transforms } from '../../shared/request';
import { campaignSettings, DAYS, toCampaignSchedule, toSequences } from './shared';
import { TIMEZONE_OPTIONS } from './timezones';

const showOnlyForCreate = { resource: ['campaign'], operation: ['create'] };

export const campaignCreateDescription: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Q3 Outreach — SaaS Founders',
		description: 'The campaign’s name, as it appears in Instantly',
		displayOptions: { show: showOnlyForCreate },
		routing: sendAs('name', transforms.trimmed),
	},
	{
		displayName: 'Schedule',
		name: 'schedule',
		type: 'collection',
		placeholder: 'Add Schedule Field',
		// All four are needed: they start added, with Instantly's usual working-hours schedule.
		default: { timezone: 'America/Chicago', days: ['1', '2', '3', '4', '5'], from: '09:00', to: '17:00' },
		description: 'When the campaign sends: on which days, between which times, in which time zone',
		displayOptions: { show: showOnlyForCreate },
		routing: sendAs('campaign_schedule', toCampaignSchedule),
		options: [
			{
				displayName: 'Days',
				name: 'days',
				type: 'multiOptions',
				options: DAYS,
				default: ['1', '2', '3', '4', '5'],
				description: 'The days of the week the campaign sends on',
			},
			{
				displayName: 'From',
				name: 'from',
				type: 'string',
				default: '09:00',
				placeholder: 'e.g. 09:00',
				description: 'When sending starts each day (HH:MM, 24-hour clock, in the schedule’s time zone)',
			},
			{
				displayName: 'Timezone',
				name: 'timezone',
				type: 'options',
				options: TIMEZONE_OPTIONS,
				default: 'America/Chicago',
				description:
					'The time zone of From and To. Instantly accepts only the zones of this list; an expression may also give a common name such as America/New_York or Europe/London, which is sent as the Instantly zone with the same clock.',
			},
			{
				displayName: 'To',
				name: 'to',
				type: 'string',
				default: '17:00',
				placeholder: 'e.g. 17:00',
				description: 'When sending stops each day (HH:MM, 24-hour clock, in the schedule’s time zone)',
			},
		],
	},
	{
		displayName: 'Sequence Steps',
		name: 'sequenceSteps',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Step',
		default: {},
		description: 'The emails of the campaign, in order. Leave empty to write the sequence in Instantly later.',
		displayOptions: { show: showOnlyForCreate },
		routing: sendAs('sequences', toSequences),
		options: [
			{
				displayName: 'Step',
				name: 'steps',
				values: [
					{
						displayName: 'Subject',
						name: 'subject',
						type: 'string',
						default: '',
						placeholder: 'e.g. Quick question, {{firstName}}',
						description: 'The email’s subject. Instantly’s variables such as {{firstName}} are filled in per lead.',
					},
					{
						displayName: 'Body',
						name: 'body',
						type: 'string',
						typeOptions: { rows: 5 },
						default: '',
						placeholder: 'e.g. Hi {{firstName}}, …',
						description: 'The email’s text (HTML allowed)',
					},
					{
						displayName: 'Delay (Days)',
						name: 'delay',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 2,
						description: 'How many days Instantly waits after this step before sending the next one',
					},
				],
			},
		],
	},
	collectionField('options', showOnlyForCreate, campaignSettings),
];
