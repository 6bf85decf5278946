/** A policy consultation (政策性文件意见征集): one Markdown or MDX file each. */
import { z } from 'astro/zod';
import { CONSULTATION_KINDS } from '../lib/comment-window.ts';
import { attachment, calendarDate, closingInstant, emailAddress, entryId, link, nonEmptyText, wallClockInstant } from './fields.ts';

/** Stages of the policy lifecycle at which the public takes part. */
export const LIFECYCLE_STAGES = ['需求征集', '草案审议', '执行评价', '调整完善'] as const;

export const postalChannel = z
  .object({
    address: nonEmptyText('通信地址'),
    postcode: z.string().regex(/^\d{6}$/, { error: '邮政编码应为 6 位数字' }).optional(),
    recipient: z.string().trim().optional(),
    note: z.string().trim().optional(),
  })
  .strict();

export const channelsSchema = z
  .object({
    online: z.boolean({ error: '请填写 true（开放网上提交）或 false' }).default(true),
    email: emailAddress.optional(),
    post: postalChannel.optional(),
    fax: z.string().trim().regex(/^[\d\-－()（）\s]{7,20}$/, { error: '传真号码格式不正确，例如 010-12345678' }).optional(),
    phone: z.string().trim().regex(/^[\d\-－()（）\s]{7,20}$/, { error: '电话号码格式不正确，例如 010-12345678' }).optional(),
  })
  .strict()
  .refine((c) => c.online || c.email || c.post || c.fax || c.phone, { error: '至少需要一种提交意见的渠道' });

export const consultationSchema = z
  .object({
    title: nonEmptyText('标题').pipe(z.string().min(6, { error: '标题过短，应写明征集意见的文件全称' })),
    documentTitle: z.string().trim().min(1).optional(),
    department: entryId,
    policyAreas: z.array(entryId, { error: '请以列表形式填写政策领域编号' }).min(1, { error: '至少选择一个政策领域' }),
    stage: z.enum(LIFECYCLE_STAGES, { error: `参与阶段应为 ${LIFECYCLE_STAGES.join('、')} 之一` }),
    kind: z.enum(CONSULTATION_KINDS, { error: `文件类别应为 ${CONSULTATION_KINDS.join('、')} 之一` }),
    opens: wallClockInstant,
    closes: closingInstant,
    shortWindowReason: z.string().trim().min(1).optional(),
    basis: z
      .object({
        text: nonEmptyText('制定依据'),
        links: z.array(link).default([]),
      })
      .strict(),
    explanation: nonEmptyText('起草说明'),
    channels: channelsSchema,
    attachments: z.array(attachment).default([]),
    articleComments: z.boolean({ error: '请填写 true（允许逐条发表意见）或 false' }).default(false),
    updated: calendarDate.optional(),
    /** A draft is checked but not published (what `npm run new` writes). */
    draft: z.boolean({ error: '请填写 true（草稿，不发布）或 false' }).default(false),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.closes.getTime() <= c.opens.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['closes'], message: '征集截止时间必须晚于征集开始时间' });
    }
  });

export type ConsultationData = z.output<typeof consultationSchema>;
