/**
 * What the staff workspace (办理平台) does, apart from drawing pages: the queue
 * a signed-in person may see, a case (its reading recorded in the access log),
 * an action posted from the case page, a case registered from another channel,
 * the queue as CSV, the office's check of an audit chain, and what the sender
 * sees on the receipt page. Pages call these and render what they return.
 */
import { randomBytes } from 'node:crypto';
import { verifyChain, type ChainCheck } from '../lib/cases/audit.ts';
import { isPauseCause, treatedAsWithdrawn } from '../lib/applications/clock.ts';
import { replyLines } from '../lib/applications/reply-types.ts';
import { ACTION_LABELS, applyAction, canSee, createCase, isAnswered, stateOf, type Actor, type CaseAction, type CaseAttachment, type CaseRecord, type CaseUnit, type QueueRow } from '../lib/cases/case.ts';
import { DUE_STATE_LABELS, dueState, type DueState } from '../lib/cases/deadline.ts';
import { CASE_CHANNELS, CASE_KINDS, CASE_STATUSES, HANDLING_TYPES, isCaseChannel, isCaseKind, isCaseStatus, isHandlingType, type CaseKind } from '../lib/cases/kinds.ts';
import { hashQueryCode, queryCodeFromBytes, queryCodeMatches } from '../lib/cases/query-code.ts';
import { filterQueue, judgeQueue, mergeQueues, type QueueEntry, type QueueFilter } from '../lib/cases/queue.ts';
import { caseReplyNoticeMail } from '../lib/cases/sender-mail.ts';
import type { CaseLimits } from '../lib/cases/time-limits.ts';
import { parseContact, type ContactDetail } from '../lib/comment-submission.ts';
import { toCsv } from '../lib/csv.ts';
import { officialCalendar } from '../lib/official-calendar.ts';
import { receiptNumberFromBytes } from '../lib/receipt-number.ts';
import { formatChineseDate, shanghaiDate, type CalendarDate } from '../lib/time.ts';
import { checkFreeText } from '../lib/visible-text.ts';
import { ATTACHMENT_KINDS } from '../lib/attachment-type.ts';
import { recordPersonalDataRead } from './access-log.ts';
import { commentsStore } from './comment-stores.ts';
import { eraseCaseSender } from './erasure.ts';
import { createCaseRecord, readCase, unitQueues, updateCase, type UnitQueue } from './case-store.ts';
import type { MailTransport } from './mail-transport.ts';
import { deliver, enqueue, receiptMails } from './outbox.ts';
import { knownUnits, type StaffSession } from './staff-auth.ts';

export const QUEUE_PAGE_SIZE = 50;
const DUE_STATES: readonly DueState[] = ['overdue', 'due-soon', 'on-track', 'stopped', 'answered'];

export interface QueueQuery {
  filter: QueueFilter;
  /** Office only: one unit's queue; null for every unit. */
  unit: string | null;
  page: number;
}

export function parseQueueQuery(url: URL, actor: Actor): QueueQuery {
  const p = url.searchParams;
  const status = p.get('status') ?? 'open';
  const kind = p.get('kind') ?? '';
  const due = p.get('due') ?? '';
  const page = Number(p.get('page') ?? '1');
  return {
    filter: {
      status: status === 'all' ? undefined : status === 'open' || isCaseStatus(status) ? status : 'open',
      kind: isCaseKind(kind) ? kind : undefined,
      due: (DUE_STATES as readonly string[]).includes(due) ? (due as DueState) : undefined,
    },
    unit: actor.kind === 'unit' ? actor.unit : /^[a-z0-9][a-z0-9-]{0,63}$/.test(p.get('unit') ?? '') ? p.get('unit') : null,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

export interface QueueView {
  entries: QueueEntry[];
  total: number;
  page: number;
  pages: number;
  /** Open cases per due state, before the due filter (the queue's summary line). */
  counts: Record<DueState, number>;
}

/**
 * Queues judged on a day, kept while their rows are unchanged: a warm instance
 * judges and orders a unit's queue once a day and again only after it changed,
 * and joins the units' ordered queues for the office only when one of them changed.
 */
const judgedQueues = new WeakMap<readonly QueueRow[], { day: string; entries: readonly QueueEntry[] }>();
let officeQueue: { day: string; parts: readonly (readonly QueueRow[])[]; entries: readonly QueueEntry[] } | null = null;

function judged(queue: UnitQueue, day: string, today: CalendarDate, limits: CaseLimits): readonly QueueEntry[] {
  const cached = judgedQueues.get(queue.rows);
  if (cached?.day === day) return cached.entries;
  const entries = judgeQueue(queue.rows, today, limits.remindWithinDays, officialCalendar);
  judgedQueues.set(queue.rows, { day, entries });
  return entries;
}

/** The unit's (or for null every unit's) cases with their due state today, in queue order. */
async function orderedQueue(unit: string | null, now: Date, limits: CaseLimits): Promise<readonly QueueEntry[]> {
  const today = shanghaiDate(now);
  const day = `${today}\n${limits.remindWithinDays}`;
  const queues = await unitQueues(unit);
  if (unit !== null) return queues.length === 1 ? judged(queues[0]!, day, today, limits) : [];
  const parts = queues.map((q) => q.rows);
  if (officeQueue?.day === day && officeQueue.parts.length === parts.length && officeQueue.parts.every((p, i) => p === parts[i])) return officeQueue.entries;
  const entries = mergeQueues(queues.map((q) => judged(q, day, today, limits)));
  officeQueue = { day, parts, entries };
  return entries;
}

/** A queue's entries for a status and kind, with their counts per due state, kept for as long as the queue is. */
type FilteredQueue = { entries: readonly QueueEntry[]; counts: Record<DueState, number> };
const filteredQueues = new WeakMap<readonly QueueEntry[], Map<string, FilteredQueue>>();

function filteredQueue(queue: readonly QueueEntry[], filter: QueueFilter): FilteredQueue {
  const key = `${filter.status ?? ''}\n${filter.kind ?? ''}`;
  const known = filteredQueues.get(queue) ?? new Map<string, FilteredQueue>();
  filteredQueues.set(queue, known);
  const cached = known.get(key);
  if (cached) return cached;
  const entries = filterQueue(queue, { ...filter, due: undefined });
  const counts = Object.fromEntries(DUE_STATES.map((d) => [d, 0])) as Record<DueState, number>;
  for (const e of entries) counts[e.due]++;
  const result = { entries, counts };
  known.set(key, result);
  return result;
}

export async function loadQueue(query: QueueQuery, now: Date, limits: CaseLimits): Promise<QueueView> {
  const { entries: all, counts } = filteredQueue(await orderedQueue(query.unit, now, limits), query.filter);
  const filtered = query.filter.due ? all.filter((e) => e.due === query.filter.due) : all;
  const pages = Math.max(1, Math.ceil(filtered.length / QUEUE_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  return { entries: filtered.slice((page - 1) * QUEUE_PAGE_SIZE, page * QUEUE_PAGE_SIZE), total: filtered.length, page, pages, counts };
}

/** The queue as the office or a unit opens it in a spreadsheet: no personal data (subjects only). */
export async function queueCsv(query: QueueQuery, now: Date, limits: CaseLimits): Promise<string> {
  const rows = filterQueue(await orderedQueue(query.unit, now, limits), query.filter);
  return toCsv(
    ['回执编号', '类别', '来源', '事项', '承办单位', '办理类型', '状态', '接收日期', '办理期限', '期限情况'],
    rows.map((r) => [r.receipt, CASE_KINDS[r.kind], CASE_CHANNELS[r.channel], r.subject, r.unit, HANDLING_TYPES[r.handling], CASE_STATUSES[r.status], r.receivedOn, r.dueDate ?? '暂停计时', DUE_STATE_LABELS[r.due]]),
  );
}

function reader(session: StaffSession) {
  return { kind: 'staff' as const, id: session.person.email, name: session.person.name, unit: session.person.unit?.id ?? null };
}

/** The case for a signed-in person, or null (another unit's case does not exist for them). Recorded as a read of personal data. */
export async function openCase(session: StaffSession, receipt: string, now: Date): Promise<{ record: CaseRecord; etag: string } | null> {
  const found = await readCase(receipt);
  if (!found || !canSee(session.actor, found.record)) return null;
  await recordPersonalDataRead({ reader: reader(session), action: 'case-view', subject: receipt, format: 'html', records: 1 }, now);
  return found;
}

/**
 * An attachment of a case (a report's photo) for a signed-in person who may see
 * the case, recorded in the access log before it is handed out; null when the
 * case, the attachment or its bytes are not there, or the case is another unit's.
 */
export async function openCaseAttachment(session: StaffSession, receipt: string, index: number, now: Date): Promise<{ receipt: string; attachment: CaseAttachment; data: ArrayBuffer; extension: string } | null> {
  const found = await readCase(receipt);
  if (!found || !canSee(session.actor, found.record) || !Number.isInteger(index) || index < 0) return null;
  const attachment = found.record.attachments[index];
  if (!attachment) return null;
  // Intake keeps attachments beside its own records (a report's photo under report-photos/).
  const data = await commentsStore().get(attachment.key, { type: 'arrayBuffer' });
  if (!data) return null;
  const extension = Object.values(ATTACHMENT_KINDS).find((k) => k.mime === attachment.contentType)?.extension ?? 'bin';
  await recordPersonalDataRead({ reader: reader(session), action: 'report-photo', subject: receipt, format: extension, records: 1 }, now);
  return { receipt, attachment, data, extension };
}

export type ActionOutcome =
  | { kind: 'updated'; record: CaseRecord; message: string }
  | { kind: 'conflict'; current: CaseRecord; message: string; preserved: Record<string, string> }
  | { kind: 'refused'; current: CaseRecord; message: string; preserved: Record<string, string> }
  | { kind: 'not-found' };

/** The action fields a case page form posts. */
export const ACTION_FIELDS = ['action', 'revision', 'unit', 'reason', 'days', 'handling', 'text', 'cause', 'replyType', 'access', 'basis', 'responsibleBody', 'responsibleContact'] as const;

async function unitById(id: string, current: CaseUnit): Promise<CaseUnit | null> {
  if (id === current.id) return current;
  return (await knownUnits()).find((u) => u.id === id) ?? null;
}

type PostedAction = Exclude<CaseAction, { type: 'assign' | 'transfer' }> | { type: 'assign' | 'transfer'; unitId: string; reason: string };

function parseAction(fields: ReadonlyMap<string, string>): { action: PostedAction; revision: number } | string {
  const type = fields.get('action') ?? '';
  const revision = Number(fields.get('revision') ?? '');
  if (!Number.isInteger(revision) || revision < 1) return '表单缺少版本信息，请刷新办件页面后重新操作';
  const reason = fields.get('reason') ?? '';
  const text = fields.get('text') ?? '';
  switch (type) {
    case 'start':
    case 'resume':
    case 'close':
    case 'withdraw':
      return { action: { type }, revision };
    case 'suspend': {
      const cause = fields.get('cause') ?? '';
      if (cause === '') return { action: { type, reason }, revision };
      return isPauseCause(cause) ? { action: { type, reason, cause }, revision } : '请选择暂停计时的原因';
    }
    case 'erase-sender':
      return { action: { type, reason }, revision };
    case 'note':
    case 'complete-correction':
      return { action: { type, text }, revision };
    case 'reply': {
      // An application's reply: its type (第三十六条) and the parts that type must carry.
      const replyType = fields.get('replyType');
      if (replyType === undefined) return { action: { type, text }, revision };
      const part = (name: string) => fields.get(name) ?? '';
      return { action: { type, text, application: { type: replyType, access: part('access'), reason, basis: part('basis'), responsibleBody: part('responsibleBody'), responsibleContact: part('responsibleContact') } }, revision };
    }
    case 'request-correction': {
      const days = Number((fields.get('days') ?? '').trim());
      return { action: { type, items: text, periodDays: Number.isInteger(days) ? days : -1 }, revision };
    }
    case 'extend': {
      const days = Number((fields.get('days') ?? '').trim());
      return { action: { type, days: Number.isInteger(days) ? days : -1, reason }, revision };
    }
    case 'set-handling': {
      const handling = fields.get('handling') ?? '';
      return isHandlingType(handling) ? { action: { type, handling }, revision } : '请选择办理类型';
    }
    case 'assign':
    case 'transfer':
      return { action: { type, unitId: fields.get('unit') ?? '', reason }, revision };
    default:
      return '无法识别的操作，请从办件页面重新操作';
  }
}

export interface ActionContext {
  now: Date;
  limits: CaseLimits;
  transport: MailTransport;
  siteName: string;
  siteUrl: string | null;
}

export async function performCaseAction(session: StaffSession, receipt: string, fields: ReadonlyMap<string, string>, ctx: ActionContext): Promise<ActionOutcome> {
  const found = await readCase(receipt);
  if (!found || !canSee(session.actor, found.record)) return { kind: 'not-found' };
  const preserved = Object.fromEntries(ACTION_FIELDS.filter((f) => fields.has(f)).map((f) => [f, fields.get(f)!]));
  const parsed = parseAction(fields);
  if (typeof parsed === 'string') return { kind: 'refused', current: found.record, message: parsed, preserved };
  let action: CaseAction;
  const posted = parsed.action;
  if (posted.type === 'assign' || posted.type === 'transfer') {
    const unit = await unitById(posted.unitId, found.record.unit);
    if (!unit) return { kind: 'refused', current: found.record, message: '请选择已登记的承办单位', preserved };
    action = posted.type === 'assign' ? { type: 'assign', unit } : { type: 'transfer', unit, reason: posted.reason };
  } else action = posted as Exclude<PostedAction, { unitId: string }>;

  if (action.type === 'erase-sender') return eraseSender(session, found.record, parsed.revision, action.reason, ctx, preserved);

  const result = await updateCase({ receipt, revision: parsed.revision, action, actor: session.actor, now: ctx.now, limits: ctx.limits, calendar: officialCalendar });
  switch (result.status) {
    case 'not-found':
      return { kind: 'not-found' };
    case 'conflict':
      return { kind: 'conflict', current: result.current, preserved, message: CONFLICT_MESSAGE };
    case 'refused':
      return { kind: 'refused', current: result.current, preserved, message: result.refusal.message };
    case 'updated':
      if (action.type === 'reply') await tellSender(result.record, ctx);
      return { kind: 'updated', record: result.record, message: `操作已保存：${ACTION_LABELS[action.type]}。` };
  }
}

const CONFLICT_MESSAGE = '您的操作未保存：该办件在您打开页面后已被他人更新。以下是最新情况，您填写的内容已保留，请核对后重新提交。';

/**
 * The sender's name and contact details erased everywhere they are kept: the
 * case (its audit trail names the staff member and the reason), the report
 * record and mail still waiting to go out. Checked as the case action first,
 * so a refused erasure (no reason, already erased, a stale page) touches nothing.
 */
async function eraseSender(session: StaffSession, current: CaseRecord, revision: number, reason: string, ctx: ActionContext, preserved: Record<string, string>): Promise<ActionOutcome> {
  if (revision !== current.revision) return { kind: 'conflict', current, preserved, message: CONFLICT_MESSAGE };
  const check = applyAction(current, { type: 'erase-sender', reason }, session.actor, ctx.now, ctx.limits, officialCalendar);
  if (!check.ok) return { kind: 'refused', current, preserved, message: check.refusal.message };
  const outcome = await eraseCaseSender(current.receipt, 'staff', session.actor, reason, ctx.now);
  const latest = await readCase(current.receipt);
  if (!latest) return { kind: 'not-found' };
  if (outcome === 'erased') return { kind: 'updated', record: latest.record, message: `操作已保存：${ACTION_LABELS['erase-sender']}。` };
  if (outcome === 'conflict') return { kind: 'conflict', current: latest.record, preserved, message: CONFLICT_MESSAGE };
  return { kind: 'refused', current: latest.record, preserved, message: '提交人个人信息已删除' };
}

/** The sender hears that the case is answered (when they gave an e-mail address); the mail waits in the outbox if SMTP is down. */
async function tellSender(record: CaseRecord, ctx: ActionContext): Promise<void> {
  const contact = record.sender.contact;
  if (contact?.kind !== 'email' || !record.reply) return;
  const draft = caseReplyNoticeMail({ to: contact.value, receipt: record.receipt, kind: record.kind, unitName: record.unit.name, repliedAt: new Date(record.reply.at), siteName: ctx.siteName, siteUrl: ctx.siteUrl });
  const [mail] = receiptMails([draft], { receipt: record.receipt, consultation: `cases:${record.kind}`, attachment: null, createdAt: record.reply.at }, ctx.now.toISOString()).map((m) => ({ ...m, id: `${record.receipt}-reply-${record.revision}` }));
  const ids = await enqueue([mail!]);
  for (const id of ids) await deliver(id, ctx.transport, ctx.now).catch((error: unknown) => console.error(`[cases] reply notice ${id} left in the outbox`, error));
}

export const REGISTER_FIELDS = ['kind', 'channel', 'unit', 'handling', 'subject', 'content', 'name', 'contact'] as const;

export type Registration = { ok: true; record: CaseRecord; queryCode: string } | { ok: false; errors: string[]; preserved: Record<string, string> };

const line = (v: string, label: string, max: number, errors: string[]) => {
  const t = v.trim();
  const c = checkFreeText(t, { singleLine: true, maxChars: max });
  if (!c.ok) errors.push(c.problem === 'too-long' ? `${label}不能超过 ${max} 个字` : c.problem === 'empty' || c.problem === 'invisible' ? `请填写${label}` : `${label}含有无法识别的字符`);
  return t;
};

/** A case that came in by phone, visit or letter, registered by staff; the query code is shown once, to tell the sender. */
export async function registerCase(session: StaffSession, fields: ReadonlyMap<string, string>, ctx: { now: Date; limits: CaseLimits; queryCodeKey: string }): Promise<Registration> {
  const get = (f: (typeof REGISTER_FIELDS)[number]) => fields.get(f) ?? '';
  const preserved = Object.fromEntries(REGISTER_FIELDS.map((f) => [f, get(f)]));
  const errors: string[] = [];
  const kind = get('kind');
  const channel = get('channel');
  const handling = get('handling');
  if (!isCaseKind(kind)) errors.push('请选择办件类别');
  if (!isCaseChannel(channel) || channel === 'online') errors.push('请选择来源渠道（电话、来访或信件）');
  if (!isHandlingType(handling)) errors.push('请选择办理类型');
  const unitId = session.actor.kind === 'unit' ? session.actor.unit : get('unit');
  const unit = session.person.unit && session.person.unit.id === unitId ? session.person.unit : (await knownUnits()).find((u) => u.id === unitId);
  if (!unit) errors.push('请选择已登记的承办单位');
  const subject = line(get('subject'), '事项摘要', 60, errors);
  const content = get('content').replace(/\r\n?/g, '\n').trim();
  const check = checkFreeText(content, { singleLine: false, maxChars: 5000 });
  if (!check.ok) errors.push(check.problem === 'too-long' ? '反映内容不能超过 5000 个字' : check.problem === 'control' ? '反映内容含有无法识别的控制字符' : '请填写反映内容');
  const name = get('name').trim();
  if (name && !checkFreeText(name, { singleLine: true, maxChars: 50 }).ok) errors.push('姓名不能超过 50 个字，且不能含控制字符');
  let contact: ContactDetail | null = null;
  if (get('contact').trim()) {
    contact = parseContact(get('contact'));
    if (!contact) errors.push('联系方式应为电子邮箱或电话号码');
  }
  if (errors.length > 0 || !unit || !isCaseKind(kind) || !isCaseChannel(channel) || !isHandlingType(handling)) return { ok: false, errors, preserved };

  const code = queryCodeFromBytes(randomBytes(5));
  for (let attempt = 0; attempt < 8; attempt++) {
    const receipt = receiptNumberFromBytes(shanghaiDate(ctx.now), randomBytes(5), kind);
    const record = createCase(
      { receipt, kind, channel, subject, submission: [{ label: '反映内容', value: content }], sender: { name: name || null, contact }, attachments: [], receivedAt: ctx.now, unit, handling, queryCodeHash: hashQueryCode(code, receipt, ctx.queryCodeKey) },
      session.actor,
      ctx.limits,
      officialCalendar,
    );
    const stored = await createCaseRecord(record);
    if (stored.outcome === 'created') return { ok: true, record, queryCode: code };
  }
  throw new Error('No free receipt number for a registered case');
}

/** The office checks a case's audit chain (null: not the office, or no such case). */
export async function checkAuditChain(session: StaffSession, receipt: string): Promise<ChainCheck | null> {
  if (session.actor.kind !== 'office') return null;
  const found = await readCase(receipt);
  return found ? verifyChain(receipt, found.record.history, stateOf(found.record)) : null;
}

/** What the receipt page shows a sender: status, unit, handling type, due date; the reply only with the right query code. */
export interface SenderCaseView {
  receipt: string;
  kind: string;
  receivedAt: string;
  status: string;
  unit: string;
  handling: string;
  dueDate: string | null;
  due: DueState;
  reply: { text: string; at: string; /** An application's reply: its type and parts, label by label. */ lines: { label: string; value: string }[] } | null;
  /** An application's request to complete (补正), with the right query code: what is missing and by when. */
  correction: { items: string; dueOn: string; completedOn: string | null; open: boolean } | null;
  /** Whether a query code was given and did not match. */
  codeRefused: boolean;
}

export async function senderCaseView(receipt: string, queryCode: string | null, key: string, now: Date, limits: CaseLimits): Promise<SenderCaseView | null> {
  const found = await readCase(receipt);
  if (!found) return null;
  const c = found.record;
  const codeOk = queryCode !== null && queryCode.trim() !== '' && queryCodeMatches(queryCode, receipt, c.queryCodeHash, key);
  return {
    receipt,
    kind: CASE_KINDS[c.kind as CaseKind],
    receivedAt: c.receivedAt,
    status: CASE_STATUSES[c.status],
    unit: c.unit.name,
    handling: HANDLING_TYPES[c.handling],
    dueDate: c.dueDate ? formatChineseDate(c.dueDate) : null,
    due: dueState({ dueDate: c.dueDate, answered: isAnswered(c) }, shanghaiDate(now), limits.remindWithinDays, officialCalendar),
    reply: codeOk && c.reply ? { text: c.reply.text, at: c.reply.at, lines: c.reply.application ? replyLines(c.reply.application) : [{ label: '答复内容', value: c.reply.text }] } : null,
    correction: codeOk && c.correction ? { items: c.correction.items, dueOn: formatChineseDate(c.correction.dueOn), completedOn: c.correction.completedOn ? formatChineseDate(c.correction.completedOn) : null, open: c.status === 'suspended' && c.correction.completedOn === null && !treatedAsWithdrawn(c.correction, shanghaiDate(now)) } : null,
    codeRefused: queryCode !== null && queryCode.trim() !== '' && !codeOk,
  };
}
