// n8n's logger prints every node error it reports; the tests assert on errors, so keep the output readable.
process.env.N8N_LOG_LEVEL ??= 'silent';
