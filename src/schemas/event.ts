/** An event (专题), e.g. 「7·7」洪涝灾害: one Markdown file each in content/events/; notices refer to it by file name. */
import { z } from 'astro/zod';
import { calendarDate, nonEmptyText, wallClockInstant } from './fields.ts';

export const eventSchema = z
  .object({
    title: nonEmptyText('专题名称'),
    /** One or two sentences for lists and the top of the event page. */
    summary: nonEmptyText('专题概述'),
    starts: wallClockInstant,
    ends: wallClockInstant.optional(),
    updated: calendarDate.optional(),
    draft: z.boolean({ error: '请填写 true（草稿，不发布）或 false' }).default(false),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.ends && e.ends.getTime() < e.starts.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['ends'], message: '结束时间不能早于开始时间' });
    }
  });

export type EventData = z.output<typeof eventSchema>;
