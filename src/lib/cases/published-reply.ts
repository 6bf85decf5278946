/**
 * 答复选登: a letter and its reply published, with the writer's consent, after a
 * preview in which the writer's name and contact details are removed; the
 * personal-data scan flags what remains (an address or a number in the text),
 * and the office either edits it out or confirms it may stay (a public hotline).
 */
import { findPersonalData, type PersonalDataFinding } from '../pii-scan.ts';
import { shanghaiDate, type CalendarDate } from '../time.ts';
import { checkFreeText } from '../visible-text.ts';
import type { CaseRecord } from './case.ts';
import { LETTER_PURPOSES, LETTER_TOPICS, type LetterPurpose, type LetterTopic } from '../letters/letters.ts';

export const PUBLISHED_REPLY_VERSION = 1;

/** What is published: no sender, no contact, no receipt-time detail beyond the day. */
export interface PublishedReply {
  version: typeof PUBLISHED_REPLY_VERSION;
  /** The page's id: the receipt number (it names no one). */
  receipt: string;
  purpose: LetterPurpose;
  topic: LetterTopic;
  unit: string;
  title: string;
  question: string;
  reply: string;
  askedOn: CalendarDate;
  repliedOn: CalendarDate;
  publishedOn: CalendarDate;
}

export interface PublicationText {
  title: string;
  question: string;
  reply: string;
}

const REMOVED = '（已隐去）';

/** The sender's own data written anywhere in the text, replaced. */
export function withoutSender(text: string, c: Pick<CaseRecord, 'sender'>): string {
  const values = [c.sender.name, c.sender.contact?.value, c.sender.identity, c.sender.address].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return values.reduce((t, v) => t.replaceAll(v, REMOVED), text);
}

/** Why a case cannot be published at all, or null. */
export function publicationBlocker(c: Pick<CaseRecord, 'kind' | 'status' | 'letter' | 'reply'>): string | null {
  if (c.kind !== 'letter' || !c.letter) return '只有网上来信可以选登';
  if (!c.letter.publish) return '来信人未同意公开，不能选登';
  if (!c.reply || (c.status !== 'replied' && c.status !== 'closed')) return '答复后才能选登';
  return null;
}

/** The text the office starts from: title, letter and reply with the sender's data removed, and what the scan still finds. */
export function publicationPreview(c: CaseRecord): { text: PublicationText; findings: PersonalDataFinding[] } {
  const line = (label: string) => c.submission.find((s) => s.label === label)?.value ?? '';
  const text = { title: withoutSender(line('标题'), c), question: withoutSender(line('信件内容'), c), reply: withoutSender(c.reply?.text ?? '', c) };
  return { text, findings: scanPublication(text) };
}

export function scanPublication(text: PublicationText): PersonalDataFinding[] {
  return [text.title, text.question, text.reply].flatMap((t) => findPersonalData(t));
}

export type PublicationCheck = { ok: true; published: PublishedReply } | { ok: false; message: string; findings: PersonalDataFinding[] };

/**
 * The reply as published from the office's edited text on `today`. Flagged
 * personal data must be edited out, or confirmed (`confirmedFindings`: the values
 * the office saw and confirmed may stay); the sender's own data never stays.
 */
export function checkPublication(c: CaseRecord, text: PublicationText, confirmedFindings: readonly string[], today: CalendarDate): PublicationCheck {
  const blocker = publicationBlocker(c);
  if (blocker) return { ok: false, message: blocker, findings: [] };
  const clean = { title: text.title.trim(), question: text.question.replace(/\r\n?/g, '\n').trim(), reply: text.reply.replace(/\r\n?/g, '\n').trim() };
  if (!checkFreeText(clean.title, { singleLine: true, maxChars: 60 }).ok) return { ok: false, message: '请填写标题（60 字以内，单行）', findings: [] };
  if (!checkFreeText(clean.question, { singleLine: false, maxChars: 5000 }).ok || !checkFreeText(clean.reply, { singleLine: false, maxChars: 5000 }).ok) return { ok: false, message: '来信内容和答复内容都不能为空，且各不超过 5000 字', findings: [] };
  if (withoutSender(`${clean.title}\n${clean.question}\n${clean.reply}`, c) !== `${clean.title}\n${clean.question}\n${clean.reply}`) {
    return { ok: false, message: '选登内容仍含有来信人的姓名或联系方式，请删除后再发布', findings: [] };
  }
  const findings = scanPublication(clean).filter((f) => !confirmedFindings.includes(f.value));
  if (findings.length > 0) return { ok: false, message: `选登内容中有 ${findings.length} 处疑似个人信息，请删除或逐项确认可以公开`, findings };
  const letter = c.letter!;
  return {
    ok: true,
    published: { version: PUBLISHED_REPLY_VERSION, receipt: c.receipt, purpose: letter.purpose, topic: letter.topic, unit: c.unit.name, ...clean, askedOn: c.receivedOn, repliedOn: shanghaiDate(new Date(c.reply!.at)), publishedOn: today },
  };
}

export function publishedReplyLabels(p: PublishedReply): { purpose: string; topic: string } {
  return { purpose: LETTER_PURPOSES[p.purpose], topic: LETTER_TOPICS[p.topic] };
}
