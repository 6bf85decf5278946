/**
 * The Blobs-backed rate limiter against the real local Blobs server: limits hold, and a refused attempt
 * costs one read however many refused attempts came before it (an attacker's flood does not slow down
 * the store for everyone else, nor grow it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localBlobsFetch, startLocalBlobs, type LocalBlobs } from '../../src/server/local-blobs.ts';
import { listKeys, rateLimitStore, useBlobsFetch } from '../../src/server/comment-stores.ts';
import { clientHash, pruneRateLimit, recordAndCheck } from '../../src/server/rate-limiter.ts';
import { parseRateLimit } from '../../src/lib/rate-limit.ts';

const SECRET = 'test-rate-secret';
const POLICIES = parseRateLimit('5/10m,50/1d');
let dir: string;
let blobs: LocalBlobs;
const requests: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-ratelimit-'));
  blobs = await startLocalBlobs(join(dir, 'blobs'));
  useBlobsFetch(async (input, init) => {
    requests.push(`${init?.method ?? 'GET'} ${new URL(input instanceof Request ? input.url : String(input)).search ? 'list' : 'key'}`);
    return localBlobsFetch(input, init);
  });
});
afterAll(async () => {
  await blobs.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('recordAndCheck', () => {
  it('lets the limit through, then refuses with one read per attempt and stores no more entries', async () => {
    const now = new Date('2026-11-28T02:03:00Z');
    for (let i = 0; i < 5; i++) expect((await recordAndCheck('203.0.113.7', POLICIES, now, SECRET)).allowed).toBe(true);
    const first = await recordAndCheck('203.0.113.7', POLICIES, now, SECRET);
    expect(first).toMatchObject({ allowed: false, policy: { id: '10m' } });

    const costs: number[] = [];
    for (let i = 0; i < 200; i++) {
      requests.length = 0;
      const later = await recordAndCheck('203.0.113.7', POLICIES, new Date(now.getTime() + i * 1000), SECRET);
      expect(later.allowed).toBe(false);
      costs.push(requests.length);
    }
    expect(new Set(costs)).toEqual(new Set([1]));

    const client = clientHash('203.0.113.7', SECRET);
    const entries = (await listKeys(rateLimitStore(), '')).filter((k) => k.includes(client));
    expect(entries.filter((k) => !k.startsWith('blocked/'))).toHaveLength(10); // 5 attempts × 2 policies
    expect(entries.filter((k) => k.startsWith('blocked/'))).toHaveLength(1);
  });

  it('refuses no one else, and says how long to wait', async () => {
    const now = new Date('2026-11-28T02:05:00Z');
    expect((await recordAndCheck('198.51.100.1', POLICIES, now, SECRET)).allowed).toBe(true);
    const refused = await recordAndCheck('203.0.113.7', POLICIES, now, SECRET);
    expect(refused.allowed).toBe(false);
    // The 10-minute window of 02:00–02:10 ends in 300 s.
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBe(300);
  });

  it('lets the client in again once the refusal has ended, and the drain removes the ended marker', async () => {
    const after = new Date('2026-11-28T02:21:00Z');
    expect((await recordAndCheck('203.0.113.7', POLICIES, after, SECRET)).allowed).toBe(true);
    const pruned = await pruneRateLimit(POLICIES, after);
    expect(pruned).toBeGreaterThanOrEqual(1);
    expect(await listKeys(rateLimitStore(), 'blocked/')).toEqual([]);
  });
});
