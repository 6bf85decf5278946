/**
 * The record of who read personal data (src/server/access-log.ts), for the
 * disclosure office: every export and download of personal data between two
 * days, as a table on the terminal or as a CSV file for a spreadsheet.
 *
 *   npm run access-log                                   the last 30 days
 *   npm run access-log -- --from 2026-11-01 --to 2026-11-30 [--csv reads.csv]
 *
 * Stores: the local GONGKAI_DATA_DIR/blobs, or with NETLIFY_SITE_ID and NETLIFY_AUTH_TOKEN, the site's.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { addDays, isCalendarDate, shanghaiDate } from '../src/lib/time.ts';

if (existsSync('.env')) process.loadEnvFile('.env');
const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, csv: { type: 'string' } } });
const to = values.to ?? shanghaiDate(new Date());
const from = values.from ?? addDays(to, -29);
for (const [name, value] of [['--from', from], ['--to', to]] as const) {
  if (!isCalendarDate(value)) {
    console.error(`${name} 应为日期，例如 2026-12-01 / ${name} must be a date such as 2026-12-01, got ${value}`);
    process.exit(2);
  }
}

const { connectScriptBlobs } = await import('../src/server/local-blobs.ts');
console.error((await connectScriptBlobs()).description);
const { actionLabel, listPersonalDataReads, personalDataReadsCsv } = await import('../src/server/access-log.ts');
const reads = await listPersonalDataReads({ from, to });
if (values.csv) {
  writeFileSync(values.csv, personalDataReadsCsv(reads));
  console.log(`${from} 至 ${to} 共 ${reads.length} 条查阅记录，已写入 ${values.csv}`);
} else {
  for (const r of reads) console.log([r.at, r.reader.name ?? '（未署名）', `${r.reader.kind}:${r.reader.id}`, actionLabel(r.action), r.subject, r.format ?? '', `${r.records} 条`].join('\t'));
  console.log(`${from} 至 ${to} 共 ${reads.length} 条查阅记录 / ${reads.length} reads of personal data`);
}
process.exit(0);
