/**
 * The local Blobs server keeps Netlify's promises for conditional writes:
 * of N writers racing for one key with onlyIfNew, or with onlyIfMatch on the
 * same ETag, exactly one wins, in one process and across processes sharing
 * the data directory; reads return the ETag that later conditions use.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getStore, type Store } from '@netlify/blobs';
import { localBlobsFetch, startLocalBlobs, type LocalBlobs } from '../../src/server/local-blobs.ts';

const WRITERS = 20;
let dir: string;
let blobs: LocalBlobs;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-local-blobs-'));
  blobs = await startLocalBlobs(join(dir, 'blobs'));
  store = getStore({ name: 'race', consistency: 'strong', fetch: localBlobsFetch });
});

afterEach(async () => {
  await blobs.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Every writer gets its own connection, so the server really sees them at once. */
const race = (write: (i: number) => Promise<{ modified: boolean }>) => Promise.all(Array.from({ length: WRITERS }, (_, i) => write(i)));

describe('local Blobs server: conditional writes', () => {
  it('onlyIfNew: of 20 racing writers exactly one wins, and its value is what is stored', async () => {
    const results = await race((i) => store.setJSON('claim', { writer: i }, { onlyIfNew: true }));
    const winners = results.flatMap((r, i) => (r.modified ? [i] : []));
    expect(winners).toHaveLength(1);
    expect(await store.get('claim', { type: 'json' })).toEqual({ writer: winners[0] });
  });

  it('onlyIfMatch: of 20 writers holding the same ETag exactly one wins', async () => {
    await store.setJSON('lease', { holder: 'nobody' });
    const entry = await store.getWithMetadata('lease', { type: 'json' });
    expect(entry?.etag).toMatch(/^".+"$/);
    const results = await race((i) => store.setJSON('lease', { holder: i }, { onlyIfMatch: entry!.etag! }));
    const winners = results.flatMap((r, i) => (r.modified ? [i] : []));
    expect(winners).toHaveLength(1);
    expect(await store.get('lease', { type: 'json' })).toEqual({ holder: winners[0] });
  });

  it('an ETag read before a change no longer matches, even a change in the same millisecond', async () => {
    const first = await store.setJSON('entry', { n: 1 });
    const read = await store.getWithMetadata('entry', { type: 'json' });
    expect(read?.etag).toBe(first.etag);
    const second = await store.setJSON('entry', { n: 2 });
    expect(second.etag).not.toBe(first.etag);
    expect((await store.setJSON('entry', { n: 3 }, { onlyIfMatch: first.etag! })).modified).toBe(false);
    expect(await store.get('entry', { type: 'json' })).toEqual({ n: 2 });
    expect((await store.setJSON('entry', { n: 3 }, { onlyIfMatch: second.etag! })).modified).toBe(true);
    expect((await store.getMetadata('entry'))?.etag).toBe((await store.getWithMetadata('entry'))?.etag);
  });

  it('onlyIfMatch on a missing key fails; onlyIfNew after a delete succeeds; metadata follows each write', async () => {
    expect((await store.setJSON('absent', { x: 1 }, { onlyIfMatch: '"nope"' })).modified).toBe(false);
    expect(await store.get('absent')).toBeNull();
    await store.setJSON('gone', { x: 1 }, { metadata: { receivedAt: 'a' } });
    await store.delete('gone');
    expect((await store.setJSON('gone', { x: 2 }, { onlyIfNew: true, metadata: { receivedAt: 'b' } })).modified).toBe(true);
    expect((await store.getWithMetadata('gone', { type: 'json' }))?.metadata).toEqual({ receivedAt: 'b' });
    await store.setJSON('gone', { x: 3 });
    expect((await store.getWithMetadata('gone', { type: 'json' }))?.metadata).toEqual({});
  });

  it('a conditional read answers "unchanged" for the current ETag', async () => {
    const { etag } = await store.setJSON('cached', { v: 1 });
    const again = await store.getWithMetadata('cached', { etag: etag!, type: 'json' });
    expect(again?.etag).toBe(etag);
    expect(again?.data).toBeNull();
  });

  it('a conditional read after a change of the same size, however quick, gets the new content (no stale "unchanged")', async () => {
    let { etag } = await store.setJSON('queue', { n: 10 });
    for (let n = 11; n < 60; n++) {
      expect((await store.getWithMetadata('queue', { etag: etag!, type: 'json' }))?.data).toBeNull();
      const written = await store.setJSON('queue', { n }, { metadata: { n } });
      const read = await store.getWithMetadata('queue', { etag: etag!, type: 'json' });
      expect(read).toMatchObject({ data: { n }, etag: written.etag, metadata: { n } });
      const unchanged = await store.getWithMetadata('queue', { etag: written.etag!, type: 'json' });
      expect(unchanged).toMatchObject({ data: null, etag: written.etag, metadata: { n } });
      etag = written.etag;
    }
    await store.delete('queue');
    expect(await store.getWithMetadata('queue', { etag: etag!, type: 'json' })).toBeNull();
  });
});

describe('local Blobs server: two processes, each with its own server on one directory', () => {
  const racer = (startFile: string, mode: 'new' | 'match', etag = '') =>
    new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ['tests/fixtures/blobs-racer.ts', join(dir, 'blobs'), startFile, mode, String(WRITERS / 2), etag], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve((JSON.parse(out.trim().split('\n').pop()!) as { won: number }).won) : reject(new Error(`racer exited ${code}`))));
    });

  it.each(['new', 'match'] as const)('only-if-%s: exactly one winner across both processes', async (mode) => {
    let etag = '';
    if (mode === 'match') etag = (await store.setJSON('contested', { writer: 'first' })).etag!;
    const startFile = join(dir, 'go');
    const both = Promise.all([racer(startFile, mode, etag), racer(startFile, mode, etag)]);
    await new Promise((r) => setTimeout(r, 1500));
    writeFileSync(startFile, '');
    const [a, b] = await both;
    expect(a + b).toBe(1);
  }, 30_000);
});
