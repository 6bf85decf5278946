import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupError, backupStores, readManifest, restoreStores } from '../../src/server/backup.ts';
import { openStore, projectStoreNames, STORE_KINDS } from '../../src/server/comment-stores.ts';
import { startLocalBlobs, type LocalBlobs } from '../../src/server/local-blobs.ts';

let dir: string;
let blobs: LocalBlobs;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-backup-'));
  blobs = await startLocalBlobs(join(dir, 'blobs-a'));
});

afterEach(async () => {
  await blobs.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh, empty store server in place of the current one (the "wiped" store). */
async function wipe(name: string): Promise<void> {
  await blobs.stop();
  blobs = await startLocalBlobs(join(dir, name));
}

type Snapshot = Record<string, { sha256: string; size: number; metadata: string }>;

async function snapshotAll(): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const name of projectStoreNames()) {
    const store = openStore(name);
    for await (const page of store.list({ paginate: true })) {
      for (const b of page.blobs) {
        const got = await store.getWithMetadata(b.key, { type: 'arrayBuffer' });
        if (!got) continue;
        const data = new Uint8Array(got.data);
        out[`${name} ${b.key}`] = { sha256: createHash('sha256').update(data).digest('hex'), size: data.byteLength, metadata: JSON.stringify(got.metadata ?? {}) };
      }
    }
  }
  return out;
}

async function seed(): Promise<void> {
  const [comments, outbox, ratelimit, notifications, subscriptions] = ['comments', 'outbox', 'ratelimit', 'notifications', 'subscriptions'].map((k) => openStore(`gongkai-${k}`));
  const binary = new Uint8Array(70_000).map((_, i) => (i * 31 + 7) % 256);
  await comments!.setJSON('comments/test-open/YJ-20261128-AAAA-BBBB', { name: '张三', contact: { kind: 'phone', value: '13800000000' }, text: '意见正文' }, { metadata: { receivedAt: '2026-11-28T10:00:00+08:00' } });
  await comments!.set('attachments/test-open/YJ-20261128-AAAA-BBBB', binary.buffer as ArrayBuffer, { metadata: { filename: '附件 说明.pdf', sha256: 'x', nested: { a: [1, 2] } } });
  await comments!.set('receipts/YJ-20261128-AAAA-BBBB', '{"receipt":"YJ-20261128-AAAA-BBBB"}');
  await outbox!.setJSON('sent/YJ-20261128-AAAA-BBBB-department', { id: 'x', sentAt: '2026-11-28T02:00:00.000Z' });
  await ratelimit!.set('comment-10m/123/abc/1-ff', '');
  await notifications!.setJSON('n/test-open/closing/3/2026-12-12', { state: 'done' });
  await subscriptions!.setJSON('subs/consultation/test-open/0123', { email: 'a@example.com' }, { metadata: { confirmedAt: '2026-11-20' } });
  for (let i = 0; i < 40; i++) await comments!.set(`comments/test-closed/YJ-20261001-${String(i).padStart(4, '0')}-ZZZZ`, `记录 ${i}`, { metadata: { i } });
}

describe('backup and restore', () => {
  it('covers every store of the project: the list in comment-stores.ts', () => {
    expect(projectStoreNames()).toEqual(STORE_KINDS.map((k) => `gongkai-${k}`));
    expect(projectStoreNames()).toContain('gongkai-comments');
    expect(projectStoreNames()).toContain('gongkai-access-log');
  });

  it('backs up a seeded store, restores it into a wiped one, and every entry is identical (key, bytes, metadata)', async () => {
    await seed();
    const before = await snapshotAll();
    expect(Object.keys(before)).toHaveLength(47);
    const folder = join(dir, 'backup');
    const summary = await backupStores({ folder, stores: projectStoreNames(), source: 'test' });
    expect(summary).toMatchObject({ entries: 47, downloaded: 47, reused: 0 });
    const manifest = await readManifest(folder);
    const attachment = manifest?.entries.find((e) => e.key === 'attachments/test-open/YJ-20261128-AAAA-BBBB');
    expect(attachment).toMatchObject({ store: 'gongkai-comments', size: 70_000, metadata: { filename: '附件 说明.pdf', sha256: 'x', nested: { a: [1, 2] } } });
    expect(attachment?.sha256).toBe(before['gongkai-comments attachments/test-open/YJ-20261128-AAAA-BBBB']?.sha256);

    await wipe('blobs-b');
    expect(await snapshotAll()).toEqual({});
    const restored = await restoreStores({ folder });
    expect(restored).toMatchObject({ entries: 47, written: 47, alreadyThere: 0 });
    expect(await snapshotAll()).toEqual(before);
  });

  it('is incremental: unchanged entries are not read again, changed ones are, deleted ones leave the backup', async () => {
    await seed();
    const folder = join(dir, 'backup');
    await backupStores({ folder, stores: projectStoreNames(), source: 'test' });
    expect(await backupStores({ folder, stores: projectStoreNames(), source: 'test' })).toMatchObject({ entries: 47, downloaded: 0, reused: 47 });

    const comments = openStore('gongkai-comments');
    await comments.set('comments/test-closed/YJ-20261001-0000-ZZZZ', '改过的记录', { metadata: { i: 0, changed: true } });
    await comments.delete('attachments/test-open/YJ-20261128-AAAA-BBBB');
    const again = await backupStores({ folder, stores: projectStoreNames(), source: 'test' });
    expect(again).toMatchObject({ entries: 46, downloaded: 1, reused: 45, objectsRemoved: 2 });
    const files = readdirSync(join(folder, 'objects'), { recursive: true }).filter((f) => String(f).length > 3);
    expect(files).toHaveLength(new Set((await readManifest(folder))!.entries.map((e) => e.sha256)).size);
    const manifest = await readManifest(folder);
    expect(manifest?.entries.find((e) => e.key === 'comments/test-closed/YJ-20261001-0000-ZZZZ')?.metadata).toEqual({ i: 0, changed: true });
    expect(manifest?.entries.some((e) => e.key.startsWith('attachments/'))).toBe(false);

    const now = await snapshotAll();
    await wipe('blobs-b');
    await restoreStores({ folder });
    expect(await snapshotAll()).toEqual(now);
  });

  it('an interrupted restore can be run again and completes the store', async () => {
    await seed();
    const before = await snapshotAll();
    const folder = join(dir, 'backup');
    await backupStores({ folder, stores: projectStoreNames(), source: 'test' });
    await wipe('blobs-b');
    await expect(
      restoreStores({
        folder,
        concurrency: 1,
        onProgress: (p) => {
          if (p.phase === 'restore' && p.done === 20) throw new Error('power cut');
        },
      }),
    ).rejects.toThrow('power cut');
    const partial = await snapshotAll();
    expect(Object.keys(partial).length).toBe(20);

    const second = await restoreStores({ folder });
    expect(second).toMatchObject({ written: 27, alreadyThere: 20 });
    expect(await snapshotAll()).toEqual(before);
  });

  it('refuses a store that holds other data unless forced, and writes nothing when refusing', async () => {
    await seed();
    const folder = join(dir, 'backup');
    await backupStores({ folder, stores: projectStoreNames(), source: 'test' });
    await wipe('blobs-b');
    await openStore('gongkai-comments').set('comments/test-open/YJ-20261201-NEW0-NEW0', '恢复前新收到的意见');
    const before = await snapshotAll();
    await expect(restoreStores({ folder })).rejects.toThrow(/gongkai-comments is not empty: 1 of its 1 entries/);
    expect(await snapshotAll()).toEqual(before);

    const forced = await restoreStores({ folder, force: true });
    expect(forced.written).toBe(47);
    const after = await snapshotAll();
    expect(Object.keys(after)).toHaveLength(48);
    expect(after['gongkai-comments comments/test-open/YJ-20261201-NEW0-NEW0']).toBeDefined();
  });

  it('refuses a damaged backup before writing anything', async () => {
    await seed();
    const folder = join(dir, 'backup');
    await backupStores({ folder, stores: projectStoreNames(), source: 'test' });
    const manifest = await readManifest(folder);
    const victim = manifest!.entries.find((e) => e.key === 'receipts/YJ-20261128-AAAA-BBBB')!;
    writeFileSync(join(folder, 'objects', victim.sha256.slice(0, 2), victim.sha256), '{"receipt":"YJ-20261128-AAAA-BBBC"}');
    await wipe('blobs-b');
    const err = await restoreStores({ folder }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect(String(err)).toContain('gongkai-comments receipts/YJ-20261128-AAAA-BBBB');
    expect(await snapshotAll()).toEqual({});
  });

  it('refuses a folder without a manifest', async () => {
    await expect(restoreStores({ folder: join(dir, 'nothing-here') })).rejects.toThrow(/manifest.json not found/);
  });
});
