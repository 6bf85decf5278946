/**
 * The private query code (查询码) given to a sender with the receipt: the receipt
 * number shows a case's status to anyone who has it, the reply only together
 * with this code. Eight Crockford base-32 characters (40 bits), read as people
 * type them; only a keyed hash is stored.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { base32FromBytes } from '../receipt-number.ts';

export const QUERY_CODE_LENGTH = 8;

/** `7K3Q-9F2M` from at least 5 bytes. */
export function queryCodeFromBytes(bytes: Uint8Array): string {
  const code = base32FromBytes(bytes, QUERY_CODE_LENGTH);
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The canonical code from what was typed (any case, spaces or hyphens, I/L for 1, O for 0), or null. */
export function normaliseQueryCode(input: string): string | null {
  const compact = input.normalize('NFKC').toUpperCase().replace(/[\s\-‐‑‒–—―－_]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{8}$/.test(compact)) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}

/** Keyed hash of a code for one receipt (a code is worthless for any other case). */
export function hashQueryCode(code: string, receipt: string, key: string): string {
  return createHmac('sha256', key).update(`query-code\n${receipt}\n${code}`).digest('hex');
}

export function queryCodeMatches(input: string, receipt: string, storedHash: string, key: string): boolean {
  const code = normaliseQueryCode(input);
  if (!code) return false;
  const a = Buffer.from(hashQueryCode(code, receipt, key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The code of a case that came in through a form: derived from the receipt and
 * what makes the submission itself (`seed`) under the server's key, so a replayed
 * submission is shown the same code again without the code ever being stored.
 */
export function derivedQueryCode(receipt: string, seed: string, key: string): { code: string; hash: string } {
  const code = queryCodeFromBytes(createHmac('sha256', key).update(`query-code-issue\n${receipt}\n${seed}`).digest());
  return { code, hash: hashQueryCode(code, receipt, key) };
}
