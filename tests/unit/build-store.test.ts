/**
 * The build's reads of the stores (src/server/build-store.ts) against real local Blobs stores: the store
 * chosen, nothing when there is none, and reads at once kept apart (each sees its own store).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { readStoreAtBuild } from '../../src/server/build-store.ts';
import { commentsStore } from '../../src/server/comment-stores.ts';
import { startLocalBlobs } from '../../src/server/local-blobs.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function storeHolding(value: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-build-store-'));
  dirs.push(dir);
  const blobs = await startLocalBlobs(join(dir, 'blobs'));
  await commentsStore().set('probe', value);
  await blobs.stop();
  delete process.env.NETLIFY_BLOBS_CONTEXT;
  return dir;
}

const probe = async (): Promise<string | null> => (await commentsStore().get('probe', { type: 'text' })) ?? null;

describe('readStoreAtBuild', () => {
  it('no local store: the empty value, nothing started, no context left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-build-store-'));
    dirs.push(dir);
    expect(await readStoreAtBuild<string | null>(probe, 'empty', { GONGKAI_DATA_DIR: dir })).toMatchObject({ source: 'none', value: 'empty' });
    expect(process.env.NETLIFY_BLOBS_CONTEXT).toBeUndefined();
  });

  it('reads the local store of GONGKAI_DATA_DIR and leaves no context pointing at its stopped server', async () => {
    const dir = await storeHolding('one');
    expect(await readStoreAtBuild(probe, null, { GONGKAI_DATA_DIR: dir })).toMatchObject({ source: 'local', value: 'one' });
    expect(process.env.NETLIFY_BLOBS_CONTEXT).toBeUndefined();
  });

  it('two reads at once each read their own store, the slower one too', async () => {
    const [a, b] = [await storeHolding('store A'), await storeHolding('store B')];
    const slowProbe = async () => {
      await sleep(100);
      return probe();
    };
    const reads = await Promise.all([readStoreAtBuild(slowProbe, null, { GONGKAI_DATA_DIR: a }), readStoreAtBuild(probe, null, { GONGKAI_DATA_DIR: b })]);
    expect(reads.map((r) => r.value)).toEqual(['store A', 'store B']);
  });

  it('a failed read does not stop the next', async () => {
    const dir = await storeHolding('after');
    await expect(readStoreAtBuild(() => Promise.reject(new Error('broken')), null, { GONGKAI_DATA_DIR: dir })).rejects.toThrow('broken');
    expect((await readStoreAtBuild(probe, null, { GONGKAI_DATA_DIR: dir })).value).toBe('after');
  });
});
