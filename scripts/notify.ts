/**
 * The daily notification run by hand — the same job functions/notify.ts runs
 * every morning on Netlify (reminders, overdue notices, subscriber alerts,
 * outbox drain, optional rebuild).
 *
 *   node scripts/notify.ts --dry-run                     what is due today, to whom and why; sends and records nothing
 *   node scripts/notify.ts --dry-run --date 2027-03-17   the same for another day (08:00 Beijing time)
 *   node scripts/notify.ts                               send what is due now (each notification once)
 *   node scripts/notify.ts --data path/to/consultations.json
 *   node scripts/notify.ts --retry-failed                put mails given up after the attempt limit back in the outbox, then run
 *
 * Data: dist/data/consultations.json (run `npm run build` first), or --data.
 * Stores: the local .data/blobs/ by default; with NETLIFY_SITE_ID and
 * NETLIFY_AUTH_TOKEN set, the site's Netlify Blobs. Mail: SMTP_URL, else .eml
 * files in .data/outbox-mail/. Reads .env when present. Exit code 1 when a
 * notification could not be prepared or a mail failed.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isCalendarDate, shanghaiWallClock } from '../src/lib/time.ts';

const USAGE = `用法 / usage: node scripts/notify.ts [--dry-run] [--date YYYY-MM-DD] [--data consultations.json] [--retry-failed]
  --dry-run   只列出当天应发送的提醒（发给谁、原因），不发送、不记录 / list only, send and record nothing
  --date      按该日北京时间 08:00 计算（默认现在）/ as if run at 08:00 Beijing time that day (default: now)
  --data      意见征集数据文件（默认 dist/data/consultations.json）/ consultations data file
  --retry-failed  将超过重试次数而放弃的邮件重新放回待发队列 / requeue mails given up after the attempt limit`;

function fail(message: string): never {
  console.error(message);
  console.error(USAGE);
  process.exit(2);
}

if (existsSync('.env')) process.loadEnvFile('.env');
let values: { 'dry-run'?: boolean; date?: string; data?: string; help?: boolean; 'retry-failed'?: boolean };
try {
  ({ values } = parseArgs({ options: { 'dry-run': { type: 'boolean' }, date: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean', short: 'h' }, 'retry-failed': { type: 'boolean' } } }));
} catch (error) {
  fail(String((error as Error).message));
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.date !== undefined && !isCalendarDate(values.date)) fail(`日期格式应为 YYYY-MM-DD / --date must be YYYY-MM-DD: ${values.date}`);
if (values.data !== undefined) process.env.GONGKAI_CONSULTATIONS_FILE = resolve(values.data);
const { builtFile } = await import('../src/server/deploy-data.ts');
const dataFile = builtFile('dist/data/consultations.json', process.env.GONGKAI_CONSULTATIONS_FILE);
if (!existsSync(dataFile)) fail(`未找到数据文件 ${dataFile}，请先运行 npm run build 或用 --data 指定 / data file not found: ${dataFile}`);

const now = values.date ? shanghaiWallClock(...(values.date.split('-').map(Number) as [number, number, number]), 8) : new Date();

const { connectScriptBlobs } = await import('../src/server/local-blobs.ts');
const blobs = await connectScriptBlobs();
// The local store's path is not printed: the output stays the same wherever the data lives.
if (blobs.store === 'netlify') console.log(blobs.description);

const { configureCommentRuntime, runtime } = await import('../src/server/comment-runtime.ts');
const { planNotificationsDryRun, requeueFailedMails, runScheduledNotifications } = await import('../src/server/notifications.ts');
const { readNotifySettings } = await import('../src/server/notify-settings.ts');
const { shanghaiDate, formatChineseDate } = await import('../src/lib/time.ts');
configureCommentRuntime({ now: () => now });

const STATE_LABEL = { 'would-send': '将发送 would send', 'already-sent': '已发送 already sent', 'in-progress': '发送中 in progress' } as const;
const ROLE_LABEL = { department: '承办部门', 'disclosure-office': '公开办', subscriber: '订阅者' } as const;

if (values['dry-run']) {
  const lines = await planNotificationsDryRun({ now, consultations: await runtime().consultations(), settings: readNotifySettings() });
  console.log(`${formatChineseDate(now)}（${shanghaiDate(now)}，北京时间 08:00 起）应发送的提醒 / due on ${shanghaiDate(now)} — 演练，不发送、不记录 / dry run`);
  if (lines.length === 0) console.log('  当天没有需要发送的提醒 / nothing due');
  for (const l of lines) {
    console.log(`  [${STATE_LABEL[l.state]}] ${l.kind}  ${l.consultation}「${l.title}」`);
    console.log(`      → ${ROLE_LABEL[l.role]} ${l.to}`);
    console.log(`      原因 / why: ${l.why}`);
  }
  process.exit(0);
}

if (values['retry-failed']) {
  const ids = await requeueFailedMails(now);
  console.log(`重新放回待发队列 ${ids.length} 封 / requeued ${ids.length} given-up mail(s)${ids.length ? `: ${ids.join(', ')}` : ''}`);
}
if (values.date) console.log(`注意：按 ${values.date} 08:00（北京时间）发送 / note: running as of ${values.date} 08:00 Beijing time`);
const report = await runScheduledNotifications({ budgetMs: 10 * 60_000 });
runtime().mail().close();
const failed = report.mails.filter((m) => m.outcome === 'failed' || m.outcome === 'gave-up').length;
console.log(
  `发出 ${report.mails.filter((m) => m.outcome === 'sent').length} 封，已发送过 ${report.mails.filter((m) => m.outcome === 'already-sent').length} 封，失败 ${failed} 封，出错 ${report.errors.length} 项 / ` +
    `sent, already sent, failed, errors — see the lines above`,
);
process.exit(failed > 0 || report.errors.length > 0 ? 1 : 0);
