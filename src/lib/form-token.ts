/**
 * The form token (表单令牌) a comment form carries: which consultation it is
 * for, when it was issued, and the idempotency key of the one comment it may
 * create. The server signs it (HMAC, see src/server/form-tokens.ts); this
 * module holds the rules for reading it.
 *
 * Why: the form lives on a static page, so a fresh token comes either from
 * GET /api/comments/token (page script) or, without JavaScript, from the
 * confirmation page the function shows when a post arrives without a usable
 * token. A token younger than the minimum fill time means a robot (or a
 * double post straight after the page appeared): the person is shown the
 * form again to confirm, nothing is stored.
 */

export const FORM_TOKEN_VERSION = 'v1';
/** Seconds a person needs at least between seeing the form and submitting it. */
export const DEFAULT_MIN_FILL_SECONDS = 3;
/** A form left open for longer than this gets a fresh token on a confirmation page. */
export const DEFAULT_TOKEN_MAX_AGE_HOURS = 24;

export interface FormTokenPayload {
  /** Consultation id. */
  c: string;
  /** Issued at (ms since epoch). */
  t: number;
  /** Idempotency key: 26 base-32 characters (130 random bits). */
  k: string;
  /** SHA-256 (hex) of an attachment kept from an earlier post of this form, if any. */
  a?: string;
}

export const IDEMPOTENCY_KEY_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function isFormTokenPayload(value: unknown): value is FormTokenPayload {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.c === 'string' &&
    /^[a-z0-9][a-z0-9-]{0,99}$/.test(v.c) &&
    typeof v.t === 'number' &&
    Number.isSafeInteger(v.t) &&
    typeof v.k === 'string' &&
    IDEMPOTENCY_KEY_RE.test(v.k) &&
    (v.a === undefined || (typeof v.a === 'string' && /^[0-9a-f]{64}$/.test(v.a)))
  );
}

export type TokenJudgement =
  | { usable: true }
  | { usable: false; reason: 'missing' | 'invalid' | 'wrong-consultation' | 'expired' | 'too-fast'; waitSeconds?: number };

export interface TokenTiming {
  minFillSeconds: number;
  maxAgeHours: number;
}

/** Whether a verified token may be used for this consultation at `now`. */
export function judgeToken(payload: FormTokenPayload, consultation: string, now: Date, timing: TokenTiming): TokenJudgement {
  if (payload.c !== consultation) return { usable: false, reason: 'wrong-consultation' };
  const age = now.getTime() - payload.t;
  // Clock skew between function instances is small; a token from the future is forged or broken.
  if (age < -60_000) return { usable: false, reason: 'invalid' };
  if (age > timing.maxAgeHours * 3_600_000) return { usable: false, reason: 'expired' };
  const minMs = timing.minFillSeconds * 1000;
  if (age < minMs) return { usable: false, reason: 'too-fast', waitSeconds: Math.ceil((minMs - age) / 1000) };
  return { usable: true };
}
