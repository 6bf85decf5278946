/**
 * The published ledger files under public/data/ledgers/ (copied to /data/ledgers/):
 *   signing-keys.json            the Ed25519 public keys of the tree heads (a list that only grows)
 *   <consultation>.json          entries in log order, count, root and final flag of the last head
 *   <consultation>/heads/<n>.json  the n-th signed tree head with its consistency proof
 * Published files are append-only: a head or a final ledger never changes, a ledger of an
 * open consultation only grows at the end, and no file disappears. The same rule judges a
 * new publication (scripts/publish-ledger.ts) and the git history (the build).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PublishedLedger, SignedTreeHead, SigningKey, SigningKeys } from '../lib/ledger/verify-ledger.mjs';

export const LEDGERS_PATH = 'public/data/ledgers';
export const SIGNING_KEYS_FILE = 'signing-keys.json';

export const headFile = (consultation: string, sequence: number) => `${consultation}/heads/${sequence}.json`;
export const ledgerFile = (consultation: string) => `${consultation}.json`;

export function readJsonFile<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Ids of the published ledgers in a folder. */
export function publishedLedgerIds(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== SIGNING_KEYS_FILE)
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

export function readSigningKeys(dir: string): SigningKeys | null {
  const file = join(dir, SIGNING_KEYS_FILE);
  return existsSync(file) ? readJsonFile<SigningKeys>(file) : null;
}

/** A ledger and the head files it names (missing head files are left out; the check then fails). */
export function readPublishedLedger(dir: string, id: string): { ledger: PublishedLedger; heads: SignedTreeHead[] } {
  const ledger = readJsonFile<PublishedLedger>(join(dir, ledgerFile(id)));
  const heads: SignedTreeHead[] = [];
  for (let n = 1; n <= (Number.isSafeInteger(ledger.heads) ? ledger.heads : 0); n++) {
    const file = join(dir, headFile(id, n));
    if (existsSync(file)) heads.push(readJsonFile<SignedTreeHead>(file));
  }
  return { ledger, heads };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Whether `next` may replace the published `before` of the same file (its path inside the
 * ledgers folder decides the kind). Returns the reason when not, null when it may.
 */
export function appendOnlyProblem(path: string, before: string, next: string | null): string | null {
  if (next === null) return '已公布的文件被删除';
  let old: unknown;
  let now: unknown;
  try {
    old = JSON.parse(before);
    now = JSON.parse(next);
  } catch {
    return before === next ? null : '已公布的文件被改动（不是有效的 JSON）';
  }
  const name = path.split('/').pop() ?? '';
  if (name === SIGNING_KEYS_FILE) {
    const a = (old as SigningKeys).keys ?? [];
    const b = (now as SigningKeys | null)?.keys ?? [];
    return a.every((k, i) => same(k, b[i])) ? null : '已公布的签名公钥被改动或删除（公钥只能增加）';
  }
  if (/\/heads\/\d+\.json$/.test(path)) return same(old, now) ? null : '已公布的签名树头被改动';
  const a = old as PublishedLedger;
  const b = now as PublishedLedger;
  if (a.final) return same(a, b) ? null : '征集截止后的最终清单被改动';
  if (b?.consultation !== a.consultation || !Array.isArray(b.entries) || !Array.isArray(a.entries)) return '已公布的清单被替换';
  if (b.entries.length < a.entries.length || a.entries.some((e, i) => !same(e, b.entries[i]))) return '已公布的清单条目被删除或改动（清单只能在末尾增加）';
  if (!(b.heads >= a.heads)) return '已公布的签名树头数减少';
  return null;
}

export interface PublishResult {
  written: string[];
  unchanged: string[];
  refused: { file: string; reason: string }[];
}

/**
 * Writes a ledger, its heads and the signing key, refusing (and writing nothing) when any
 * already published file would change in a way the append-only rule forbids.
 */
export function writePublishedLedger(dir: string, ledger: PublishedLedger, heads: readonly SignedTreeHead[], key: SigningKey): PublishResult {
  const planned = new Map<string, string>();
  const keys = readSigningKeys(dir) ?? { algorithm: 'Ed25519' as const, keys: [] };
  if (!keys.keys.some((k) => k.id === key.id)) planned.set(SIGNING_KEYS_FILE, `${JSON.stringify({ ...keys, keys: [...keys.keys, key] }, null, 2)}\n`);
  heads.forEach((h) => planned.set(headFile(ledger.consultation, h.sequence), `${JSON.stringify(h, null, 2)}\n`));
  planned.set(ledgerFile(ledger.consultation), `${JSON.stringify(ledger, null, 2)}\n`);
  const result: PublishResult = { written: [], unchanged: [], refused: [] };
  const toWrite: [string, string][] = [];
  for (const [path, text] of planned) {
    const file = join(dir, path);
    if (!existsSync(file)) {
      toWrite.push([file, text]);
      continue;
    }
    const before = readFileSync(file, 'utf8');
    if (before === text) {
      result.unchanged.push(path);
      continue;
    }
    const reason = appendOnlyProblem(path, before, text);
    if (reason) result.refused.push({ file: path, reason });
    else toWrite.push([file, text]);
  }
  if (result.refused.length > 0) return result;
  for (const [file, text] of toWrite) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    result.written.push(file);
  }
  return result;
}
