/**
 * Backs up every store of the project (src/server/comment-stores.ts STORE_KINDS)
 * into a folder: all keys, bytes and metadata, with a manifest (store, key,
 * size, SHA-256). A folder that already holds a backup is brought up to date
 * (only changed entries are read). See docs/backup.md.
 *
 *   npm run backup -- --out <folder> [--store <name>]…
 *
 * Stores: the local GONGKAI_DATA_DIR/blobs (default .data/blobs), or with
 * NETLIFY_SITE_ID and NETLIFY_AUTH_TOKEN set, the site's Netlify Blobs.
 * The folder holds personal data: encrypt it or keep it on the office's own storage.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { progressPrinter } from './lib/progress.ts';

if (existsSync('.env')) process.loadEnvFile('.env');
const { values } = parseArgs({ options: { out: { type: 'string' }, store: { type: 'string', multiple: true } } });
if (!values.out) {
  console.error('用法 / usage: npm run backup -- --out <folder> [--store <name>]…');
  process.exit(2);
}

const { connectScriptBlobs } = await import('../src/server/local-blobs.ts');
const { description } = await connectScriptBlobs();
const { projectStoreNames } = await import('../src/server/comment-stores.ts');
const { backupStores, BackupError } = await import('../src/server/backup.ts');
const stores = values.store?.length ? values.store : projectStoreNames();
const folder = resolve(values.out);
console.log(`${description} → ${folder}`);
const started = performance.now();
try {
  const s = await backupStores({ folder, stores, source: description, onProgress: progressPrinter() });
  console.log(
    `备份完成：${s.entries} 条（新读取 ${s.downloaded} 条，沿用上次 ${s.reused} 条），共 ${s.bytes} 字节，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒 / ` +
      `backup done: ${s.entries} entries (${s.downloaded} read, ${s.reused} unchanged), ${s.bytes} bytes, ${s.objectsWritten} objects written, ${s.objectsRemoved} removed`,
  );
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(`备份失败 / backup failed: ${error.message}`);
  process.exit(1);
}
process.exit(0);
