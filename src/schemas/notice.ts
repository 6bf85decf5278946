/**
 * A notice (通知公告, 预警, 新闻发布会, 回应关切, 应急预案 …): one Markdown or MDX
 * file each in content/notices/. Rules that need other files (issuer, event,
 * the warning an update or cancellation refers to) are in src/lib/notice-rules.ts.
 */
import { z } from 'astro/zod';
import { INFORMATION_CATEGORIES, NOTICE_KINDS, RELEASE_CHANNELS, defaultCategory } from '../lib/notices.ts';
import { HAZARD_NAMES, WARNING_LEVELS, normalizeLevel } from '../lib/warnings.ts';
import { attachment, calendarDate, closingInstant, entryId, nonEmptyText, wallClockInstant } from './fields.ts';

const concernSchema = z
  .object({
    /** The concern in the words it was raised. */
    question: nonEmptyText('群众关切的内容'),
    raised: wallClockInstant,
    /** Where it was raised: 12345热线、网民留言、来信来访 … */
    source: z.string().trim().min(1).optional(),
  })
  .strict();

/** Fields only a warning may have, and the words that name them in messages. */
const WARNING_FIELDS = {
  hazard: '灾种',
  level: '预警级别',
  areas: '影响区域',
  validUntil: '有效期',
  updates: '更新的预警',
  cancels: '解除的预警',
  instruction: '防御指南',
} as const;

export const noticeSchema = z
  .object({
    title: nonEmptyText('标题').pipe(z.string().min(4, { error: '标题过短，应写明信息的完整名称' })),
    kind: z.enum(NOTICE_KINDS, { error: `信息类型应为 ${NOTICE_KINDS.join('、')} 之一` }),
    category: z.enum(INFORMATION_CATEGORIES, { error: `信息类别应为 ${INFORMATION_CATEGORIES.join('、')} 之一` }).optional(),
    issuer: entryId,
    issued: wallClockInstant,
    event: entryId.optional(),
    summary: z.string().trim().min(1).optional(),
    channels: z
      .array(z.enum(RELEASE_CHANNELS, { error: `发布渠道应为 ${RELEASE_CHANNELS.join('、')} 之一` }), { error: '请以列表形式填写发布渠道' })
      .default([]),
    hazard: z.enum(HAZARD_NAMES, { error: `灾种应为 ${HAZARD_NAMES.join('、')} 之一` }).optional(),
    level: z.preprocess(normalizeLevel, z.enum(WARNING_LEVELS, { error: '预警级别应为 红色、橙色、黄色、蓝色 之一' })).optional(),
    areas: z.array(nonEmptyText('影响区域'), { error: '请以列表形式填写影响区域（乡镇）' }).min(1, { error: '至少填写一个影响区域' }).optional(),
    validUntil: closingInstant.optional(),
    updates: entryId.optional(),
    cancels: entryId.optional(),
    instruction: z.string().trim().min(1).optional(),
    concern: concernSchema.optional(),
    speakers: z.array(nonEmptyText('发布人')).min(1).optional(),
    venue: z.string().trim().min(1).optional(),
    attachments: z.array(attachment).default([]),
    updated: calendarDate.optional(),
    /** A draft is checked but not published. */
    draft: z.boolean({ error: '请填写 true（草稿，不发布）或 false' }).default(false),
  })
  .strict()
  .superRefine((n, ctx) => {
    const need = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
    if (n.kind === '预警') {
      if (n.updates && n.cancels) need('cancels', '一条预警不能同时“更新”和“解除”其他预警，请分别发布');
      if (n.cancels) {
        if (n.validUntil) need('validUntil', '解除预警的通知没有有效期，请删除 validUntil');
      } else {
        if (!n.hazard) need('hazard', `请填写灾种，例如 山洪、暴雨、地质灾害（可选：${HAZARD_NAMES.join('、')}）`);
        if (!n.level) need('level', '请填写预警级别：红色、橙色、黄色 或 蓝色');
        if (!n.areas) need('areas', '请列出预警影响的乡镇（区域）');
        if (!n.validUntil) need('validUntil', '请填写预警的有效期，例如 2020-07-06 20:00');
        else if (n.validUntil.getTime() <= n.issued.getTime()) need('validUntil', '有效期必须晚于发布时间');
      }
      if (n.category && n.category !== '预警信息') need('category', '预警的信息类别应为“预警信息”（可以不填）');
    } else {
      for (const [field, label] of Object.entries(WARNING_FIELDS)) {
        if (n[field as keyof typeof WARNING_FIELDS] !== undefined) need(field, `只有预警（kind: 预警）才填写${label}，请删除此字段或把信息类型改为 预警`);
      }
    }
    if (n.kind === '回应关切') {
      if (!n.concern) need('concern', '请填写群众关切：concern 下的 question（关切内容）和 raised（提出时间）');
      else if (n.concern.raised.getTime() > n.issued.getTime()) need('concern', '群众关切的提出时间不能晚于回应的发布时间');
    } else if (n.concern) {
      need('concern', '只有回应关切（kind: 回应关切）才填写群众关切');
    }
    if (n.kind !== '新闻发布会') {
      if (n.speakers) need('speakers', '只有新闻发布会才填写发布人');
      if (n.venue) need('venue', '只有新闻发布会才填写地点');
    }
    if (n.event && !n.category && !defaultCategory(n.kind)) {
      need('category', `属于专题的信息须注明信息类别：${INFORMATION_CATEGORIES.join('、')}`);
    }
  });

export type NoticeData = z.output<typeof noticeSchema>;
