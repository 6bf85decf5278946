/**
 * The daily retention run by hand (the scheduled function functions/retention.ts
 * runs it on Netlify), and the record of what it deleted.
 *
 *   npm run retention                       delete what has expired today (once a day; a second run does nothing)
 *   npm run retention -- --log [--from 2026-11-01] [--to 2026-11-30]   list the recorded deletions
 *
 * Stores: the local GONGKAI_DATA_DIR/blobs, or with NETLIFY_SITE_ID and NETLIFY_AUTH_TOKEN the site's.
 * Periods: content/site.yaml `retention`, as built into GONGKAI_CONSULTATIONS_FILE (default dist/data/consultations.json).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RETENTION_KIND_LABELS } from '../src/lib/retention/policy.ts';
import { addDays, shanghaiDate } from '../src/lib/time.ts';

if (existsSync('.env')) process.loadEnvFile('.env');
const { values } = parseArgs({ options: { log: { type: 'boolean', default: false }, from: { type: 'string' }, to: { type: 'string' } } });

const { connectScriptBlobs } = await import('../src/server/local-blobs.ts');
console.error((await connectScriptBlobs()).description);
const { dailyRetention, retentionLog } = await import('../src/server/retention.ts');

if (values.log) {
  const to = values.to ?? shanghaiDate(new Date());
  const from = values.from ?? addDays(to, -29);
  const log = await retentionLog({ from, to });
  for (const r of log) console.log([r.day, RETENTION_KIND_LABELS[r.kind], `${r.count} 项`, r.state === 'done' ? `完成于 ${r.doneAt}` : '进行中（下次运行时完成）'].join('\t'));
  console.log(`${from} 至 ${to} 共 ${log.length} 条删除记录`);
} else {
  let summary: Awaited<ReturnType<typeof dailyRetention>>;
  try {
    summary = await dailyRetention();
  } catch (error) {
    if (!/Consultations data/.test(String((error as Error)?.message))) throw error;
    console.error(`${(error as Error).message}\n找不到已发布的征集数据（保存期限从中读取）：请先运行 npm run build，或用 GONGKAI_CONSULTATIONS_FILE 指定 consultations.json。`);
    process.exit(1);
  }
  for (const e of summary.earlier) console.log(`${e.day} 未完成的清理已补完：${RETENTION_KIND_LABELS[e.kind]} 删除 ${e.deleted} 项`);
  for (const [kind, r] of Object.entries(summary.kinds)) {
    console.log(`${RETENTION_KIND_LABELS[kind as keyof typeof RETENTION_KIND_LABELS]}：${r.alreadyDone ? '今日已清理' : `删除 ${r.deleted} 项`}`);
  }
}
process.exit(0);
