/**
 * Backup and restore of 100,000 entries on the local store: seeds a fresh
 * local Blobs store in a temporary folder (comment records, receipts, outbox
 * marks, rate-limit entries, one attachment in 500), then times a full backup,
 * an incremental backup with nothing changed, and a restore into an empty store.
 *
 *   npm run bench:backup [-- --entries 100000] [--concurrency 16]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { backupStores, restoreStores } from '../src/server/backup.ts';
import { openStore, projectStoreNames } from '../src/server/comment-stores.ts';
import { startLocalBlobs } from '../src/server/local-blobs.ts';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '100000' }, concurrency: { type: 'string', default: '16' } } });
const total = Number(values.entries);
const concurrency = Number(values.concurrency);
const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-backup-'));
const seconds = (t: number) => ((performance.now() - t) / 1000).toFixed(1);
const du = (path: string) => execFileSync('du', ['-sb', path]).toString().split('\t')[0];

try {
  let blobs = await startLocalBlobs(join(dir, 'blobs'));
  const comments = openStore('gongkai-comments');
  const outbox = openStore('gongkai-outbox');
  const ratelimit = openStore('gongkai-ratelimit');
  const attachment = new Uint8Array(200_000).map((_, i) => (i * 7) % 251);
  let t = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const receipt = `YJ-20261128-${String(i).padStart(8, '0')}`;
        const slot = i % 10;
        if (i % 500 === 0) await comments.set(`attachments/bench/${receipt}`, attachment.buffer as ArrayBuffer, { metadata: { filename: '附件.pdf', sha256: String(i) } });
        else if (slot < 5) await comments.setJSON(`comments/bench/${receipt}`, { receipt, name: '测试人', contact: { kind: 'email', value: `p${i}@example.com` }, text: '这是一条用于基准测试的意见。'.repeat(8) }, { metadata: { receivedAt: '2026-11-28T10:00:00+08:00' } });
        else if (slot < 7) await comments.setJSON(`receipts/${receipt}`, { receipt, consultation: 'bench' });
        else if (slot < 9) await outbox.setJSON(`sent/${receipt}-department`, { id: `${receipt}-department`, sentAt: '2026-11-28T02:00:00.000Z', response: '250 OK' });
        else await ratelimit.set(`comment-1d/20000/${i.toString(16)}/${i}-abc`, '');
      }
    }),
  );
  console.log(`seeded ${total} entries in ${seconds(t)} s; store on disk ${du(join(dir, 'blobs'))} bytes`);

  const folder = join(dir, 'backup');
  t = performance.now();
  const full = await backupStores({ folder, stores: projectStoreNames(), source: 'bench', concurrency });
  console.log(`backup (full):        ${seconds(t)} s, ${full.entries} entries, ${full.bytes} bytes of data, folder ${du(folder)} bytes`);
  t = performance.now();
  const incremental = await backupStores({ folder, stores: projectStoreNames(), source: 'bench', concurrency });
  console.log(`backup (incremental): ${seconds(t)} s, ${incremental.downloaded} entries read, ${incremental.reused} unchanged`);

  await blobs.stop();
  blobs = await startLocalBlobs(join(dir, 'blobs-restored'));
  t = performance.now();
  const restored = await restoreStores({ folder, concurrency });
  console.log(`restore:              ${seconds(t)} s, ${restored.written} entries written, store on disk ${du(join(dir, 'blobs-restored'))} bytes`);
  await blobs.stop();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
