/**
 * The daily retention run: deletes personal data whose period has expired
 * (src/lib/retention/policy.ts, periods from content/site.yaml) and records
 * each deletion — what kind, how many, when; never whose.
 *
 * Exactly once per day and kind, even when the run is repeated or cut short.
 * For day D and kind K the retention store holds `deletions/<D>/<K>`:
 *
 *   (none) ──plan──▶ planned {items} ──every item deleted──▶ done {count}
 *
 *  1. PLAN: what has expired is listed and written down (item ids: keys and
 *     receipt numbers, no names or addresses) before anything is deleted.
 *  2. DELETE: each item; every deletion is safe to repeat.
 *  3. DONE: the record keeps kind, day, count and time; the item list is dropped.
 * A run that finds `done` does nothing for that kind; one that finds `planned`
 * (a run cut short) deletes the planned items again and completes the count.
 * A plan left unfinished when its day ends (`open/<D>/<K>` says so) is
 * completed by the next run, and counted on day D.
 * Data that expires later on the same day waits for the next day's run.
 *
 * The retention store also keeps `cleared/comment-contact/<consultation>`
 * (a consultation whose comments hold no contact details any more is not read
 * again) and `requests/<day>/<id>` (a sender's withdrawal, without who).
 */
import { randomBytes } from 'node:crypto';
import type { PublishedConsultation } from '../lib/published-data.ts';
import { hasExpired, RETENTION_KINDS, retentionSettings, type RetentionKind, type RetentionSettings } from '../lib/retention/policy.ts';
import { addDays, daysBetween, shanghaiDate, toShanghaiIso, type CalendarDate } from '../lib/time.ts';
import { listKeys, outboxStore, rateLimitStore, retentionStore } from './comment-stores.ts';
import { recordsOf } from './comment-intake.ts';
import { commentHoldsContact, eraseCaseSender, eraseCommentContact, type ErasureReason } from './erasure.ts';
import { allCases } from './case-store.ts';
import type { Actor, CaseRecord } from '../lib/cases/case.ts';
import type { QueuedMail, SentMark } from './outbox.ts';
import { runtime } from './comment-runtime.ts';

export interface DeletionRecord {
  kind: RetentionKind;
  /** The Beijing day of the run. */
  day: CalendarDate;
  count: number;
  state: 'planned' | 'done';
  plannedAt: string;
  doneAt: string | null;
  /** Only while planned: what is to be deleted. */
  items?: string[] | undefined;
}

/** The day a case was closed (办结): its last `close` in the audit trail, or null while it is open. */
export function closedOn(c: CaseRecord): CalendarDate | null {
  if (c.status !== 'closed') return null;
  const close = c.history.findLast((e) => e.action === 'close');
  return close ? shanghaiDate(new Date(close.at)) : null;
}

const RETENTION_ACTOR: Actor = { kind: 'system', name: 'retention' };

export interface RetentionRunOptions {
  now: Date;
  consultations: readonly PublishedConsultation[];
  settings: Partial<RetentionSettings> | null | undefined;
}

export interface RetentionRunSummary {
  day: CalendarDate;
  /** Per kind: items deleted by this run, or that the day's deletion was already done. */
  kinds: Record<RetentionKind, { deleted: number; alreadyDone: boolean }>;
  /** Plans of earlier days that this run completed. */
  earlier: { day: CalendarDate; kind: RetentionKind; deleted: number }[];
}

interface KindRule {
  find(ctx: RunContext): Promise<string[]>;
  remove(item: string, ctx: RunContext): Promise<void>;
  /** After the kind's deletions are recorded. */
  settle?(ctx: RunContext): Promise<void>;
}

interface RunContext {
  now: Date;
  today: CalendarDate;
  settings: RetentionSettings;
  consultations: readonly PublishedConsultation[];
  expiredConsultations: string[];
}

const deletionKey = (day: CalendarDate, kind: RetentionKind) => `deletions/${day}/${kind}`;
const clearedKey = (consultation: string) => `cleared/comment-contact/${consultation}`;

/** Every entry under `prefixes` of the outbox, read 16 at a time. */
async function outboxEntries<T>(prefixes: readonly string[]): Promise<{ key: string; value: T }[]> {
  const store = outboxStore();
  const out: { key: string; value: T }[] = [];
  for (const prefix of prefixes) {
    const list = await listKeys(store, prefix);
    for (let i = 0; i < list.length; i += 16) {
      const batch = await Promise.all(list.slice(i, i + 16).map(async (key) => ({ key, value: (await store.get(key, { type: 'json' })) as T | null })));
      for (const e of batch) if (e.value) out.push({ key: e.key, value: e.value });
    }
  }
  return out;
}

const instant = (iso: string | undefined | null) => {
  const t = Date.parse(iso ?? '');
  return Number.isFinite(t) ? new Date(t) : null;
};

const RULES: Record<RetentionKind, KindRule> = {
  'comment-contact': {
    async find(ctx) {
      const items: string[] = [];
      for (const id of ctx.expiredConsultations) {
        for (const record of await recordsOf(id)) if (commentHoldsContact(record)) items.push(`${id}/${record.receipt}`);
      }
      return items;
    },
    async remove(item, ctx) {
      const at = item.lastIndexOf('/');
      await eraseCommentContact(item.slice(0, at), item.slice(at + 1), 'retention', ctx.now);
    },
    async settle(ctx) {
      for (const id of ctx.expiredConsultations) await retentionStore().setJSON(clearedKey(id), { at: toShanghaiIso(ctx.now) });
    },
  },
  'report-contact': {
    async find(ctx) {
      const items: string[] = [];
      for await (const c of allCases()) {
        if (c.sender.name === null && c.sender.contact === null) continue;
        if (hasExpired(closedOn(c), ctx.settings.reportContactDays, ctx.today)) items.push(c.receipt);
      }
      return items;
    },
    async remove(item, ctx) {
      await eraseCaseSender(item, 'retention', RETENTION_ACTOR, '个人信息保存期限届满', ctx.now);
    },
  },
  'unconfirmed-subscription': {
    async find(ctx) {
      const entries = await outboxEntries<QueuedMail>(['queue/', 'failed/']);
      return entries.filter((e) => e.value.kind === 'subscription' && hasExpired(instant(e.value.createdAt), ctx.settings.unconfirmedSubscriptionDays, ctx.today)).map((e) => e.key);
    },
    async remove(item) {
      await outboxStore().delete(item);
    },
  },
  'sent-mail': {
    async find(ctx) {
      const entries = await outboxEntries<Partial<SentMark & QueuedMail & { withdrawnAt: string }>>(['sent/', 'withdrawn/', 'failed/']);
      return entries
        .filter((e) => {
          const at = e.key.startsWith('sent/') ? e.value.sentAt : e.key.startsWith('withdrawn/') ? e.value.withdrawnAt : e.value.kind === 'subscription' ? null : e.value.nextAttemptAt;
          return hasExpired(instant(at), ctx.settings.sentMailDays, ctx.today);
        })
        // A deploy preview keeps the message itself (held/<id>.eml) and names it in the mark's response.
        .flatMap((e) => (e.value.response?.startsWith('held held/') ? [e.key, e.value.response.slice('held '.length)] : [e.key]));
    },
    async remove(item) {
      await outboxStore().delete(item);
    },
  },
  'rate-limit': {
    async find(ctx) {
      // <policy>/<window>/<client>/<epoch ms>-<random>: the last segment says when.
      return (await listKeys(rateLimitStore(), '')).filter((key) => {
        const ms = Number(key.slice(key.lastIndexOf('/') + 1).split('-')[0]);
        return Number.isFinite(ms) && hasExpired(new Date(ms), ctx.settings.rateLimitDays, ctx.today);
      });
    },
    async remove(item) {
      await rateLimitStore().delete(item);
    },
  },
};

const openKey = (day: CalendarDate, kind: RetentionKind) => `open/${day}/${kind}`;

/** Deletes a plan's items (each deletion is safe to repeat) and records the count: the plan's day keeps it. */
async function completePlan(key: string, plan: DeletionRecord, ctx: RunContext): Promise<number> {
  const items = plan.items ?? [];
  for (const item of items) await RULES[plan.kind].remove(item, ctx);
  const done: DeletionRecord = { kind: plan.kind, day: plan.day, count: items.length, state: 'done', plannedAt: plan.plannedAt, doneAt: toShanghaiIso(ctx.now) };
  await retentionStore().setJSON(key, done);
  await retentionStore().delete(openKey(plan.day, plan.kind));
  return items.length;
}

async function runKind(kind: RetentionKind, ctx: RunContext): Promise<{ deleted: number; alreadyDone: boolean }> {
  const store = retentionStore();
  const key = deletionKey(ctx.today, kind);
  let record = (await store.get(key, { type: 'json' })) as DeletionRecord | null;
  if (record?.state === 'done') return { deleted: 0, alreadyDone: true };
  if (!record) {
    const items = await RULES[kind].find(ctx);
    const planned: DeletionRecord = { kind, day: ctx.today, count: items.length, state: 'planned', plannedAt: toShanghaiIso(ctx.now), doneAt: null, items };
    // The index first: a plan whose day passes before it is completed is found by the next run.
    await store.set(openKey(ctx.today, kind), '');
    const written = await store.setJSON(key, planned, { onlyIfNew: true });
    record = written.modified ? planned : ((await store.get(key, { type: 'json' })) as DeletionRecord | null);
    if (!record) throw new Error(`retention: ${key} vanished while planning`);
    if (record.state === 'done') return { deleted: 0, alreadyDone: true };
  }
  const deleted = await completePlan(key, record, ctx);
  await RULES[kind].settle?.(ctx);
  return { deleted, alreadyDone: false };
}

/** Plans of earlier days left unfinished (a run cut short, and no other run that day): completed first, counted on their day. */
async function completeEarlierPlans(ctx: RunContext): Promise<RetentionRunSummary['earlier']> {
  const store = retentionStore();
  const out: RetentionRunSummary['earlier'] = [];
  for (const open of await listKeys(store, 'open/')) {
    const [, day, kind] = open.split('/') as [string, CalendarDate, RetentionKind];
    if (day === ctx.today || !RETENTION_KINDS.includes(kind)) continue;
    const key = deletionKey(day, kind);
    const plan = (await store.get(key, { type: 'json' })) as DeletionRecord | null;
    if (plan?.state === 'planned') out.push({ day, kind, deleted: await completePlan(key, plan, ctx) });
    else await store.delete(open);
  }
  return out;
}

export async function runRetention(options: RetentionRunOptions): Promise<RetentionRunSummary> {
  const today = shanghaiDate(options.now);
  const settings = retentionSettings(options.settings);
  const cleared = new Set((await listKeys(retentionStore(), 'cleared/comment-contact/')).map((k) => k.slice('cleared/comment-contact/'.length)));
  const ctx: RunContext = {
    now: options.now,
    today,
    settings,
    consultations: options.consultations,
    expiredConsultations: options.consultations.filter((c) => !cleared.has(c.id) && hasExpired(c.feedbackPublished, settings.commentContactDays, today)).map((c) => c.id),
  };
  const earlier = await completeEarlierPlans(ctx);
  const kinds = {} as RetentionRunSummary['kinds'];
  for (const kind of RETENTION_KINDS) kinds[kind] = await runKind(kind, ctx);
  return { day: today, kinds, earlier };
}

/** The recorded deletions between two Beijing days (inclusive), by day then kind. */
export async function retentionLog(range: { from: CalendarDate; to: CalendarDate }): Promise<DeletionRecord[]> {
  const store = retentionStore();
  const out: DeletionRecord[] = [];
  for (let day = range.from; daysBetween(day, range.to) >= 0; day = addDays(day, 1)) {
    for (const kind of RETENTION_KINDS) {
      const record = (await store.get(deletionKey(day, kind), { type: 'json' })) as DeletionRecord | null;
      if (record) out.push({ kind: record.kind, day: record.day, count: record.count, state: record.state, plannedAt: record.plannedAt, doneAt: record.doneAt });
    }
  }
  return out;
}

/** A sender's or staff member's erasure, recorded without who (the case audit trail says who, for staff). */
export async function recordErasureRequest(kind: 'comment-contact' | 'report-contact', reason: ErasureReason, now: Date): Promise<void> {
  await retentionStore().setJSON(`requests/${shanghaiDate(now)}/${now.toISOString()}-${randomBytes(4).toString('hex')}`, { kind, reason, at: toShanghaiIso(now) });
}

/** The run with the site's own data: today's clock, the published consultations and the editors' periods. */
export async function dailyRetention(): Promise<RetentionRunSummary> {
  const rt = runtime();
  const published = await rt.consultations();
  return runRetention({ now: rt.now(), consultations: published.data.consultations, settings: published.data.site.retention });
}
