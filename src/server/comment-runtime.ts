/**
 * What the comment functions depend on, in one place so tests and scripts can
 * replace it: the clock, the settings, the consultations and the mail
 * transport. Production uses the defaults (real clock, environment, bundled
 * data file, SMTP from SMTP_URL).
 */
import { readCommentSettings, type CommentSettings } from './comment-settings.ts';
import { loadPublishedConsultations, type PublishedConsultations } from './consultations-source.ts';
import { createMailTransport, type MailTransport } from './mail-transport.ts';

export interface CommentRuntime {
  now(): Date;
  settings(): CommentSettings;
  consultations(request?: Request): Promise<PublishedConsultations>;
  mail(): MailTransport;
}

// On globalThis: the pages answered on request run from the built bundle, which holds its own
// copy of this module; a test that replaces the clock in-process must reach that copy too.
const OVERRIDES = Symbol.for('gongkai.commentRuntime');
type WithOverrides = typeof globalThis & { [OVERRIDES]?: Partial<CommentRuntime> };
const shared = globalThis as WithOverrides;
let defaultTransport: { key: string; transport: MailTransport } | undefined;

const defaults: CommentRuntime = {
  now: () => new Date(),
  settings: () => readCommentSettings(),
  // Without a request (the scheduled notifications), the site's own address is asked when the file is missing.
  consultations: (request) => {
    const s = runtime().settings();
    return loadPublishedConsultations(s.consultationsFile, request ? new URL(request.url).origin : (s.siteUrl ?? undefined));
  },
  mail: () => {
    const s = runtime().settings();
    const key = `${s.smtpUrl ?? ''}|${s.localMailDir}|${s.mailFrom}|${s.mailHeld ? s.storePrefix : ''}`;
    if (defaultTransport?.key !== key) defaultTransport = { key, transport: createMailTransport(s) };
    return defaultTransport.transport;
  },
};

export function runtime(): CommentRuntime {
  return { ...defaults, ...shared[OVERRIDES] };
}

/** Tests and scripts: replace parts of the runtime (e.g. a fixed clock). */
export function configureCommentRuntime(parts: Partial<CommentRuntime>): void {
  shared[OVERRIDES] = { ...shared[OVERRIDES], ...parts };
}

export function resetCommentRuntime(): void {
  shared[OVERRIDES] = {};
}
