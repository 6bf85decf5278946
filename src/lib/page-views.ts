/**
 * What each page the intake answers with shows (src/components/answers/): the props of those
 * components, typed here so that TypeScript modules rendering them (src/server/pages.ts) are checked.
 */
import type { CommentFormView } from './comment-form.ts';
import type { SubscriptionScope } from './notification-plan.ts';

export type Tone = 'info' | 'success' | 'warning' | 'danger';

/** The section an answer belongs to, linked in its trail. */
export interface Section {
  label: string;
  href: string;
}

export interface Link {
  href: string;
  label: string;
}

/** A refusal or notice that has no form to show again. */
export interface MessageView {
  section?: Section | undefined;
  title: string;
  tone: Tone;
  paragraphs: readonly string[];
  links?: readonly Link[] | undefined;
  /** What the person typed, shown for copying when it could not be submitted here. */
  preservedText?: string | undefined;
}

export interface NoticeView {
  tone: Tone;
  title: string;
  text?: string | undefined;
}

/** The comment form again: after errors, or to confirm a post that came without a usable token. */
export interface CommentFormPageView {
  consultation: { title: string; path: string };
  form: CommentFormView;
  notice?: NoticeView | undefined;
}

/** What a comment's receipt proves: received, when, for which consultation. */
export interface ReceiptView {
  receipt: string;
  consultation: { title: string; path: string; closes: Date };
  receivedAt: Date;
  verificationCode: string;
  /** The commitment of the comment's ledger leaf (receipt, time, text, attachment), when kept. */
  ledgerCommitment: string | null;
  /** The signed tree head the comment was first included under; null until the next head. */
  ledgerHead: { sequence: number; treeSize: number; timestamp: string; root: string } | null;
  /** Exact received time as the ledger commits to it (ISO 8601, +08:00). */
  receivedAtIso: string;
  justSubmitted: boolean;
  /** Name or contact details are still kept with the comment (the sender may withdraw them). */
  holdsContact: boolean;
}

/** What a report's receipt proves: received, when, passed to which unit. */
export interface ReportReceiptView {
  receipt: string;
  receivedAt: Date;
  waterBody: { name: string; path: string | null } | null;
  unit: string;
  project: { title: string; path: string } | null;
  /** Contact details are still kept with the report. */
  holdsContact: boolean;
  /** How the report is being handled (its case); null when no case was opened. */
  handling: CaseStatusView | null;
}

/** What the sender sees of a case: its handling without the query code, the reply only with it. */
export interface CaseStatusView {
  status: string;
  unit: string;
  handling: string;
  /** 2026年10月19日, or null while the clock is stopped. */
  dueDate: string | null;
  overdue: boolean;
  reply: { text: string; at: Date } | null;
  /** A query code was given and did not match. */
  codeRefused: boolean;
}

/** The receipt lookup again: the number was malformed (error at the field) or not found. */
export interface ReceiptLookupView {
  value: string;
  error: string;
  notFound: boolean;
}

/** The subscription form again, with the address typed and why it was not accepted. */
export interface SubscribeFormPageView {
  /** What is followed, as the page names it. */
  label: string;
  path: string;
  scope: SubscriptionScope;
  target: string;
  email: string;
  error: string;
}

/** One button to unsubscribe. */
export interface UnsubscribeView {
  token: string;
  label: string;
}
