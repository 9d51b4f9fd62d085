import type { INodeProperties } from 'n8n-workflow';

// No parameters: the count is the workspace's unread emails, as Instantly's Unibox shows it.
export const emailGetUnreadCountDescription: INodeProperties[] = [];
