/**
 * Settings of the comment functions, read from the environment (Netlify site
 * environment variables in production, `.env`/shell locally). `.env.example`
 * documents each one. Secrets have embedded defaults ONLY so that a fresh
 * checkout runs locally; production must set its own (a warning is logged).
 */
import { join, resolve } from 'node:path';
import { DEFAULT_RATE_LIMIT, parseRateLimit, type RateLimitPolicy } from '../lib/rate-limit.ts';
import { DEFAULT_MIN_FILL_SECONDS, DEFAULT_TOKEN_MAX_AGE_HOURS } from '../lib/form-token.ts';
import { mailHeld, storeNamespace } from './deploy-context.ts';
import { builtFile } from './deploy-data.ts';

/** Public knowledge (this file is open source): fine for local runs, useless as a secret. */
export const LOCAL_FORM_TOKEN_SECRET = 'gongkai-local-form-token-secret-do-not-use-in-production';
export const LOCAL_RECEIPT_SALT = 'gongkai-local-receipt-salt-do-not-use-in-production';

export interface CommentSettings {
  /** HMAC key for form tokens (FORM_TOKEN_SECRET). */
  formTokenSecret: string;
  /** HMAC key for verification codes and hashed client addresses (RECEIPT_SALT). Never change it while comments are held. */
  receiptSalt: string;
  usingLocalSecrets: boolean;
  /** Bearer token for the department export (EXPORT_TOKEN); null disables the export. */
  exportToken: string | null;
  /** smtp(s)://user:pass@host:port (SMTP_URL); null writes .eml files instead. */
  smtpUrl: string | null;
  /** Deploy previews and branch deploys keep mail in their outbox store instead of sending it (unless PREVIEW_MAIL=send). */
  mailHeld: boolean;
  /** Sender address (MAIL_FROM). */
  mailFrom: string;
  /** Where .eml files go without SMTP (GONGKAI_MAIL_DIR, default .data/outbox-mail). */
  localMailDir: string;
  /** Per-client limits (COMMENT_RATE_LIMIT, e.g. `20/10m,100/1d` or `off`). */
  rateLimit: RateLimitPolicy[];
  /** Minimum seconds between a form token and its submission (COMMENT_MIN_FILL_SECONDS). */
  minFillSeconds: number;
  /** Token lifetime (COMMENT_TOKEN_MAX_AGE_HOURS). */
  tokenMaxAgeHours: number;
  /** Public address of the site for links in mail (SITE_URL, else Netlify's URL). */
  siteUrl: string | null;
  /** consultations.json on disk (GONGKAI_CONSULTATIONS_FILE, default dist/data/consultations.json, found from any working directory: deploy-data.ts). */
  consultationsFile: string;
  /** Blob store name prefix: GONGKAI_STORE_PREFIX (default gongkai), plus the deploy context outside production (deploy-context.ts). */
  storePrefix: string;
}

function positiveNumber(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${value}`);
  return n;
}

let warned = false;

export function readCommentSettings(env: NodeJS.ProcessEnv = process.env): CommentSettings {
  const formTokenSecret = env.FORM_TOKEN_SECRET?.trim() || LOCAL_FORM_TOKEN_SECRET;
  const receiptSalt = env.RECEIPT_SALT?.trim() || LOCAL_RECEIPT_SALT;
  const usingLocalSecrets = formTokenSecret === LOCAL_FORM_TOKEN_SECRET || receiptSalt === LOCAL_RECEIPT_SALT;
  if (usingLocalSecrets && !warned && (env.NETLIFY === 'true' || env.CONTEXT !== undefined || env.SITE_ID !== undefined)) {
    warned = true;
    console.warn('[comments] FORM_TOKEN_SECRET or RECEIPT_SALT is not set: using the public local defaults. Set both in the site environment.');
  }
  const dataDir = resolve(env.GONGKAI_DATA_DIR ?? '.data');
  return {
    formTokenSecret,
    receiptSalt,
    usingLocalSecrets,
    exportToken: env.EXPORT_TOKEN?.trim() || null,
    smtpUrl: env.SMTP_URL?.trim() || null,
    mailHeld: mailHeld(env),
    mailFrom: env.MAIL_FROM?.trim() || 'noreply@localhost',
    // join, not resolve: the adapter's file tracing reads resolve(<unknown>, 'x') as a path under the working
    // directory and searches the whole checkout for it at every build.
    localMailDir: resolve(env.GONGKAI_MAIL_DIR ?? join(dataDir, 'outbox-mail')),
    rateLimit: parseRateLimit(env.COMMENT_RATE_LIMIT ?? DEFAULT_RATE_LIMIT),
    minFillSeconds: positiveNumber(env.COMMENT_MIN_FILL_SECONDS, DEFAULT_MIN_FILL_SECONDS, 'COMMENT_MIN_FILL_SECONDS'),
    tokenMaxAgeHours: positiveNumber(env.COMMENT_TOKEN_MAX_AGE_HOURS, DEFAULT_TOKEN_MAX_AGE_HOURS, 'COMMENT_TOKEN_MAX_AGE_HOURS'),
    siteUrl: (env.SITE_URL ?? env.URL ?? '').trim().replace(/\/+$/, '') || null,
    consultationsFile: builtFile('dist/data/consultations.json', env.GONGKAI_CONSULTATIONS_FILE),
    storePrefix: storeNamespace(env),
  };
}
