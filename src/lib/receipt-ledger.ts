/**
 * Verification codes (核验码) as people see and type them. A code is
 * HMAC-SHA256 over the receipt number with the site's secret RECEIPT_SALT
 * (src/server/comment-intake.ts); the ledger that publishes the codes and the
 * check anyone can run on it are in src/lib/ledger/verify-ledger.mjs.
 */
import { normaliseCode } from './ledger/verify-ledger.mjs';

/** 64 hex digits as people copy them: any case, with or without spaces. */
export function normaliseVerificationCode(input: string): string | null {
  return normaliseCode(input);
}

/** Groups of eight for reading aloud or comparing by eye. */
export function formatVerificationCode(hex: string): string {
  return (hex.match(/.{1,8}/g) ?? []).join(' ');
}
