/**
 * A case (办件) and what staff do with it, as pure functions: a new case from an
 * intake or a registration, and `applyAction`, which checks an action against
 * the status machine and the actor's role and returns the case after it, with
 * its due date recomputed and the action appended to the audit trail.
 */
import { applicationDueDate, checkCorrectionCompletion, checkCorrectionRequest, checkExtension, isPauseCause, treatedAsWithdrawn, PAUSE_CAUSES, type Correction, type PauseCause } from '../applications/clock.ts';
import { checkApplicationReply, type ApplicationReply, type ApplicationReplyInput } from '../applications/reply-types.ts';
import type { ContactDetail } from '../comment-submission.ts';
import type { LetterAddress } from '../letters/letters.ts';
import { checkPublication, type PublicationText } from './published-reply.ts';
import { shanghaiDate, toShanghaiIso, type CalendarDate } from '../time.ts';
import { checkFreeText } from '../visible-text.ts';
import type { HolidayCalendar } from '../working-days.ts';
import { appendEntry, textDigest, type AuditDetail, type AuditEntry, type CaseState } from './audit.ts';
import { dueDate, type Suspension } from './deadline.ts';
import { ANSWERED_STATUSES, CASE_STATUS_IDS, CASE_STATUSES, HANDLING_TYPES, type CaseChannel, type CaseKind, type CaseStatus, type HandlingType } from './kinds.ts';
import { limitFor, type CaseLimits } from './time-limits.ts';

export const CASE_RECORD_VERSION = 1;

export interface CaseUnit {
  id: string;
  name: string;
  /** The unit's official mailbox: reminders go there. */
  email: string;
}

export interface CaseAttachment {
  key: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface CaseRecord {
  version: typeof CASE_RECORD_VERSION;
  receipt: string;
  kind: CaseKind;
  channel: CaseChannel;
  /** A short line for queues, without personal data. */
  subject: string;
  /** The original submission as the sender gave it, label by label. */
  submission: { label: string; value: string }[];
  /** Personal data: never published, never logged. */
  sender: { name: string | null; contact: ContactDetail | null; /** An applicant's identity document (第二十九条). */ identity?: string | null; /** A postal address, where the reply is to be posted. */ address?: string | null };
  attachments: CaseAttachment[];
  /** ISO 8601 with +08:00. */
  receivedAt: string;
  receivedOn: CalendarDate;
  unit: CaseUnit;
  handling: HandlingType;
  /** The handling type's limit when it was last set (working days). */
  limitDays: number;
  status: CaseStatus;
  /** While suspended: the status a resume returns to. */
  resumeTo: CaseStatus | null;
  extensions: { days: number; reason: string; on: CalendarDate }[];
  /** Clock stops: waiting for the sender, or (an application) for a third party's or another body's opinion. */
  suspensions: (Suspension & { reason: string; cause?: PauseCause })[];
  dueDate: CalendarDate | null;
  notes: { at: string; by: string; text: string }[];
  /** An application's reply also carries its type and what that type must say (第三十六条). */
  reply: { text: string; at: string; by: string; application?: ApplicationReply } | null;
  /** An application's request to complete (补正) and its completion. */
  correction?: (Correction & { items: string }) | null;
  /** A letter's mailbox, purpose and topic. */
  letter?: LetterAddress | null;
  /** 答复选登: when the office published the letter and its reply (the published text has no personal data). */
  published?: { on: CalendarDate; by: string; title: string } | null;
  /** SHA-256 (keyed) of the private query code 查询码; the code itself is never stored. */
  queryCodeHash: string;
  /** Counts every change; a form carries the revision it was shown with. */
  revision: number;
  history: AuditEntry[];
}

/** Who acts: the disclosure office (everything) or one unit (its own cases); `system:*` for intakes and runs. */
export type Actor = { kind: 'office'; email: string } | { kind: 'unit'; email: string; unit: string } | { kind: 'system'; name: string };

export function actorName(actor: Actor): string {
  return actor.kind === 'system' ? `system:${actor.name}` : actor.email;
}

/** Whether the actor may see (and so act on) the case: a unit sees only its own. */
export function canSee(actor: Actor, c: Pick<CaseRecord, 'unit'>): boolean {
  return actor.kind !== 'unit' || actor.unit === c.unit.id;
}

export function stateOf(c: CaseRecord): CaseState {
  return {
    status: c.status,
    unit: c.unit.id,
    handling: c.handling,
    dueDate: c.dueDate,
    extensionDays: c.extensions.reduce((sum, e) => sum + e.days, 0),
    reply: c.reply ? textDigest(c.reply.text) : null,
  };
}

function computeDue(c: Pick<CaseRecord, 'kind' | 'receivedOn' | 'limitDays' | 'extensions' | 'suspensions' | 'correction'>, calendar: HolidayCalendar): CalendarDate | null {
  if (c.kind === 'application') return applicationDueDate({ receivedOn: c.receivedOn, limitDays: c.limitDays, extensions: c.extensions, pauses: c.suspensions, correction: c.correction ?? null }, calendar);
  const extra = c.extensions.reduce((sum, e) => sum + e.days, 0);
  return dueDate({ receivedOn: c.receivedOn, workingDays: c.limitDays + extra, suspensions: c.suspensions }, calendar);
}

export interface NewCase {
  receipt: string;
  kind: CaseKind;
  channel: CaseChannel;
  subject: string;
  submission: CaseRecord['submission'];
  sender: CaseRecord['sender'];
  attachments: CaseAttachment[];
  receivedAt: Date;
  unit: CaseUnit;
  handling: HandlingType;
  queryCodeHash: string;
  letter?: LetterAddress;
  /** The day of receipt when it is not the day the case is stored (第三十一条: a letter signed for earlier). */
  receivedOn?: CalendarDate;
}

export function createCase(input: NewCase, actor: Actor, limits: CaseLimits, calendar: HolidayCalendar): CaseRecord {
  const base = {
    version: CASE_RECORD_VERSION,
    receipt: input.receipt,
    kind: input.kind,
    channel: input.channel,
    subject: input.subject,
    submission: input.submission,
    sender: input.sender,
    attachments: input.attachments,
    receivedAt: toShanghaiIso(input.receivedAt),
    receivedOn: input.receivedOn ?? shanghaiDate(input.receivedAt),
    unit: input.unit,
    handling: input.handling,
    limitDays: limitFor(limits, input.kind, input.handling),
    status: 'received' as CaseStatus,
    resumeTo: null,
    extensions: [],
    suspensions: [],
    notes: [],
    reply: null,
    queryCodeHash: input.queryCodeHash,
    ...(input.kind === 'application' ? { correction: null } : {}),
    ...(input.letter ? { letter: input.letter } : {}),
    revision: 1,
    history: [] as AuditEntry[],
  } satisfies Omit<CaseRecord, 'dueDate'>;
  const record: CaseRecord = { ...base, dueDate: computeDue(base, calendar) };
  record.history = appendEntry(record.receipt, [], {
    at: input.receivedAt.toISOString(),
    actor: actorName(actor),
    action: 'receive',
    before: null,
    after: stateOf(record),
    detail: { channel: input.channel, unit: input.unit.name },
  });
  return record;
}

export type CaseAction =
  | { type: 'assign'; unit: CaseUnit }
  | { type: 'transfer'; unit: CaseUnit; reason: string }
  | { type: 'start' }
  | { type: 'set-handling'; handling: HandlingType }
  | { type: 'extend'; days: number; reason: string }
  /** An application pauses only for an opinion it needs (`cause`); other kinds wait for the sender. */
  | { type: 'suspend'; reason: string; cause?: PauseCause }
  | { type: 'resume' }
  /** An application: the request to complete (补正), with what is missing and the period in working days. */
  | { type: 'request-correction'; items: string; periodDays: number }
  /** An application: the completed application arrived (from the applicant with the query code, or registered by staff). */
  | { type: 'complete-correction'; text: string }
  /** An application whose period to complete has passed is treated as withdrawn. */
  | { type: 'withdraw' }
  /** 答复选登: the office publishes the letter and its reply as edited in the preview, confirming what the scan flagged. */
  | { type: 'publish'; text: PublicationText; confirmedFindings: readonly string[] }
  | { type: 'note'; text: string }
  /** An application's reply carries its type (第三十六条) and what that type must say. */
  | { type: 'reply'; text: string; application?: Omit<ApplicationReplyInput, 'text'> }
  | { type: 'close' }
  /** The sender's name and contact details are erased (their request, staff with a reason, or the retention period); the trail keeps the reason, never the data. */
  | { type: 'erase-sender'; reason: string };

export type CaseActionType = CaseAction['type'];

export const ACTION_LABELS: Record<CaseActionType | 'receive', string> = {
  receive: '接收',
  assign: '分派',
  transfer: '转办',
  start: '开始办理',
  'set-handling': '调整办理类型',
  extend: '延期',
  suspend: '暂停计时',
  resume: '恢复计时',
  'request-correction': '告知补正',
  'complete-correction': '收到补正',
  withdraw: '视为撤回',
  publish: '选登',
  note: '备注',
  reply: '答复',
  close: '办结',
  'erase-sender': '删除提交人个人信息',
};

/** Statuses each action may start from. */
const FROM: Record<CaseActionType, readonly CaseStatus[]> = {
  assign: ['received', 'assigned', 'in-progress'],
  transfer: ['received', 'assigned', 'in-progress'],
  start: ['received', 'assigned'],
  'set-handling': ['received', 'assigned', 'in-progress', 'suspended'],
  extend: ['received', 'assigned', 'in-progress', 'suspended'],
  suspend: ['received', 'assigned', 'in-progress'],
  resume: ['suspended'],
  'request-correction': ['received', 'assigned', 'in-progress'],
  'complete-correction': ['suspended'],
  withdraw: ['suspended'],
  publish: ['replied', 'closed'],
  note: ['received', 'assigned', 'in-progress', 'suspended', 'replied', 'closed', 'withdrawn'],
  reply: ['received', 'assigned', 'in-progress'],
  close: ['replied'],
  'erase-sender': CASE_STATUS_IDS,
};

/** Actions only the disclosure office may take. */
const OFFICE_ONLY: ReadonlySet<CaseActionType> = new Set(['assign', 'transfer', 'publish']);

/** Actions of the application clock only. */
const APPLICATION_ONLY: ReadonlySet<CaseActionType> = new Set(['request-correction', 'complete-correction', 'withdraw']);

export const REASON_MAX_CHARS = 500;
export const TEXT_MAX_CHARS = 5000;

export type ActionRefusal = { code: 'not-allowed' | 'wrong-status' | 'invalid'; message: string };
export type ActionResult = { ok: true; record: CaseRecord } | { ok: false; refusal: ActionRefusal };

function refuse(code: ActionRefusal['code'], message: string): ActionResult {
  return { ok: false, refusal: { code, message } };
}

/** Staff text (reasons, notes, replies) by the site's one free-text rule: what counts is what a reader sees. */
function text(value: string, label: string, max: number): string | ActionRefusal {
  const t = value.replace(/\r\n?/g, '\n').trim();
  const check = checkFreeText(t, { singleLine: false, maxChars: max });
  if (check.ok) return t;
  if (check.problem === 'control') return { code: 'invalid', message: `${label}含有无法识别的控制字符，请删除后重新提交` };
  if (check.problem === 'too-long') return { code: 'invalid', message: `${label}不能超过 ${max} 个字` };
  return { code: 'invalid', message: `请填写${label}` };
}

/**
 * The case after `action` by `actor` at `now`, or why not. Visibility is
 * checked by the caller (a case the actor cannot see does not exist for it).
 */
export function applyAction(c: CaseRecord, action: CaseAction, actor: Actor, now: Date, limits: CaseLimits, calendar: HolidayCalendar): ActionResult {
  if (OFFICE_ONLY.has(action.type) && actor.kind === 'unit') return refuse('not-allowed', action.type === 'publish' ? '只有政务公开办公室可以选登' : '只有政务公开办公室可以分派或转办');
  if (APPLICATION_ONLY.has(action.type) && c.kind !== 'application') return refuse('invalid', `只有依申请公开的办件可以${ACTION_LABELS[action.type]}`);
  if (!FROM[action.type].includes(c.status)) {
    return refuse('wrong-status', `当前状态为“${CASE_STATUSES[c.status]}”，不能${ACTION_LABELS[action.type]}`);
  }
  const today = shanghaiDate(now);
  const at = now.toISOString();
  const by = actorName(actor);
  const next: CaseRecord = { ...c, extensions: [...c.extensions], suspensions: [...c.suspensions], notes: [...c.notes] };
  let detail: AuditDetail | null = null;

  switch (action.type) {
    case 'assign':
    case 'transfer': {
      if (action.unit.id === c.unit.id && action.type === 'transfer') return refuse('invalid', '转办的单位与当前承办单位相同');
      if (action.type === 'transfer') {
        const reason = text(action.reason, '转办理由', REASON_MAX_CHARS);
        if (typeof reason !== 'string') return { ok: false, refusal: reason };
        detail = { from: c.unit.name, to: action.unit.name, reason };
      } else detail = { from: c.unit.name, to: action.unit.name };
      next.unit = action.unit;
      next.status = 'assigned';
      break;
    }
    case 'start':
      next.status = 'in-progress';
      break;
    case 'set-handling':
      if (action.handling === c.handling) return refuse('invalid', `办理类型已是“${HANDLING_TYPES[c.handling]}”`);
      next.handling = action.handling;
      next.limitDays = limitFor(limits, c.kind, action.handling);
      detail = { from: HANDLING_TYPES[c.handling], to: HANDLING_TYPES[action.handling], limitDays: next.limitDays };
      break;
    case 'extend': {
      const max = limits.kinds[c.kind].maxExtensionDays;
      if (c.kind === 'application') {
        const check = checkExtension(clockOf(c), action.days, max, today, calendar);
        if (!check.ok) return refuse('invalid', check.message);
      } else if (!Number.isInteger(action.days) || action.days < 1 || action.days > max) return refuse('invalid', `延期天数应为 1 至 ${max} 个工作日`);
      const reason = text(action.reason, '延期理由', REASON_MAX_CHARS);
      if (typeof reason !== 'string') return { ok: false, refusal: reason };
      next.extensions.push({ days: action.days, reason, on: today });
      detail = { days: action.days, reason };
      break;
    }
    case 'suspend': {
      const reason = text(action.reason, '暂停理由', REASON_MAX_CHARS);
      if (typeof reason !== 'string') return { ok: false, refusal: reason };
      if (c.kind === 'application' && (action.cause === undefined || !isPauseCause(action.cause))) return refuse('invalid', '依申请公开只有征求第三方或其他机关意见的时间不计入答复期限，请选择暂停原因');
      if (c.kind !== 'application' && action.cause !== undefined) return refuse('invalid', '只有依申请公开的办件可以因征求意见暂停计时');
      next.resumeTo = c.status;
      next.status = 'suspended';
      next.suspensions.push({ from: today, to: null, reason, ...(action.cause ? { cause: action.cause } : {}) });
      detail = action.cause ? { reason, cause: PAUSE_CAUSES[action.cause] } : { reason };
      break;
    }
    case 'request-correction': {
      const items = text(action.items, '需要补正的事项', TEXT_MAX_CHARS);
      if (typeof items !== 'string') return { ok: false, refusal: items };
      const check = checkCorrectionRequest(clockOf(c), today, action.periodDays, calendar);
      if (!check.ok) return refuse('invalid', check.message);
      next.correction = { ...check.correction, items };
      next.resumeTo = c.status;
      next.status = 'suspended';
      detail = { items, periodDays: action.periodDays, dueOn: check.correction.dueOn };
      break;
    }
    case 'complete-correction': {
      const completion = text(action.text, '补正内容', TEXT_MAX_CHARS);
      if (typeof completion !== 'string') return { ok: false, refusal: completion };
      const check = checkCorrectionCompletion(c.correction ?? null, today);
      if (!check.ok) return refuse('invalid', check.message);
      next.correction = { ...c.correction!, ...check.correction };
      next.submission = [...c.submission, { label: `补正内容（${today}）`, value: completion }];
      next.status = c.resumeTo ?? 'in-progress';
      next.resumeTo = null;
      detail = { completedOn: today };
      break;
    }
    case 'withdraw':
      if (!treatedAsWithdrawn(c.correction ?? null, today)) return refuse('invalid', c.correction?.completedOn === null ? `补正期限至 ${c.correction.dueOn}，期限届满前不能视为撤回` : '本申请没有待补正的事项');
      next.status = 'withdrawn';
      next.resumeTo = null;
      detail = { reason: `申请人逾期未补正（补正期限至 ${c.correction!.dueOn}），视为放弃申请` };
      break;
    case 'publish': {
      if (c.published) return refuse('invalid', '该来信已选登');
      const check = checkPublication(c, action.text, action.confirmedFindings, today);
      if (!check.ok) return refuse('invalid', check.message);
      next.published = { on: today, by, title: check.published.title };
      detail = { title: check.published.title, confirmed: action.confirmedFindings.length };
      break;
    }
    case 'resume': {
      if (c.correction && c.correction.completedOn === null) return refuse('invalid', '本申请在等待申请人补正，收到补正后计时');
      const open = next.suspensions.findIndex((s) => s.to === null);
      if (open >= 0) next.suspensions[open] = { ...next.suspensions[open]!, to: today };
      next.status = c.resumeTo ?? 'in-progress';
      next.resumeTo = null;
      break;
    }
    case 'note': {
      const t = text(action.text, '备注', TEXT_MAX_CHARS);
      if (typeof t !== 'string') return { ok: false, refusal: t };
      next.notes.push({ at, by, text: t });
      detail = { text: t };
      break;
    }
    case 'reply': {
      let application: ApplicationReply | undefined;
      if (c.kind === 'application') {
        const check = checkApplicationReply({ type: '', ...action.application, text: action.text });
        if (!check.ok) return refuse('invalid', check.errors.join('；'));
        application = check.reply;
      } else if (action.application) return refuse('invalid', '只有依申请公开的办件有答复类型');
      const t = text(action.text, '答复内容', TEXT_MAX_CHARS);
      if (typeof t !== 'string') return { ok: false, refusal: t };
      next.reply = { text: t, at, by, ...(application ? { application } : {}) };
      next.status = 'replied';
      detail = { text: t, onTime: c.dueDate === null || today <= c.dueDate ? 'yes' : 'no', ...(application ? { replyType: application.type } : {}) };
      break;
    }
    case 'close':
      next.status = 'closed';
      break;
    case 'erase-sender': {
      const reason = text(action.reason, '删除理由', REASON_MAX_CHARS);
      if (typeof reason !== 'string') return { ok: false, refusal: reason };
      const values = [c.sender.name, c.sender.contact?.value, c.sender.identity, c.sender.address].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
      if (values.length === 0) return refuse('invalid', '提交人个人信息已删除');
      next.sender = { name: null, contact: null };
      next.submission = c.submission.map((line) => ({ ...line, value: values.reduce((v, gone) => v.replaceAll(gone, '（已删除）'), line.value) }));
      detail = { reason };
      break;
    }
  }
  next.dueDate = computeDue(next, calendar);
  next.revision = c.revision + 1;
  next.history = appendEntry(c.receipt, c.history, { at, actor: by, action: action.type, before: stateOf(c), after: stateOf(next), detail });
  return { ok: true, record: next };
}

function clockOf(c: CaseRecord) {
  return { receivedOn: c.receivedOn, limitDays: c.limitDays, extensions: c.extensions, pauses: c.suspensions, correction: c.correction ?? null };
}

export function isAnswered(c: Pick<CaseRecord, 'status'>): boolean {
  return ANSWERED_STATUSES.has(c.status);
}

/** One line of a unit's queue: what the queue shows and sorts by, no personal data. */
export interface QueueRow {
  receipt: string;
  kind: CaseKind;
  channel: CaseChannel;
  subject: string;
  unit: string;
  status: CaseStatus;
  handling: HandlingType;
  receivedOn: CalendarDate;
  dueDate: CalendarDate | null;
  revision: number;
}

export function queueRow(c: CaseRecord): QueueRow {
  return { receipt: c.receipt, kind: c.kind, channel: c.channel, subject: c.subject, unit: c.unit.id, status: c.status, handling: c.handling, receivedOn: c.receivedOn, dueDate: c.dueDate, revision: c.revision };
}
