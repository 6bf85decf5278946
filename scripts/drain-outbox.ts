/**
 * Sends the mail waiting in the comment outbox, then removes stale stashed
 * attachments and old rate-limit windows — the same job the scheduled
 * function functions/drain-outbox.ts runs every 5 minutes on Netlify.
 *
 *   node scripts/drain-outbox.ts            due mail only (respects back-off)
 *   node scripts/drain-outbox.ts --force    every waiting mail now (SMTP is known to be back)
 *
 * Stores: the local .data/blobs/ by default; with NETLIFY_SITE_ID and
 * NETLIFY_AUTH_TOKEN set, the site's Netlify Blobs. Mail: SMTP_URL, else .eml
 * files in .data/outbox-mail/. Reads .env when present.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

if (existsSync('.env')) process.loadEnvFile('.env');
const { values } = parseArgs({ options: { force: { type: 'boolean', default: false } } });

const { connectScriptBlobs } = await import('../src/server/local-blobs.ts');
console.log((await connectScriptBlobs()).description);

const { runMaintenance } = await import('../src/server/comment-endpoints.ts');
const { runtime } = await import('../src/server/comment-runtime.ts');
const summary = await runMaintenance({ force: values.force });
for (const [id, outcome] of Object.entries(summary.ids)) console.log(`  ${id}: ${outcome}`);
console.log(
  `待发 ${summary.queued} 封，发出 ${summary.sent} 封，失败 ${summary.failed} 封，跳过 ${summary.skipped} 封；清理暂存附件 ${summary.prunedStash} 个、限流记录 ${summary.prunedRateLimit} 条 / ` +
    `queued ${summary.queued}, sent ${summary.sent}, failed ${summary.failed}, skipped ${summary.skipped}`,
);
runtime().mail().close();
process.exit(summary.failed > 0 ? 1 : 0);
