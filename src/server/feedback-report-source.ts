/**
 * A consultation's comments from the store as the feedback report reads them:
 * receipt, article and text only (no name, no contact).
 */
import type { ReportComment } from '../lib/feedback-report/report.ts';
import { recordsOf } from './comment-intake.ts';

export async function reportCommentsOf(consultation: string): Promise<ReportComment[]> {
  return (await recordsOf(consultation)).map((r) => ({ receipt: r.receipt, article: r.article, text: r.text }));
}
