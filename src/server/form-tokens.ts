/**
 * Signing and reading form tokens (`v1.<payload>.<hmac>`, base64url). The
 * rules for using one are in src/lib/form-token.ts.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { FORM_TOKEN_VERSION, isFormTokenPayload, type FormTokenPayload } from '../lib/form-token.ts';
import { base32FromBytes } from '../lib/receipt-number.ts';

function mac(secret: string, data: string): Buffer {
  return createHmac('sha256', secret).update(`gongkai-form-token\n${data}`).digest();
}

/** 26 base-32 characters: 130 random bits. */
export function newIdempotencyKey(): string {
  return base32FromBytes(randomBytes(17), 26);
}

export function signFormToken(payload: FormTokenPayload, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const data = `${FORM_TOKEN_VERSION}.${body}`;
  return `${data}.${mac(secret, data).toString('base64url')}`;
}

export function issueFormToken(consultation: string, now: Date, secret: string, stashedAttachment?: string): { token: string; payload: FormTokenPayload } {
  const payload: FormTokenPayload = { c: consultation, t: now.getTime(), k: newIdempotencyKey() };
  if (stashedAttachment) payload.a = stashedAttachment;
  return { token: signFormToken(payload, secret), payload };
}

/**
 * Other signed values (subscription confirmation and unsubscribe links):
 * `<purpose>.<payload>.<hmac>`. The purpose is bound into the MAC, so a token
 * made for one purpose (or a form token) is never accepted for another.
 */
export function signPurposeToken(purpose: string, payload: unknown, secret: string): string {
  const data = `${purpose}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${data}.${createHmac('sha256', secret).update(`gongkai-${purpose}\n${data}`).digest('base64url')}`;
}

/** The payload of a genuine token of that purpose (to be shape-checked by the caller), or null. */
export function readPurposeToken(purpose: string, token: string, secret: string): unknown {
  if (token.length > 2048) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== purpose) return null;
  const expected = createHmac('sha256', secret).update(`gongkai-${purpose}\n${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2] ?? '', 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

/** The payload of a genuine token, or null (wrong shape, wrong signature, other version). */
export function readFormToken(token: string, secret: string): FormTokenPayload | null {
  if (token.length > 1024) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== FORM_TOKEN_VERSION) return null;
  const [version, body, signature] = parts as [string, string, string];
  const expected = mac(secret, `${version}.${body}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    return isFormTokenPayload(payload) ? payload : null;
  } catch {
    return null;
  }
}
