/**
 * Restores a backup made by scripts/backup.ts. Every object is checked against
 * the manifest's SHA-256 before anything is written; a store must be empty, or
 * hold only entries identical to the backup's (an interrupted restore: run it
 * again). See docs/backup.md.
 *
 *   npm run restore -- --from <folder> [--store <name>]… [--force]
 *
 * --force overwrites the backup's keys in a store that holds other data.
 * Stores: as for npm run backup (local, or NETLIFY_SITE_ID + NETLIFY_AUTH_TOKEN).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { progressPrinter } from './lib/progress.ts';

if (existsSync('.env')) process.loadEnvFile('.env');
const { values } = parseArgs({ options: { from: { type: 'string' }, store: { type: 'string', multiple: true }, force: { type: 'boolean', default: false } } });
if (!values.from) {
  console.error('用法 / usage: npm run restore -- --from <folder> [--store <name>]… [--force]');
  process.exit(2);
}

const { connectScriptBlobs } = await import('../src/server/local-blobs.ts');
const { description } = await connectScriptBlobs();
const { restoreStores, BackupError } = await import('../src/server/backup.ts');
const folder = resolve(values.from);
console.log(`${folder} → ${description}`);
const started = performance.now();
try {
  const s = await restoreStores({ folder, ...(values.store?.length ? { stores: values.store } : {}), force: values.force, onProgress: progressPrinter() });
  console.log(
    `恢复完成：${s.entries} 条（写入 ${s.written} 条，已存在且一致 ${s.alreadyThere} 条），共 ${s.bytes} 字节，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒 / ` +
      `restore done: ${s.entries} entries (${s.written} written, ${s.alreadyThere} already identical), ${s.bytes} bytes`,
  );
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(`恢复失败，未完成 / restore failed: ${error.message}`);
  process.exit(1);
}
process.exit(0);
