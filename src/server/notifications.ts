/**
 * The daily notification run (functions/notify.ts, scripts/notify.ts):
 * reminders to departments, overdue notices to departments and the
 * disclosure office, alerts to subscribers — each sent EXACTLY ONCE even when
 * runs repeat, overlap or crash halfway.
 *
 * What is due comes from src/lib/notification-plan.ts (pure, by date). Each
 * due notification has a key `<consultation>/<kind>/<leadDays>/<eventDate>` and a record
 * `n/<key>` in the notifications store, a small state machine:
 *
 *   (none) ──claim──▶ sending ──all mails queued──▶ queued ──all mails settled──▶ done
 *                      │ lease (5 min)                 │
 *                      └─ crashed run: lease expires,  └─ SMTP down: the mails wait in the
 *                         the next run takes over         outbox; drains send them; the
 *                                                         next run sees them sent → done
 *
 *  1. CLAIM: the record is written BEFORE any mail exists, with the list of
 *     mails frozen in it (one per recipient; the id of each is deterministic:
 *     `notify.<consultation>.<kind>.<leadDays>.<eventDate>.<recipient>`), a run id and a
 *     lease. A record `done` is skipped ("already sent"); a live lease of
 *     another run is skipped ("busy"); an expired lease is taken over with an
 *     ETag condition. The index entry `open/<key>` is written first, so a
 *     record that never reaches `done` is found again even after it has
 *     dropped out of the day's plan.
 *  2. QUEUE: each mail is put into the comment system's outbox under its
 *     deterministic id, unless the outbox already has it (queued, sent or
 *     given up). A successor re-queues exactly the mails that are missing —
 *     never a second copy, because the id is the same.
 *  3. SEND: the outbox delivers (its own claim, lease and `sent/<id>` mark —
 *     see outbox.ts), with back-off on failure and a limit of attempts after
 *     which a notification mail is given up loudly.
 *  4. DONE: when every mail is sent, given up or cancelled (the subscriber
 *     left), the record becomes `done` and `open/<key>` is removed.
 *
 * Correctness does not rest on conditional writes alone: two runs that both claim the same record freeze
 * the same deterministic mail ids, the outbox has one entry per id, and a
 * mail with a `sent/<id>` mark is never sent again. The one remaining window
 * is the outbox's own (crash after the SMTP server accepted and before
 * `sent/<id>` was written): then the same Message-ID is sent again.
 *
 * A crashed record that is no longer due when a successor finds it (the day
 * moved past the event) is not sent late: its mails that were never queued
 * are marked expired, with a log line; mails already queued still go out.
 */
import { randomUUID } from 'node:crypto';
import { describeNotification, notificationsDue, staleStatuses, type NotificationKind, type PlannedNotification } from '../lib/notification-plan.ts';
import { departmentNoticeMail, subscriberAlertMail, type ComposedMail, type SiteContext } from '../lib/notification-mail.ts';
import type { PublishedConsultation } from '../lib/published-data.ts';
import { maskEmail, resolveTarget } from '../lib/subscriptions.ts';
import { shanghaiDate, type CalendarDate } from '../lib/time.ts';
import { runtime } from './comment-runtime.ts';
import type { PublishedConsultations } from './consultations-source.ts';
import { keys, listKeys, notificationsStore, outboxStore } from './comment-stores.ts';
import type { MailTransport } from './mail-transport.ts';
import { readNotifySettings, type NotifySettings } from './notify-settings.ts';
import { deliver, drainOutbox, enqueue, outboxState, pendingMail, type DeliveryOutcome, type DrainSummary, type QueuedMail } from './outbox.ts';
import { queueCaseReminders, type CaseReminderReport } from './case-reminders.ts';
import { loadCaseLimits } from './case-limits-source.ts';
import { officialCalendar } from '../lib/official-calendar.ts';
import type { CaseLimits } from '../lib/cases/time-limits.ts';
import { pruneRateLimit } from './rate-limiter.ts';
import { getSubscription, subscribersOf, unsubscribeHeaders, unsubscribeUrl } from './subscriptions.ts';

export const LEASE_MS = 5 * 60_000;

export type MailRole = 'department' | 'disclosure-office' | 'subscriber';

export interface PlannedMail {
  id: string;
  role: MailRole;
  /** Department or office: the address. Subscriber: the subscription key (the address is looked up when queued). */
  to: string;
  /** Set when the mail will not be sent: the subscriber left, or it was no longer due when a successor found it. */
  cancelled?: 'unsubscribed' | 'expired';
  /** How it ended, written when the record becomes `done`. */
  settled?: 'sent' | 'gave-up';
}

export interface NotificationRecord {
  key: string;
  kind: NotificationKind;
  consultation: string;
  leadDays: number;
  /** The day the notification is about (see PlannedNotification.eventDate). */
  eventDate: CalendarDate;
  plannedOn: CalendarDate;
  state: 'sending' | 'queued' | 'done';
  owner: string;
  leaseUntil: string | null;
  mails: PlannedMail[];
  createdAt: string;
  updatedAt: string;
}

export type MailOutcome = 'sent' | 'already-sent' | 'queued' | 'failed' | 'gave-up' | 'unsubscribed' | 'expired' | 'busy';

export interface MailResult {
  key: string;
  id: string;
  role: MailRole;
  /** Shown in logs: department and office addresses, subscribers masked. */
  to: string;
  outcome: MailOutcome;
}

export interface NotifyRunReport {
  date: CalendarDate;
  runId: string;
  due: string[];
  mails: MailResult[];
  /** Notifications another run was working on (live lease). */
  busy: string[];
  /** Due but not started because the time budget ran out; the next run (while still due) takes them. */
  deferred: string[];
  /** Notifications that could not be prepared (store error, injected crash); retried by the next run. */
  errors: { key: string; message: string }[];
  /** Case reminders and overdue notices queued for the drain (src/server/case-reminders.ts). */
  cases: CaseReminderReport | null;
  drained: DrainSummary | null;
  buildHook: 'not-configured' | 'not-needed' | 'requested' | 'already-requested' | 'failed';
}

export interface DryRunLine {
  key: string;
  kind: NotificationKind;
  consultation: string;
  title: string;
  why: string;
  to: string;
  role: MailRole;
  state: 'would-send' | 'already-sent' | 'in-progress';
}

export interface NotifyRunOptions {
  now: Date;
  consultations: PublishedConsultations;
  settings: NotifySettings;
  /** Absolute site address for links (SITE_URL, else the data file's site.url). */
  siteUrl: string;
  transport: MailTransport;
  log?: (line: string) => void;
  /**
   * Wall-clock milliseconds to spend (scheduled functions stop at 30 s): no new
   * notification is started and no mail sent after it; what is queued is left to
   * the outbox drain, what is not started to the next run.
   */
  budgetMs?: number;
  /** Fault injection for tests: called after a record is claimed and before its mails are queued. */
  afterClaim?: (key: string) => void | Promise<void>;
  /** Fetch used for the build hook (tests point it at a local server). */
  fetchImpl?: typeof globalThis.fetch;
  /** Time limits of cases (default: content/case-limits.yaml). */
  caseLimits?: CaseLimits;
}

const recordKey = (key: string) => `n/${key}`;
const openKey = (key: string) => `open/${key}`;

function mailId(n: Pick<PlannedNotification, 'consultation' | 'kind' | 'leadDays' | 'eventDate'>, recipient: string): string {
  return `notify.${n.consultation.id}.${n.kind}.${n.leadDays}.${n.eventDate.replaceAll('-', '')}.${recipient}`;
}

function shown(mail: PlannedMail, address?: string): string {
  if (mail.role !== 'subscriber') return mail.to;
  return address ? maskEmail(address) : `subscriber ${mail.id.slice(mail.id.lastIndexOf('.') + 1)}`;
}

/** One mail per recipient; subscribers resolved now and frozen in the record. */
async function plannedMails(n: PlannedNotification): Promise<PlannedMail[]> {
  const mails: PlannedMail[] = [];
  for (const r of n.recipients) {
    if (r.role === 'department') mails.push({ id: mailId(n, 'department'), role: 'department', to: r.email });
    else if (r.role === 'disclosure-office') mails.push({ id: mailId(n, 'office'), role: 'disclosure-office', to: r.email });
    else for (const s of await subscribersOf(r.follows)) mails.push({ id: mailId(n, `s${s.subscriber.slice(0, 20)}`), role: 'subscriber', to: s.key });
  }
  return mails;
}

interface RunContext {
  opts: NotifyRunOptions;
  runId: string;
  date: CalendarDate;
  site: SiteContext;
  log: (line: string) => void;
  byId: ReadonlyMap<string, PublishedConsultation>;
}

/** The outbox entry of one planned mail, or null when a subscriber has left. */
async function composeQueued(ctx: RunContext, n: Pick<PlannedNotification, 'kind' | 'eventDate'> & { consultation: PublishedConsultation }, mail: PlannedMail): Promise<{ queued: QueuedMail; address: string } | null> {
  const { settings } = ctx.opts;
  let composed: ComposedMail;
  let to: string;
  let headers: Record<string, string> | undefined;
  if (mail.role === 'subscriber') {
    const sub = await getSubscription(mail.to);
    // Frozen from consultation follows only; an area key here would be a corrupt record.
    if (!sub || sub.scope === 'area') return null;
    const target = resolveTarget(ctx.opts.consultations.data, sub.scope, sub.target);
    const url = unsubscribeUrl(ctx.site.siteUrl, { h: sub.subscriber, s: sub.scope, t: sub.target }, settings.subscriptionSecret);
    composed = subscriberAlertMail({ kind: n.kind as Extract<NotificationKind, `alert-${string}`>, consultation: n.consultation, eventDate: n.eventDate }, ctx.site, {
      scope: sub.scope,
      name: target?.name ?? sub.target,
      unsubscribeUrl: url,
    });
    to = sub.email;
    headers = unsubscribeHeaders(url);
  } else {
    composed = departmentNoticeMail(
      {
        kind: n.kind as Exclude<NotificationKind, `alert-${string}`>,
        consultation: n.consultation,
        eventDate: n.eventDate,
        recipient: mail.role === 'department' ? { role: 'department', name: n.consultation.department.name } : { role: 'disclosure-office', name: ctx.opts.consultations.data.site.disclosureOffice.name },
        disclosureOffice: ctx.opts.consultations.data.site.disclosureOffice,
        overdueRepeatDays: settings.leadTimes.overdueRepeatDays,
      },
      ctx.site,
    );
    to = mail.to;
  }
  const now = ctx.opts.now.toISOString();
  return {
    address: to,
    queued: pendingMail({
      id: mail.id,
      kind: 'notification',
      receipt: '',
      consultation: n.consultation.id,
      to,
      subject: composed.subject,
      text: composed.text,
      html: composed.html,
      headers,
      subscription: mail.role === 'subscriber' ? mail.to : undefined,
      attachment: null,
      createdAt: now,
      maxAttempts: settings.mailMaxAttempts,
    }, now),
  };
}

/**
 * A record left in `sending`: busy while its lease lives; after that this run
 * takes it over (ETag condition). Null when another run changed it meanwhile.
 */
async function takeOver(ctx: RunContext, existing: NotificationRecord, etag: string | undefined): Promise<NotificationRecord | 'busy' | null> {
  const now = ctx.opts.now;
  const live = existing.leaseUntil !== null && Date.parse(existing.leaseUntil) > now.getTime();
  if (live && existing.owner !== ctx.runId) return 'busy';
  const taken: NotificationRecord = { ...existing, owner: ctx.runId, leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(), updatedAt: now.toISOString() };
  const res = await notificationsStore().setJSON(recordKey(existing.key), taken, etag ? { onlyIfMatch: etag } : {});
  if (!res.modified) return null;
  ctx.log(`take over ${existing.key} (an earlier run stopped before queuing its mails; its lease expired)`);
  return taken;
}

type Claim = { status: 'claimed' | 'queued' | 'done'; record: NotificationRecord; etag?: string } | { status: 'busy'; record: NotificationRecord };

/** Step 1: the record, written before any mail exists (see the header comment). */
async function claim(ctx: RunContext, n: PlannedNotification): Promise<Claim> {
  const store = notificationsStore();
  const now = ctx.opts.now;
  for (let round = 0; round < 3; round++) {
    const entry = await store.getWithMetadata(recordKey(n.key), { type: 'json' });
    const existing = entry?.data as NotificationRecord | undefined;
    if (existing?.state === 'done') return { status: 'done', record: existing };
    if (existing?.state === 'queued') return { status: 'queued', record: existing };
    const lease = new Date(now.getTime() + LEASE_MS).toISOString();
    if (existing && entry) {
      const taken = await takeOver(ctx, existing, entry.etag);
      if (taken === 'busy') return { status: 'busy', record: existing };
      if (taken) return { status: 'claimed', record: taken };
      continue;
    }
    await store.set(openKey(n.key), ctx.date);
    const record: NotificationRecord = {
      key: n.key,
      kind: n.kind,
      consultation: n.consultation.id,
      leadDays: n.leadDays,
      eventDate: n.eventDate,
      plannedOn: ctx.date,
      state: 'sending',
      owner: ctx.runId,
      leaseUntil: lease,
      mails: await plannedMails(n),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    const res = await store.setJSON(recordKey(n.key), record, { onlyIfNew: true });
    if (res.modified) return { status: 'claimed', record };
  }
  const latest = (await store.get(recordKey(n.key), { type: 'json' })) as NotificationRecord;
  return { status: 'busy', record: latest };
}

/** Step 2: every mail of a claimed record into the outbox (once per deterministic id). */
async function queueMails(ctx: RunContext, n: Pick<PlannedNotification, 'kind' | 'eventDate'> & { consultation: PublishedConsultation }, record: NotificationRecord, stillDue: boolean): Promise<NotificationRecord> {
  const mails: PlannedMail[] = [];
  for (const mail of record.mails) {
    if (mail.cancelled) {
      mails.push(mail);
      continue;
    }
    const state = await outboxState(mail.id);
    if (state !== 'absent') {
      mails.push(mail);
      continue;
    }
    if (!stillDue) {
      ctx.log(`expired ${record.key} → ${mail.role} ${shown(mail)}: no longer due on ${ctx.date}, not sent late`);
      mails.push({ ...mail, cancelled: 'expired' });
      continue;
    }
    const composed = await composeQueued(ctx, n, mail);
    if (!composed) {
      mails.push({ ...mail, cancelled: 'unsubscribed' });
      continue;
    }
    await enqueue([composed.queued]);
    mails.push(mail);
  }
  const queued: NotificationRecord = { ...record, mails, state: 'queued', leaseUntil: null, updatedAt: ctx.opts.now.toISOString() };
  await notificationsStore().setJSON(recordKey(record.key), queued);
  return queued;
}

function outcomeOf(d: DeliveryOutcome): MailOutcome {
  switch (d) {
    case 'sent':
    case 'already-sent':
    case 'failed':
    case 'gave-up':
    case 'busy':
      return d;
    case 'later':
      return 'queued';
    case 'missing':
      return 'queued';
    case 'withdrawn':
      return 'unsubscribed';
  }
}

/** Steps 3 and 4: deliver what is waiting (within the time budget), then settle the record. */
async function sendAndSettle(ctx: RunContext, record: NotificationRecord, deadline: number, results: MailResult[]): Promise<void> {
  if (record.state === 'done') {
    for (const mail of record.mails) results.push({ key: record.key, id: mail.id, role: mail.role, to: shown(mail), outcome: mail.cancelled ?? (mail.settled === 'gave-up' ? 'gave-up' : 'already-sent') });
    const sent = record.mails.filter((m) => !m.cancelled && m.settled !== 'gave-up').length;
    const gaveUp = record.mails.filter((m) => m.settled === 'gave-up').length;
    ctx.log(`skipped, already sent: ${record.kind} ${record.key} (${sent} mail(s)${gaveUp ? `, ${gaveUp} given up` : ''}; planned on ${record.plannedOn})`);
    return;
  }
  let settled = true;
  const endings = new Map<string, 'sent' | 'gave-up' | 'unsubscribed'>();
  for (const mail of record.mails) {
    const result = (outcome: MailOutcome, address?: string) => {
      if (outcome === 'sent' || outcome === 'already-sent') endings.set(mail.id, 'sent');
      if (outcome === 'gave-up') endings.set(mail.id, 'gave-up');
      results.push({ key: record.key, id: mail.id, role: mail.role, to: shown(mail, address), outcome });
      const label = { sent: 'sent', 'already-sent': 'skipped, already sent', queued: 'queued, the outbox will retry', failed: 'FAILED, left in the outbox for retry', 'gave-up': 'FAILED for good (given up after the attempt limit)', unsubscribed: 'skipped, subscriber left', expired: 'skipped, expired', busy: 'busy, another sender has it' }[outcome];
      const line = `${label}: ${record.kind} ${record.key} → ${mail.role} ${shown(mail, address)} [${mail.id}]`;
      if (outcome === 'failed' || outcome === 'gave-up') console.error(`[notify] ${line}`);
      ctx.log(line);
    };
    if (mail.cancelled) {
      result(mail.cancelled);
      continue;
    }
    const state = await outboxState(mail.id);
    if (state === 'sent') {
      result('already-sent');
      continue;
    }
    if (state === 'failed') {
      result('gave-up');
      continue;
    }
    if (state === 'withdrawn') {
      endings.set(mail.id, 'unsubscribed');
      result('unsubscribed');
      continue;
    }
    if (state === 'absent') {
      // Queued earlier and gone without a sent mark: only an operator's deletion does this.
      result('expired');
      continue;
    }
    if (performance.now() > deadline) {
      settled = false;
      result('queued');
      continue;
    }
    const address = ((await outboxStore().get(keys.queued(mail.id), { type: 'json' })) as QueuedMail | null)?.to;
    const delivered = await deliver(mail.id, ctx.opts.transport, ctx.opts.now);
    // 'missing': the entry went away meanwhile (another sender finished, or it was given up).
    const after = delivered === 'missing' ? await outboxState(mail.id) : null;
    const outcome = after === 'sent' ? 'already-sent' : after === 'failed' ? 'gave-up' : outcomeOf(delivered);
    if (outcome === 'unsubscribed') endings.set(mail.id, 'unsubscribed');
    else if (outcome !== 'sent' && outcome !== 'already-sent' && outcome !== 'gave-up') settled = false;
    result(outcome, address);
  }
  if (settled) {
    const mails = record.mails.map((m): PlannedMail => {
      const ending = endings.get(m.id);
      // Withdrawn from the outbox because the subscriber left: recorded like one skipped at queueing.
      return ending === 'unsubscribed' ? { ...m, cancelled: ending } : ending ? { ...m, settled: ending } : m;
    });
    await notificationsStore().setJSON(recordKey(record.key), { ...record, mails, state: 'done', leaseUntil: null, updatedAt: ctx.opts.now.toISOString() } satisfies NotificationRecord);
    await notificationsStore().delete(openKey(record.key));
  }
}

function siteContext(opts: NotifyRunOptions, date: CalendarDate): SiteContext {
  return { siteName: opts.consultations.data.site.name, siteUrl: opts.siteUrl.replace(/\/+$/, ''), date };
}

function planFor(opts: NotifyRunOptions, date: CalendarDate): PlannedNotification[] {
  return notificationsDue({ consultations: [...opts.consultations.byId.values()], site: opts.consultations.data.site, leadTimes: opts.settings.leadTimes, date });
}

/** The daily run. Never throws for one notification's trouble: it is logged and left for the next run. */
export async function runNotifications(opts: NotifyRunOptions): Promise<NotifyRunReport> {
  const started = performance.now();
  const deadline = started + (opts.budgetMs ?? 20_000);
  const date = shanghaiDate(opts.now);
  const runId = randomUUID();
  const log = (line: string) => (opts.log ?? ((l: string) => console.log(`[notify] ${l}`)))(line);
  const ctx: RunContext = { opts, runId, date, site: siteContext(opts, date), log, byId: opts.consultations.byId };
  const due = planFor(opts, date);
  const report: NotifyRunReport = { date, runId, due: due.map((n) => n.key), mails: [], busy: [], deferred: [], errors: [], cases: null, drained: null, buildHook: 'not-configured' };
  log(`${date}: ${due.length} notification(s) due`);

  const toSend: NotificationRecord[] = [];
  for (const n of due) {
    if (performance.now() > deadline) {
      report.deferred.push(n.key);
      continue;
    }
    try {
      const c = await claim(ctx, n);
      if (c.status === 'busy') {
        report.busy.push(n.key);
        log(`busy: ${n.key} is being prepared by another run (lease until ${c.record.leaseUntil})`);
        continue;
      }
      if (c.status === 'claimed') {
        await opts.afterClaim?.(n.key);
        toSend.push(await queueMails(ctx, n, c.record, true));
      } else toSend.push(c.record);
    } catch (error) {
      const message = String((error as Error)?.message ?? error);
      report.errors.push({ key: n.key, message });
      console.error(`[notify] FAILED to prepare ${n.key}: ${message} (the next run completes it)`);
    }
  }

  if (report.deferred.length > 0) log(`time budget used up: ${report.deferred.length} notification(s) left for the next run (${report.deferred.join(', ')})`);

  // Records left open by earlier runs that are not due today: finish what was started.
  const dueKeys = new Set(report.due);
  const store = notificationsStore();
  for (const k of await listKeys(store, 'open/')) {
    const key = k.slice('open/'.length);
    if (dueKeys.has(key)) continue;
    try {
      const entry = await store.getWithMetadata(recordKey(key), { type: 'json' });
      const record = entry?.data as NotificationRecord | undefined;
      if (!record || record.state === 'done') {
        await store.delete(k);
        continue;
      }
      if (record.state === 'sending') {
        const taken = await takeOver(ctx, record, entry?.etag);
        if (taken === 'busy' || taken === null) {
          report.busy.push(key);
          continue;
        }
        const consultation = opts.consultations.byId.get(record.consultation);
        // Not due today: mails never queued are not sent late (marked expired); queued ones still go out.
        toSend.push(consultation ? await queueMails(ctx, { kind: record.kind, eventDate: record.eventDate, consultation }, taken, false) : { ...taken, mails: taken.mails.map((m) => ({ ...m, cancelled: m.cancelled ?? 'expired' })) });
      } else toSend.push(record);
    } catch (error) {
      report.errors.push({ key, message: String((error as Error)?.message ?? error) });
      console.error(`[notify] FAILED to resume ${key}: ${String((error as Error)?.message ?? error)}`);
    }
  }

  for (const record of toSend) {
    try {
      await sendAndSettle(ctx, record, deadline, report.mails);
    } catch (error) {
      report.errors.push({ key: record.key, message: String((error as Error)?.message ?? error) });
      console.error(`[notify] FAILED to send ${record.key}: ${String((error as Error)?.message ?? error)}`);
    }
  }

  if (performance.now() < deadline) {
    try {
      const office = opts.consultations.data.site.disclosureOffice;
      report.cases = await queueCaseReminders({
        now: opts.now,
        limits: opts.caseLimits ?? (await loadCaseLimits()),
        calendar: officialCalendar,
        site: { siteName: opts.consultations.data.site.name, siteUrl: opts.siteUrl.replace(/\/+$/, '') },
        office,
        mailMaxAttempts: opts.settings.mailMaxAttempts,
        log,
      });
      for (const e of report.cases.errors) report.errors.push({ key: e.id, message: e.message });
    } catch (error) {
      report.errors.push({ key: 'cases', message: String((error as Error)?.message ?? error) });
      console.error(`[notify] FAILED to plan case reminders: ${String((error as Error)?.message ?? error)}`);
    }
  }

  // The outbox as a whole: mail left by failed sends (notifications, case reminders and comment mail alike).
  if (performance.now() < deadline) {
    report.drained = await drainOutbox(opts.transport, opts.now, { limit: 200 });
    if (report.drained.queued > 0) log(`outbox: ${report.drained.queued} waiting, ${report.drained.sent} sent, ${report.drained.failed} failed, ${report.drained.skipped} not due yet or busy`);
  }

  report.buildHook = await requestRebuild(ctx);
  await pruneRateLimit(opts.settings.subscribeRateLimit, opts.now).catch(() => 0);
  const count = (o: MailOutcome) => report.mails.filter((m) => m.outcome === o).length;
  log(`done: ${count('sent')} sent, ${count('already-sent')} already sent, ${count('queued') + count('failed')} waiting in the outbox, ${count('gave-up')} given up, ${report.errors.length} error(s)`);
  return report;
}

/**
 * Optional: when the built pages show statuses the calendar has moved past
 * (a consultation opened or closed, a feedback due date passed since the
 * build), ask Netlify for a rebuild through BUILD_HOOK_URL — once per build
 * (keyed by the data file's generation time), recorded before the request.
 */
async function requestRebuild(ctx: RunContext): Promise<NotifyRunReport['buildHook']> {
  const { opts } = ctx;
  const changes = staleStatuses([...opts.consultations.byId.values()], new Date(opts.consultations.data.generated), opts.now);
  if (changes.length === 0) return 'not-needed';
  const summary = changes.map((c) => `${c.id} ${c.from}→${c.to}`).join(', ');
  if (!opts.settings.buildHookUrl) {
    ctx.log(`pages are stale (${summary}); set BUILD_HOOK_URL to rebuild automatically`);
    return 'not-configured';
  }
  const store = notificationsStore();
  const key = `build-hook/${opts.consultations.data.generated}`;
  if (await store.get(key)) return 'already-requested';
  await store.setJSON(key, { requestedAt: opts.now.toISOString(), changes });
  try {
    const res = await (opts.fetchImpl ?? fetch)(opts.settings.buildHookUrl, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`build hook answered ${res.status}`);
    ctx.log(`rebuild requested: ${summary}`);
    return 'requested';
  } catch (error) {
    await store.delete(key).catch(() => {});
    console.error(`[notify] FAILED to request a rebuild (${String((error as Error)?.message ?? error)}); the next run tries again`);
    return 'failed';
  }
}

/** `--dry-run`: what would be sent on that day, to whom and why. Reads the stores, writes nothing. */
export async function planNotificationsDryRun(opts: Pick<NotifyRunOptions, 'now' | 'consultations' | 'settings'>, withStores = true): Promise<DryRunLine[]> {
  const date = shanghaiDate(opts.now);
  const due = notificationsDue({ consultations: [...opts.consultations.byId.values()], site: opts.consultations.data.site, leadTimes: opts.settings.leadTimes, date });
  const lines: DryRunLine[] = [];
  for (const n of due) {
    const record = withStores ? ((await notificationsStore().get(recordKey(n.key), { type: 'json' })) as NotificationRecord | null) : null;
    const state: DryRunLine['state'] = record?.state === 'done' ? 'already-sent' : record ? 'in-progress' : 'would-send';
    const base = { key: n.key, kind: n.kind, consultation: n.consultation.id, title: n.consultation.title, why: describeNotification(n, opts.settings.leadTimes.overdueRepeatDays), state };
    for (const r of n.recipients) {
      if (r.role === 'subscribers') {
        const subs = withStores ? await subscribersOf(r.follows) : [];
        if (subs.length === 0) lines.push({ ...base, role: 'subscriber', to: withStores ? '(no subscribers)' : '(subscribers not read)' });
        for (const s of subs) lines.push({ ...base, role: 'subscriber', to: maskEmail(s.record.email) });
      } else lines.push({ ...base, role: r.role, to: `${r.name} <${r.email}>` });
    }
  }
  return lines;
}

/** The run with production parts: the runtime's clock, bundled data file, mail transport; settings from the environment. */
export async function runScheduledNotifications(overrides: Partial<Pick<NotifyRunOptions, 'log' | 'budgetMs' | 'afterClaim' | 'fetchImpl'>> = {}): Promise<NotifyRunReport> {
  const rt = runtime();
  const consultations = await rt.consultations();
  return runNotifications({
    now: rt.now(),
    consultations,
    settings: readNotifySettings(),
    siteUrl: rt.settings().siteUrl ?? consultations.siteUrl,
    transport: rt.mail(),
    ...overrides,
  });
}

/**
 * Operator: put mails that were given up (failed/<id>) back into the outbox
 * with a fresh attempt count, e.g. after a wrong SMTP setting was fixed.
 * Returns the ids requeued. A mail that meanwhile has a sent mark is dropped.
 */
export async function requeueFailedMails(now: Date): Promise<string[]> {
  const store = outboxStore();
  const ids: string[] = [];
  for (const key of await listKeys(store, 'failed/')) {
    const id = key.slice('failed/'.length);
    const entry = (await store.get(key, { type: 'json' })) as QueuedMail | null;
    if (entry && !(await store.get(keys.sent(id)))) {
      await store.setJSON(keys.queued(id), { ...entry, attempts: 0, state: 'pending', leaseUntil: null, nextAttemptAt: now.toISOString(), lastError: entry.lastError } satisfies QueuedMail);
      ids.push(id);
    }
    await store.delete(key);
  }
  return ids;
}
