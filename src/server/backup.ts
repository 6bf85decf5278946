/**
 * Backup and restore of Blobs stores to and from a folder.
 *
 *   <folder>/manifest.json          what the backup holds: per entry store, key,
 *                                   size, SHA-256, etag and metadata
 *   <folder>/objects/<ab>/<sha256>  the bytes, named by their SHA-256
 *
 * Backing up into a folder that already holds a backup is incremental: an
 * entry whose etag is unchanged and whose object is present is not downloaded
 * again. The manifest is replaced last (written aside, then renamed), so a
 * backup cut short leaves the previous one intact; objects no entry names any
 * more are removed afterwards, so data deleted from the stores (retention,
 * erasure) leaves the backup with the next run.
 *
 * Restore checks every object against the manifest before it writes anything,
 * and writes only into an empty store — or into one that holds nothing but
 * entries identical to the backup's, which is what an interrupted restore
 * leaves behind: running it again completes it. `force` overwrites a store
 * with other contents (keys the backup lacks are kept).
 */
import { forEachLimit } from '../lib/concurrency.ts';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openStore } from './comment-stores.ts';

export const BACKUP_FORMAT = 'gongkai-backup';
export const BACKUP_VERSION = 1;

export interface BackupEntry {
  store: string;
  key: string;
  size: number;
  sha256: string;
  etag: string;
  metadata: Record<string, unknown>;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  createdAt: string;
  /** Where the entries came from (for people; restore does not depend on it). */
  source: string;
  stores: string[];
  entries: BackupEntry[];
}

export interface Progress {
  phase: 'list' | 'backup' | 'verify' | 'restore';
  store: string;
  done: number;
  total: number;
}

export class BackupError extends Error {}

const MANIFEST = 'manifest.json';

function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function objectPath(folder: string, sha256: string): string {
  return join(folder, 'objects', sha256.slice(0, 2), sha256);
}

/** JSON with sorted keys, to compare metadata whatever the order of its fields. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function listAll(storeName: string): Promise<{ key: string; etag: string }[]> {
  const out: { key: string; etag: string }[] = [];
  for await (const page of openStore(storeName).list({ paginate: true })) for (const b of page.blobs) out.push({ key: b.key, etag: b.etag });
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The manifest in `folder`, or null when there is none. Throws on a file that is not one. */
export async function readManifest(folder: string): Promise<BackupManifest | null> {
  const path = join(folder, MANIFEST);
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new BackupError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  const m = parsed as Partial<BackupManifest>;
  if (m.format !== BACKUP_FORMAT || m.version !== BACKUP_VERSION || !Array.isArray(m.entries) || !Array.isArray(m.stores)) {
    throw new BackupError(`${path}: not a ${BACKUP_FORMAT} manifest of version ${BACKUP_VERSION}`);
  }
  for (const e of m.entries) {
    if (typeof e?.store !== 'string' || typeof e.key !== 'string' || typeof e.size !== 'number' || !/^[0-9a-f]{64}$/.test(String(e.sha256))) {
      throw new BackupError(`${path}: malformed entry ${JSON.stringify(e).slice(0, 200)}`);
    }
  }
  return m as BackupManifest;
}

async function writeObject(folder: string, sha256: string, data: Uint8Array): Promise<boolean> {
  const path = objectPath(folder, sha256);
  if (existsSync(path)) return false;
  await mkdir(join(folder, 'objects', sha256.slice(0, 2)), { recursive: true });
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
  return true;
}

export interface BackupSummary {
  entries: number;
  /** Entries read from the stores this time (the rest were unchanged since the previous backup). */
  downloaded: number;
  reused: number;
  /** Bytes of all entries. */
  bytes: number;
  objectsWritten: number;
  objectsRemoved: number;
}

export async function backupStores(options: {
  folder: string;
  stores: readonly string[];
  source: string;
  now?: Date;
  concurrency?: number;
  onProgress?: (p: Progress) => void;
}): Promise<BackupSummary> {
  const { folder } = options;
  await mkdir(join(folder, 'objects'), { recursive: true });
  const previous = await readManifest(folder);
  const earlier = new Map<string, BackupEntry>();
  for (const e of previous?.entries ?? []) earlier.set(`${e.store}\u0000${e.key}`, e);

  const entries: BackupEntry[] = [];
  let downloaded = 0;
  let reused = 0;
  let objectsWritten = 0;
  for (const storeName of options.stores) {
    options.onProgress?.({ phase: 'list', store: storeName, done: 0, total: 0 });
    const listed = await listAll(storeName);
    const store = openStore(storeName);
    const found: BackupEntry[] = [];
    let done = 0;
    await forEachLimit(listed, options.concurrency ?? 16, async ({ key, etag }) => {
      const before = earlier.get(`${storeName}\u0000${key}`);
      if (before && before.etag === etag && etag !== '' && existsSync(objectPath(folder, before.sha256))) {
        found.push(before);
        reused++;
      } else {
        const got = await store.getWithMetadata(key, { type: 'arrayBuffer' });
        if (got) {
          const data = new Uint8Array(got.data);
          const sha256 = sha256Hex(data);
          if (await writeObject(folder, sha256, data)) objectsWritten++;
          found.push({ store: storeName, key, size: data.byteLength, sha256, etag, metadata: (got.metadata ?? {}) as Record<string, unknown> });
          downloaded++;
        }
        // The listing's etag is kept (the next listing is compared with it); a change after the
        // listing only makes the next run read the entry again. null: deleted since the listing.
      }
      done++;
      options.onProgress?.({ phase: 'backup', store: storeName, done, total: listed.length });
    });
    entries.push(...found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  }

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: (options.now ?? new Date()).toISOString(),
    source: options.source,
    stores: [...options.stores],
    entries,
  };
  const temporary = join(folder, `${MANIFEST}.${process.pid}.tmp`);
  await writeFile(temporary, JSON.stringify(manifest));
  await rename(temporary, join(folder, MANIFEST));

  // What the new manifest does not name is gone from the stores: it leaves the backup too.
  const wanted = new Set(entries.map((e) => e.sha256));
  let objectsRemoved = 0;
  for (const dir of await readdir(join(folder, 'objects'))) {
    for (const name of await readdir(join(folder, 'objects', dir))) {
      if (!wanted.has(name)) {
        await rm(join(folder, 'objects', dir, name), { force: true });
        objectsRemoved++;
      }
    }
  }
  return { entries: entries.length, downloaded, reused, bytes: entries.reduce((n, e) => n + e.size, 0), objectsWritten, objectsRemoved };
}

export interface RestoreSummary {
  entries: number;
  written: number;
  /** Already in the store with the same bytes and metadata (a restore run again). */
  alreadyThere: number;
  bytes: number;
}

async function readVerified(folder: string, entry: BackupEntry): Promise<Uint8Array> {
  let data: Uint8Array;
  try {
    data = await readFile(objectPath(folder, entry.sha256));
  } catch {
    throw new BackupError(`${entry.store} ${entry.key}: object ${entry.sha256} is missing from the backup`);
  }
  if (data.byteLength !== entry.size || sha256Hex(data) !== entry.sha256) {
    throw new BackupError(`${entry.store} ${entry.key}: object ${entry.sha256} does not match its SHA-256 or size (damaged backup)`);
  }
  return data;
}

export async function restoreStores(options: {
  folder: string;
  /** Only these stores of the backup (default: all). */
  stores?: readonly string[];
  force?: boolean;
  concurrency?: number;
  onProgress?: (p: Progress) => void;
}): Promise<RestoreSummary> {
  const { folder } = options;
  const manifest = await readManifest(folder);
  if (!manifest) throw new BackupError(`${join(folder, MANIFEST)} not found: not a backup folder`);
  const only = options.stores ? new Set(options.stores) : null;
  const entries = manifest.entries.filter((e) => !only || only.has(e.store));
  const concurrency = options.concurrency ?? 16;

  // 1. The whole backup is checked before anything is written.
  let verified = 0;
  await forEachLimit(entries, concurrency, async (e) => {
    await readVerified(folder, e);
    verified++;
    options.onProgress?.({ phase: 'verify', store: e.store, done: verified, total: entries.length });
  });

  // 2. Each store must be empty, or hold only what this backup holds.
  const byStore = new Map<string, BackupEntry[]>();
  for (const e of entries) byStore.set(e.store, [...(byStore.get(e.store) ?? []), e]);
  const skip = new Set<string>();
  for (const [storeName, list] of byStore) {
    const existing = await listAll(storeName);
    if (existing.length === 0) continue;
    const wanted = new Map(list.map((e) => [e.key, e]));
    const store = openStore(storeName);
    let differing = 0;
    await forEachLimit(existing, concurrency, async ({ key }) => {
      const want = wanted.get(key);
      const got = want ? await store.getWithMetadata(key, { type: 'arrayBuffer' }) : null;
      if (want && got && sha256Hex(new Uint8Array(got.data)) === want.sha256 && canonical(got.metadata ?? {}) === canonical(want.metadata)) skip.add(`${storeName}\u0000${key}`);
      else differing++;
    });
    if (differing > 0 && !options.force) {
      throw new BackupError(
        `store ${storeName} is not empty: ${differing} of its ${existing.length} entries are not in this backup or differ from it. ` +
          'Restore into an empty store, or pass --force to overwrite (entries the backup lacks are kept).',
      );
    }
  }

  // 3. Write.
  let written = 0;
  let done = 0;
  await forEachLimit(entries, concurrency, async (e) => {
    if (!skip.has(`${e.store}\u0000${e.key}`)) {
      const data = await readVerified(folder, e);
      const body = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
      await openStore(e.store).set(e.key, body, { metadata: e.metadata });
      written++;
    }
    done++;
    options.onProgress?.({ phase: 'restore', store: e.store, done, total: entries.length });
  });
  return { entries: entries.length, written, alreadyThere: entries.length - written, bytes: entries.reduce((n, e) => n + e.size, 0) };
}
