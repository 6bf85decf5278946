/**
 * 答复选登 in the store: the text without personal data is written under
 * `published/<receipt>` in the cases store first, then the office's publish action
 * goes into the case (the audit trail records who and when). Only replies whose case
 * says it is published are listed, so a crash between the two writes publishes
 * nothing, and trying again completes it. The next build turns them into pages.
 */
import { checkPublication, type PublicationText, type PublishedReply, PUBLISHED_REPLY_VERSION } from '../lib/cases/published-reply.ts';
import { canSee, type Actor } from '../lib/cases/case.ts';
import { shanghaiDate } from '../lib/time.ts';
import type { CaseLimits } from '../lib/cases/time-limits.ts';
import { officialCalendar } from '../lib/official-calendar.ts';
import { readCase, updateCase, type CaseUpdate } from './case-store.ts';
import { casesStore, listKeys } from './comment-stores.ts';

export const publishedKey = (receipt: string) => `published/${receipt}`;

export type PublishOutcome = CaseUpdate | { status: 'published'; reply: PublishedReply };

export async function publishReply(req: { receipt: string; revision: number | null; text: PublicationText; confirmedFindings: readonly string[]; actor: Actor; now: Date; limits: CaseLimits }): Promise<PublishOutcome> {
  const found = await readCase(req.receipt);
  if (!found || !canSee(req.actor, found.record)) return { status: 'not-found' };
  const check = checkPublication(found.record, req.text, req.confirmedFindings, shanghaiDate(req.now));
  // Refusals (no consent, personal data left) are the case action's to word: it runs the same check.
  if (check.ok && !found.record.published) await casesStore().setJSON(publishedKey(req.receipt), check.published);
  const result = await updateCase({ receipt: req.receipt, revision: req.revision, action: { type: 'publish', text: req.text, confirmedFindings: req.confirmedFindings }, actor: req.actor, now: req.now, limits: req.limits, calendar: officialCalendar });
  if (result.status !== 'updated' || !check.ok) return result;
  return { status: 'published', reply: check.published };
}

function isPublished(value: unknown): value is PublishedReply {
  return !!value && typeof value === 'object' && (value as PublishedReply).version === PUBLISHED_REPLY_VERSION && typeof (value as PublishedReply).receipt === 'string';
}

/** Every published reply whose case still says it is published, newest first. */
export async function publishedReplies(): Promise<PublishedReply[]> {
  const store = casesStore();
  const out: PublishedReply[] = [];
  for (const key of await listKeys(store, 'published/')) {
    const value = await store.get(key, { type: 'json' });
    if (!isPublished(value)) continue;
    const c = await readCase(value.receipt, store);
    if (c?.record.published) out.push(value);
  }
  return out.sort((a, b) => b.publishedOn.localeCompare(a.publishedOn) || b.receipt.localeCompare(a.receipt));
}
