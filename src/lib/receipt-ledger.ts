/**
 * The ledger of receipts published after a consultation closes: one
 * verification code (核验码) per comment received, sorted, with their count
 * and a Merkle root (RFC 6962 tree hash) that fixes the whole list in one
 * value the feedback report can quote.
 *
 * A verification code is HMAC-SHA256 over the receipt number with a secret
 * key held by the site, so the published list reveals neither text nor
 * identity, and receipt numbers cannot be recovered from it by trying every
 * possible number. Each submitter is given their code when they submit (on
 * the confirmation page and in the acknowledgement mail) and can look it up
 * again with their receipt number. Checking that a code was counted needs
 * only the published file and this module (SHA-256 via Web Crypto, so it runs
 * in browsers and in Node alike).
 */

export const LEDGER_VERSION = 1;

export interface ReceiptLedger {
  version: typeof LEDGER_VERSION;
  consultation: string;
  title: string;
  /** When the consultation closed (ISO 8601, +08:00). */
  closes: string;
  /** When the ledger was produced. */
  generated: string;
  count: number;
  /** Hex SHA-256 Merkle root of `codes` (RFC 6962). */
  root: string;
  /** Verification codes, lower-case hex, sorted, unique. */
  codes: string[];
}

const HEX64 = /^[0-9a-f]{64}$/;

/** 64 hex digits as people copy them: any case, with or without spaces. */
export function normaliseVerificationCode(input: string): string | null {
  const hex = input.normalize('NFKC').replace(/[\s\-]/g, '').toLowerCase();
  return HEX64.test(hex) ? hex : null;
}

/** Groups of eight for reading aloud or comparing by eye. */
export function formatVerificationCode(hex: string): string {
  return (hex.match(/.{1,8}/g) ?? []).join(' ');
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function sha256(parts: readonly Uint8Array[]): Promise<Uint8Array> {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const joined = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', joined));
}

const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

/** Merkle tree hash (RFC 6962 §2.1) of the leaves in the given order. */
async function treeHash(leaves: readonly Uint8Array[]): Promise<Uint8Array> {
  if (leaves.length === 0) return sha256([]);
  if (leaves.length === 1) return sha256([LEAF, leaves[0] ?? new Uint8Array()]);
  let split = 1;
  while (split * 2 < leaves.length) split *= 2;
  const [left, right] = await Promise.all([treeHash(leaves.slice(0, split)), treeHash(leaves.slice(split))]);
  return sha256([NODE, left, right]);
}

/** Sorted unique codes and their Merkle root. */
export async function ledgerRoot(codes: readonly string[]): Promise<{ codes: string[]; root: string }> {
  const sorted = [...new Set(codes)].sort();
  for (const c of sorted) if (!HEX64.test(c)) throw new RangeError(`Not a verification code: ${c}`);
  return { codes: sorted, root: bytesToHex(await treeHash(sorted.map(hexToBytes))) };
}

export async function buildLedger(input: Omit<ReceiptLedger, 'version' | 'count' | 'root' | 'codes'> & { codes: readonly string[] }): Promise<ReceiptLedger> {
  const { codes, root } = await ledgerRoot(input.codes);
  return { version: LEDGER_VERSION, consultation: input.consultation, title: input.title, closes: input.closes, generated: input.generated, count: codes.length, root, codes };
}

export type LedgerCheck =
  | { ok: true; count: number; root: string }
  | { ok: false; problem: 'version' | 'not-sorted' | 'bad-code' | 'count-mismatch' | 'root-mismatch' };

/** Whether a published ledger is internally consistent: sorted unique codes, the stated count and root. */
export async function checkLedger(ledger: ReceiptLedger): Promise<LedgerCheck> {
  if (ledger.version !== LEDGER_VERSION) return { ok: false, problem: 'version' };
  if (!Array.isArray(ledger.codes) || ledger.codes.some((c) => typeof c !== 'string' || !HEX64.test(c))) return { ok: false, problem: 'bad-code' };
  for (let i = 1; i < ledger.codes.length; i++) {
    if ((ledger.codes[i - 1] ?? '') >= (ledger.codes[i] ?? '')) return { ok: false, problem: 'not-sorted' };
  }
  if (ledger.count !== ledger.codes.length) return { ok: false, problem: 'count-mismatch' };
  const { root } = await ledgerRoot(ledger.codes);
  if (root !== ledger.root) return { ok: false, problem: 'root-mismatch' };
  return { ok: true, count: ledger.count, root };
}

export type ReceiptVerification =
  | { status: 'counted'; position: number; count: number; root: string }
  | { status: 'not-counted'; count: number; root: string }
  | { status: 'bad-code' }
  | { status: 'bad-ledger'; problem: string };

/**
 * The check a submitter runs: is my verification code in this consultation's
 * published ledger, and is the ledger itself consistent?
 */
export async function verifyReceipt(ledger: ReceiptLedger, code: string): Promise<ReceiptVerification> {
  const hex = normaliseVerificationCode(code);
  if (!hex) return { status: 'bad-code' };
  const check = await checkLedger(ledger);
  if (!check.ok) return { status: 'bad-ledger', problem: check.problem };
  // Binary search: the codes are sorted.
  let lo = 0;
  let hi = ledger.codes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = ledger.codes[mid] ?? '';
    if (v === hex) return { status: 'counted', position: mid + 1, count: check.count, root: check.root };
    if (v < hex) lo = mid + 1;
    else hi = mid - 1;
  }
  return { status: 'not-counted', count: check.count, root: check.root };
}
