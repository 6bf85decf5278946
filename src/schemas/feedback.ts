/** A feedback report (意见征集情况说明) on a closed consultation. */
import { z } from 'astro/zod';
import { calendarDate, entryId, nonEmptyText } from './fields.ts';

export const DISPOSITIONS = ['采纳', '部分采纳', '未采纳'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** Channels by which opinions arrive; the same names as a consultation's `channels`. */
export const RECEIPT_CHANNELS = ['online', 'email', 'post', 'fax', 'phone', 'meeting'] as const;
export type ReceiptChannel = (typeof RECEIPT_CHANNELS)[number];

const count = z.number({ error: '应填写整数' }).int({ error: '应填写整数' }).min(0, { error: '不能为负数' });

export const viewpointSchema = z
  .object({
    summary: nonEmptyText('观点摘要'),
    count: count.optional(),
    disposition: z.enum(DISPOSITIONS, { error: `采纳情况应为 ${DISPOSITIONS.join('、')} 之一` }),
    reason: z.string().trim().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.disposition !== '采纳' && !v.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `采纳情况为“${v.disposition}”时必须说明理由` });
    }
  });

export const feedbackSchema = z
  .object({
    consultation: entryId,
    title: z.string().trim().min(1).optional(),
    published: calendarDate,
    received: z
      .object(Object.fromEntries(RECEIPT_CHANNELS.map((c) => [c, count.optional()])) as Record<ReceiptChannel, z.ZodOptional<typeof count>>)
      .strict(),
    respondents: count.optional(),
    /** Count and full root of the consultation's final ledger of verification codes (核验码清单), copied from it. */
    ledgerCount: count.optional(),
    ledgerRoot: z
      .string({ error: '应填写 64 位根值（0–9、a–f）' })
      .trim()
      .toLowerCase()
      .regex(/^[0-9a-f]{64}$/, { error: '应填写核验码清单的完整根值：64 位数字和字母（0–9、a–f）' })
      .optional(),
    viewpoints: z.array(viewpointSchema).min(1, { error: '至少列出一条主要观点及其采纳情况' }),
    updated: calendarDate.optional(),
    /** A draft is checked but not published (what `npm run new` writes). */
    draft: z.boolean({ error: '请填写 true（草稿，不发布）或 false' }).default(false),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.ledgerRoot === undefined) !== (v.ledgerCount === undefined)) {
      ctx.addIssue({ code: 'custom', path: [v.ledgerRoot === undefined ? 'ledgerRoot' : 'ledgerCount'], message: 'ledgerRoot 和 ledgerCount 应同时填写（从核验码清单复制）' });
    }
  });

export type FeedbackData = z.output<typeof feedbackSchema>;
export type ViewpointData = z.output<typeof viewpointSchema>;

export function totalReceived(received: FeedbackData['received']): number {
  return RECEIPT_CHANNELS.reduce((sum, c) => sum + (received[c] ?? 0), 0);
}
