/**
 * The audit trail of a case: every action appends an entry (who, when, what,
 * the state before and after), each entry carrying the hash of the one before,
 * so that a changed, inserted or removed entry breaks the chain. The last
 * entry's `after` must equal the case's current state, which catches entries
 * cut off at the end.
 */
import { createHash } from 'node:crypto';
import type { CaseStatus, HandlingType } from './kinds.ts';
import type { CalendarDate } from '../time.ts';

/** The part of a case that actions change and the trail records. */
export interface CaseState {
  status: CaseStatus;
  unit: string;
  handling: HandlingType;
  dueDate: CalendarDate | null;
  extensionDays: number;
  /** SHA-256 of the reply text, or null before a reply. */
  reply: string | null;
}

export type AuditDetail = Record<string, string | number | null>;

export interface AuditEntry {
  seq: number;
  /** ISO instant. */
  at: string;
  /** Who: a staff address, or `system:<part>`. */
  actor: string;
  action: string;
  before: CaseState | null;
  after: CaseState;
  detail: AuditDetail | null;
  prev: string;
  hash: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The chain's anchor binds it to its receipt number: a trail moved to another case does not verify. */
export function genesisHash(receipt: string): string {
  return sha256(`gongkai-case\n${receipt}`);
}

function entryHash(receipt: string, e: Omit<AuditEntry, 'hash'>): string {
  return sha256(JSON.stringify([receipt, e.seq, e.at, e.actor, e.action, e.before, e.after, e.detail, e.prev]));
}

export function textDigest(text: string): string {
  return sha256(text);
}

/** The trail with one more entry. */
export function appendEntry(
  receipt: string,
  trail: readonly AuditEntry[],
  entry: { at: string; actor: string; action: string; before: CaseState | null; after: CaseState; detail?: AuditDetail | null },
): AuditEntry[] {
  const last = trail.at(-1);
  const body: Omit<AuditEntry, 'hash'> = {
    seq: (last?.seq ?? 0) + 1,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    before: entry.before,
    after: entry.after,
    detail: entry.detail ?? null,
    prev: last?.hash ?? genesisHash(receipt),
  };
  return [...trail, { ...body, hash: entryHash(receipt, body) }];
}

export type ChainCheck = { ok: true; entries: number; head: string } | { ok: false; seq: number; reason: string };

function sameState(a: CaseState, b: CaseState): boolean {
  return a.status === b.status && a.unit === b.unit && a.handling === b.handling && a.dueDate === b.dueDate && a.extensionDays === b.extensionDays && a.reply === b.reply;
}

/** Checks every link, and that the last entry describes `current`. The reason is Chinese (shown to the office). */
export function verifyChain(receipt: string, trail: readonly AuditEntry[], current: CaseState): ChainCheck {
  if (trail.length === 0) return { ok: false, seq: 0, reason: '办理记录为空' };
  let prev = genesisHash(receipt);
  for (let i = 0; i < trail.length; i++) {
    const e = trail[i]!;
    if (e.seq !== i + 1) return { ok: false, seq: i + 1, reason: `第 ${i + 1} 条记录的序号为 ${e.seq}，记录被删除或插入` };
    if (e.prev !== prev) return { ok: false, seq: e.seq, reason: `第 ${e.seq} 条记录与上一条记录不衔接，记录被删除、插入或改动` };
    const { hash, ...body } = e;
    if (entryHash(receipt, body) !== hash) return { ok: false, seq: e.seq, reason: `第 ${e.seq} 条记录的内容与其校验值不符，记录被改动` };
    if (i > 0 && e.before && !sameState(e.before, trail[i - 1]!.after)) return { ok: false, seq: e.seq, reason: `第 ${e.seq} 条记录的操作前状态与上一条记录的结果不一致` };
    prev = hash;
  }
  const last = trail.at(-1)!;
  if (!sameState(last.after, current)) return { ok: false, seq: last.seq, reason: '办件当前状态与最后一条记录不一致，末尾的记录可能被删除，或办件被绕过记录改动' };
  return { ok: true, entries: trail.length, head: last.hash };
}
