/**
 * Delivery of warnings to the people and systems of the areas they cover
 * (functions/warning-alerts.ts, every minute):
 * e-mail to area subscribers through the mail outbox, and one signed webhook
 * per configured channel (webhooks.ts). Each message is delivered EXACTLY ONCE
 * per recipient even when runs repeat, overlap or stop halfway. What is due,
 * and to whom, is decided in src/lib/warning-alerts/rules.ts.
 *
 * Per message a record `r/<message>` in the warnings store:
 *
 *   (none) ──claim──▶ sending ──all queued──▶ queued ──all settled──▶ done (with statistics)
 *
 *  1. CLAIM (stored before sent): the record with the frozen recipients — one
 *     mail per subscriber (id `warn.<message>.<subscriber>`), one webhook per
 *     endpoint (id `<message>.<endpoint>`) — a run id and a lease, written
 *     before anything is queued. A live lease of another run: busy. An expired
 *     lease (a run that stopped): taken over with an ETag condition.
 *  2. QUEUE every mail into the outbox and every webhook into the hook queue
 *     under its deterministic id; a successor queues exactly the missing ones.
 *  3. SEND what is waiting, within the time budget; the outbox drain and the
 *     next runs send the rest, with back-off.
 *  4. SETTLE: when every delivery is sent, given up or withdrawn, the record
 *     becomes `done` with its statistics, computed from the deliveries.
 */
import { randomUUID } from 'node:crypto';
import { alertChange, chainAreaCodes, linkMessages, messagesDue, recipientsFor, type AlertMessage, type AreaFollow, type WarningAlertsData } from '../lib/warning-alerts/rules.ts';
import { warningAlertMail } from '../lib/warning-alerts/mail.ts';
import { capMsgType } from '../lib/cap.ts';
import { forEachLimit } from '../lib/concurrency.ts';
import { warningsStore } from './comment-stores.ts';
import type { MailTransport } from './mail-transport.ts';
import { deliver, enqueue, outboxState, pendingMail } from './outbox.ts';
import { areaFollows, getSubscription, unsubscribeHeaders, unsubscribeUrl } from './subscriptions.ts';
import { deliverHook, enqueueHook, hookId, hookState, type WebhookEndpoint } from './webhooks.ts';
import { runtime } from './comment-runtime.ts';
import { readWarningAlertSettings } from './warning-alert-settings.ts';
import { loadWarningAlertsData, warningsFile } from './warnings-source.ts';

export const ALERT_LEASE_MS = 2 * 60_000;

export interface PlannedAlertMail {
  id: string;
  subscriber: string;
  /** Subscription key (subs/area/<code>/<subscriber>). */
  key: string;
  /** The followed area the mail is sent under. */
  area: string;
  /** Set when it was not queued: the subscriber left before. */
  cancelled?: 'unsubscribed';
}

export interface ChannelStats {
  sent: number;
  failed: number;
  pending: number;
  /** Mail only: the subscriber left before it went out. */
  withdrawn: number;
}

/** Statistics of one message, computed from its deliveries. */
export interface DeliveryStats {
  /** Areas the message covers. */
  areas: number;
  /** Distinct followed areas at least one mail was sent under. */
  areasReached: number;
  /** `email` and each webhook endpoint id. */
  channels: Record<string, ChannelStats>;
}

export interface AlertRecord {
  message: string;
  state: 'sending' | 'queued' | 'done';
  owner: string;
  leaseUntil: string | null;
  mails: PlannedAlertMail[];
  hooks: { id: string; endpoint: string }[];
  createdAt: string;
  updatedAt: string;
  stats?: DeliveryStats;
}

export interface WarningAlertSettings {
  subscriptionSecret: string;
  mailMaxAttempts: number;
  hookMaxAttempts: number;
  webhooks: WebhookEndpoint[];
}

export interface WarningAlertRunOptions {
  now: Date;
  data: WarningAlertsData;
  settings: WarningAlertSettings;
  /** Absolute site address for links, no trailing slash needed. */
  siteUrl: string;
  transport: MailTransport;
  fetchImpl?: typeof fetch;
  log?: (line: string) => void;
  /** Wall-clock milliseconds to spend (scheduled functions stop at 30 s). */
  budgetMs?: number;
  /** Fault injection for tests: after a record is claimed, before anything is queued. */
  afterClaim?: (message: string) => void | Promise<void>;
}

export interface WarningAlertReport {
  due: string[];
  done: string[];
  busy: string[];
  /** Messages whose deliveries are not all settled yet (the next run continues). */
  open: string[];
  errors: { message: string; error: string }[];
  mails: { sent: number; failed: number; queued: number };
  hooks: { sent: number; failed: number; queued: number };
}

const recordKey = (message: string) => `r/${message}`;

export function alertMailId(message: string, subscriber: string): string {
  return `warn.${message}.${subscriber.slice(0, 20)}`;
}

interface Ctx {
  opts: WarningAlertRunOptions;
  runId: string;
  deadline: number;
  log: (line: string) => void;
  byId: Map<string, AlertMessage>;
  endpoints: Map<string, WebhookEndpoint>;
  fullName: Map<string, string>;
  report: WarningAlertReport;
}

async function claim(ctx: Ctx, m: AlertMessage, follows: () => Promise<AreaFollow[]>, links: ReturnType<typeof linkMessages>): Promise<{ record: AlertRecord; fresh: boolean } | 'busy'> {
  const store = warningsStore();
  const now = ctx.opts.now;
  for (let round = 0; round < 3; round++) {
    const entry = await store.getWithMetadata(recordKey(m.id), { type: 'json' });
    const existing = entry?.data as AlertRecord | undefined;
    const lease = new Date(now.getTime() + ALERT_LEASE_MS).toISOString();
    if (existing) {
      if (existing.state !== 'sending') return { record: existing, fresh: false };
      if (existing.owner !== ctx.runId && existing.leaseUntil && Date.parse(existing.leaseUntil) > now.getTime()) return 'busy';
      const taken: AlertRecord = { ...existing, owner: ctx.runId, leaseUntil: lease, updatedAt: now.toISOString() };
      const res = await store.setJSON(recordKey(m.id), taken, entry?.etag ? { onlyIfMatch: entry.etag } : {});
      if (res.modified) {
        ctx.log(`take over ${m.id} (an earlier run stopped before queuing everything)`);
        return { record: taken, fresh: false };
      }
      continue;
    }
    const recipients = recipientsFor(chainAreaCodes(m.id, links, ctx.byId), await follows());
    const record: AlertRecord = {
      message: m.id,
      state: 'sending',
      owner: ctx.runId,
      leaseUntil: lease,
      mails: recipients.map((r) => ({ id: alertMailId(m.id, r.subscriber), subscriber: r.subscriber, key: r.key, area: r.area })),
      hooks: ctx.opts.settings.webhooks.map((e) => ({ id: hookId(m.id, e.id), endpoint: e.id })),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    const res = await store.setJSON(recordKey(m.id), record, { onlyIfNew: true });
    if (res.modified) return { record, fresh: true };
  }
  return 'busy';
}

/** Deliveries and store requests in flight at once within one run. */
const PARALLEL = 8;

async function queueAll(ctx: Ctx, m: AlertMessage, record: AlertRecord, fresh: boolean): Promise<AlertRecord | null> {
  const { opts } = ctx;
  const now = opts.now.toISOString();
  const previous = m.updates ?? m.cancels;
  const change = alertChange(m, previous ? ctx.byId.get(previous) : undefined);
  const mails: PlannedAlertMail[] = [...record.mails];
  let outOfTime = false;
  await forEachLimit(record.mails, PARALLEL, async (mail, i) => {
    if (outOfTime || performance.now() > ctx.deadline) {
      outOfTime = true;
      return;
    }
    if (mail.cancelled || (!fresh && (await outboxState(mail.id)) !== 'absent')) return;
    const sub = await getSubscription(mail.key);
    if (!sub) {
      mails[i] = { ...mail, cancelled: 'unsubscribed' };
      return;
    }
    const url = unsubscribeUrl(opts.siteUrl.replace(/\/+$/, ''), { h: sub.subscriber, s: 'area', t: sub.target }, opts.settings.subscriptionSecret);
    const composed = warningAlertMail(m, change, { siteName: opts.data.site.name, siteUrl: opts.siteUrl.replace(/\/+$/, ''), followedArea: ctx.fullName.get(mail.area) ?? mail.area, unsubscribeUrl: url });
    await enqueue([
      pendingMail({ id: mail.id, kind: 'warning', receipt: '', consultation: '', to: sub.email, subject: composed.subject, text: composed.text, html: composed.html, headers: unsubscribeHeaders(url), subscription: mail.key, attachment: null, createdAt: now, maxAttempts: opts.settings.mailMaxAttempts }, now),
    ]);
  });
  if (outOfTime) {
    // Release the lease so the next run continues at once; what is queued stays queued, the rest is found missing.
    await warningsStore().setJSON(recordKey(m.id), { ...record, mails, leaseUntil: now, updatedAt: now } satisfies AlertRecord);
    return null;
  }
  for (const hook of record.hooks) {
    await enqueueHook({ id: hook.id, endpoint: hook.endpoint, message: m.id, msgType: capMsgType(m), body: m.cap, createdAt: now, attempts: 0, nextAttemptAt: now, state: 'pending', leaseUntil: null, lastError: null, maxAttempts: opts.settings.hookMaxAttempts });
  }
  const queued: AlertRecord = { ...record, mails, state: 'queued', leaseUntil: null, updatedAt: now };
  await warningsStore().setJSON(recordKey(m.id), queued);
  return queued;
}

/** Statistics from the deliveries' states in the stores. `settled`: nothing is waiting any more. */
export async function deliveryStats(record: AlertRecord, message: AlertMessage | undefined): Promise<{ stats: DeliveryStats; settled: boolean }> {
  const channels: Record<string, ChannelStats> = { email: { sent: 0, failed: 0, pending: 0, withdrawn: 0 } };
  const reached = new Set<string>();
  const email = channels.email!;
  const states = new Array<Awaited<ReturnType<typeof outboxState>> | 'cancelled'>(record.mails.length);
  await forEachLimit(record.mails, PARALLEL, async (mail, i) => {
    states[i] = mail.cancelled ? 'cancelled' : await outboxState(mail.id);
  });
  for (const [i, mail] of record.mails.entries()) {
    const state = states[i];
    if (state === 'cancelled') {
      email.withdrawn++;
      continue;
    }
    if (state === 'sent') {
      email.sent++;
      reached.add(mail.area);
    } else if (state === 'failed') email.failed++;
    else if (state === 'withdrawn') email.withdrawn++;
    else email.pending++;
  }
  for (const hook of record.hooks) {
    const c = (channels[hook.endpoint] ??= { sent: 0, failed: 0, pending: 0, withdrawn: 0 });
    const state = await hookState(hook.id);
    if (state === 'sent') c.sent++;
    else if (state === 'failed') c.failed++;
    else c.pending++;
  }
  const settled = Object.values(channels).every((c) => c.pending === 0);
  return { stats: { areas: message?.areas.length ?? 0, areasReached: reached.size, channels }, settled };
}

async function sendAndSettle(ctx: Ctx, m: AlertMessage, record: AlertRecord): Promise<void> {
  const { opts, report } = ctx;
  if (record.state === 'done') {
    report.done.push(m.id);
    return;
  }
  await forEachLimit(record.mails, PARALLEL, async (mail) => {
    if (mail.cancelled || performance.now() > ctx.deadline) return;
    const outcome = await deliver(mail.id, opts.transport, opts.now);
    if (outcome === 'sent') report.mails.sent++;
    else if (outcome === 'failed' || outcome === 'gave-up') report.mails.failed++;
  });
  for (const hook of record.hooks) {
    if (performance.now() > ctx.deadline) break;
    const outcome = await deliverHook(hook.id, ctx.endpoints, opts.now, opts.fetchImpl);
    if (outcome === 'sent') report.hooks.sent++;
    else if (outcome === 'failed' || outcome === 'gave-up') report.hooks.failed++;
  }
  if (performance.now() > ctx.deadline) {
    report.open.push(m.id);
    return;
  }
  const { stats, settled } = await deliveryStats(record, m);
  report.mails.queued += stats.channels.email?.pending ?? 0;
  for (const [channel, c] of Object.entries(stats.channels)) if (channel !== 'email') report.hooks.queued += c.pending;
  if (!settled) {
    report.open.push(m.id);
    return;
  }
  await warningsStore().setJSON(recordKey(m.id), { ...record, state: 'done', stats, leaseUntil: null, updatedAt: opts.now.toISOString() } satisfies AlertRecord);
  report.done.push(m.id);
  const summary = Object.entries(stats.channels).map(([ch, c]) => `${ch} ${c.sent} sent${c.failed ? `, ${c.failed} failed` : ''}${c.withdrawn ? `, ${c.withdrawn} withdrawn` : ''}`).join('; ');
  ctx.log(`done ${m.id}: ${summary}`);
}

/** One run. Never throws for one message's trouble: it is logged and left for the next run. */
export async function runWarningAlerts(opts: WarningAlertRunOptions): Promise<WarningAlertReport> {
  const deadline = performance.now() + (opts.budgetMs ?? 20_000);
  const log = opts.log ?? ((l: string) => console.log(`[warning-alerts] ${l}`));
  const links = linkMessages(opts.data.messages);
  const due = messagesDue(opts.data.messages, opts.now, links);
  const report: WarningAlertReport = { due: due.map((m) => m.id), done: [], busy: [], open: [], errors: [], mails: { sent: 0, failed: 0, queued: 0 }, hooks: { sent: 0, failed: 0, queued: 0 } };
  const ctx: Ctx = {
    opts,
    runId: randomUUID(),
    deadline,
    log,
    report,
    byId: new Map(opts.data.messages.map((m) => [m.id, m])),
    endpoints: new Map(opts.settings.webhooks.map((e) => [e.id, e])),
    fullName: new Map(opts.data.areas.map((a) => [a.code, a.fullName])),
  };
  let follows: Promise<AreaFollow[]> | undefined;
  const readFollows = () => (follows ??= areaFollows());
  for (const m of due) {
    try {
      const claimed = await claim(ctx, m, readFollows, links);
      if (claimed === 'busy') {
        report.busy.push(m.id);
        log(`busy: ${m.id} is being prepared by another run`);
        continue;
      }
      let record = claimed.record;
      if (record.state === 'sending') {
        await opts.afterClaim?.(m.id);
        const queued = await queueAll(ctx, m, record, claimed.fresh);
        if (!queued) {
          report.open.push(m.id);
          log(`time budget used up while queuing ${m.id}; the next run continues`);
          continue;
        }
        record = queued;
        log(`queued ${m.id}: ${record.mails.filter((x) => !x.cancelled).length} mail(s), ${record.hooks.length} webhook(s)`);
      }
      await sendAndSettle(ctx, m, record);
    } catch (error) {
      const text = String((error as Error)?.message ?? error);
      report.errors.push({ message: m.id, error: text });
      console.error(`[warning-alerts] FAILED on ${m.id}: ${text} (the next run continues)`);
    }
  }
  log(`${due.length} message(s) due: ${report.done.length} done, ${report.open.length} open, ${report.busy.length} busy, ${report.errors.length} error(s); mails ${report.mails.sent} sent; webhooks ${report.hooks.sent} sent`);
  return report;
}

/** A message's statistics for pages: the stored ones once done, else computed now; null before its first run. */
export async function warningDeliveryStats(message: string, data?: WarningAlertsData): Promise<DeliveryStats | null> {
  const record = (await warningsStore().get(recordKey(message), { type: 'json' })) as AlertRecord | null;
  if (!record) return null;
  if (record.stats) return record.stats;
  return (await deliveryStats(record, data?.messages.find((m) => m.id === message))).stats;
}

/** The run with production parts: the runtime's clock and mail transport, this deploy's warnings data, settings from the environment. */
export async function runScheduledWarningAlerts(): Promise<WarningAlertReport> {
  const rt = runtime();
  const data = await loadWarningAlertsData(warningsFile());
  return runWarningAlerts({ now: rt.now(), data, settings: readWarningAlertSettings(), siteUrl: rt.settings().siteUrl ?? data.site.url, transport: rt.mail() });
}
