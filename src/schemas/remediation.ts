/**
 * Remediation of black-odorous water in the open, in content/remediation/:
 * project.md (the programme), water-bodies/*.md (one file per water body, with its
 * monitoring points and milestones), posts/*.md(x) (progress posts with works
 * quantities and measurements), surveys/*.md (third-party satisfaction surveys).
 * Rules spanning files (units exist, posts name real bodies and points) are in
 * src/lib/remediation-rules.ts.
 */
import { z } from 'astro/zod';
import { PHASES } from '../lib/remediation-progress.ts';
import { QUANTITY_ITEMS, WATER_BODY_TYPES } from '../lib/remediation.ts';
import { attachment, calendarDate, entryId, nonEmptyText } from './fields.ts';

const count = (what: string) =>
  z.number({ error: `${what}应填写整数` }).int({ error: `${what}应填写整数` }).min(0, { error: `${what}不能为负数` });

/**
 * A figure as the programme reported it: a whole number, or an approximate one as
 * written in the report (“20余” for 20余条); shown exactly as given, never rounded to “20”.
 */
const reported = (what: string) =>
  z.union([count(what), z.string().trim().regex(/^\d+余$/)], { error: `${what}应填写整数，或按报告原文填写约数，例如 "20余"` });

/** The participation figures a project may report. */
export const PARTICIPATION_FIGURES = ['clues', 'interviews', 'suggestionsAdopted', 'supervisionSuggestions'] as const;

/** A positive figure written with at most two decimals (so totals add up exactly). */
const amount = (what: string, unit?: string) =>
  z
    .number({ error: `${what}应填写数字${unit ? `（单位：${unit}）` : ''}，例如 6.8` })
    .positive({ error: `${what}应大于 0` })
    .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, { error: `${what}最多保留两位小数` });

/** A measured value within physically plausible bounds (catches a unit typed wrongly). */
const reading = (what: string, unit: string, min: number, max: number) =>
  z
    .number({ error: `${what}应填写数字（单位：${unit}）` })
    .min(min, { error: `${what}不能小于 ${min} ${unit}，请核对数值和单位` })
    .max(max, { error: `${what}不能大于 ${max} ${unit}，请核对数值和单位` });

const draft = z.boolean({ error: '请填写 true（草稿，不发布）或 false' }).default(false);

export const phaseEnum = z.enum(PHASES, { error: `阶段应为 ${PHASES.join('、')} 之一` });

// ---------- The programme ----------

export const remediationProjectSchema = z
  .object({
    title: nonEmptyText('项目名称'),
    summary: nonEmptyText('项目简介'),
    /** 牵头单位 (departments.yaml). */
    leadUnit: entryId,
    /** 治理思路: 控源截污、内源治理、生态修复、活水保质. */
    approach: z
      .array(z.object({ name: nonEmptyText('措施名称'), description: nonEmptyText('措施说明') }).strict(), { error: '请以列表形式填写治理思路' })
      .min(1, { error: '至少填写一项治理措施' }),
    /** What each phase means for this programme, keyed by the phase's name. */
    phases: z.object(Object.fromEntries(PHASES.map((p) => [p, z.string().trim().min(1).optional()])) as Record<(typeof PHASES)[number], z.ZodOptional<z.ZodString>>).strict(),
    /** 公众参与: the figures the programme reports. */
    participation: z
      .object({
        clues: reported('收集线索数'),
        interviews: reported('走访群众人次').optional(),
        suggestionsAdopted: reported('方案采纳建议数').optional(),
        supervisionSuggestions: reported('监督改进意见数').optional(),
      })
      .strict(),
    /** Participation figures invented for a demonstration: the page marks them 示例数据, never as reported. */
    sampleFigures: z
      .array(z.enum(PARTICIPATION_FIGURES, { error: `示例数据应为 ${PARTICIPATION_FIGURES.join('、')} 之一` }), { error: '请以列表形式填写示例数据的字段名' })
      .default([]),
    satisfactionTarget: z.number({ error: '满意度目标应为百分数，例如 90' }).min(0).max(100).default(90),
    updated: calendarDate.optional(),
  })
  .strict();

export type RemediationProjectData = z.output<typeof remediationProjectSchema>;

// ---------- Water bodies ----------

export const milestoneSchema = z
  .object({
    name: nonEmptyText('节点名称'),
    phase: phaseEnum,
    planned: calendarDate,
    actual: calendarDate.optional(),
    weight: z.number({ error: '权重应为正数，例如 1 或 2' }).positive({ error: '权重应为正数' }).optional(),
    note: z.string().trim().min(1).optional(),
  })
  .strict();

export const waterBodySchema = z
  .object({
    name: nonEmptyText('水体名称'),
    type: z.enum(WATER_BODY_TYPES, { error: `水体类型应为 ${WATER_BODY_TYPES.join('、')} 之一` }),
    lengthKm: amount('河道长度', '公里').optional(),
    areaHa: amount('水域面积', '公顷').optional(),
    district: nonEmptyText('所在区域'),
    /** 起止位置, e.g. 起于…，止于…汇入沱江. */
    extent: z.string().trim().min(1).optional(),
    /** 责任单位 (departments.yaml): receives the public's reports about this water. */
    unit: entryId,
    /** 河长 / 湖长. */
    chief: z.string().trim().min(1).optional(),
    /** The name is invented for the sample site; replace before going live. */
    sample: z.boolean({ error: '请填写 true（示例水体）或 false' }).default(false),
    monitoringPoints: z
      .array(z.object({ id: entryId, name: nonEmptyText('监测点名称') }).strict(), { error: '请以列表形式填写监测点' })
      .default([]),
    milestones: z.array(milestoneSchema, { error: '请以列表形式填写治理节点' }).min(1, { error: '至少填写一个治理节点（例如 开工）' }),
    plannedQuantities: z
      .array(
        z.object({ item: z.enum(QUANTITY_ITEMS, { error: `工程量项目应为 ${QUANTITY_ITEMS.join('、')} 之一` }), amount: amount('计划工程量') }).strict(),
        { error: '请以列表形式填写计划工程量' },
      )
      .default([]),
    updated: calendarDate.optional(),
    draft,
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.type === '河流') {
      if (b.lengthKm === undefined) ctx.addIssue({ code: 'custom', path: ['lengthKm'], message: '河流型水体须填写河道长度（公里），例如 lengthKm: 6.8' });
      if (b.areaHa !== undefined) ctx.addIssue({ code: 'custom', path: ['areaHa'], message: '河流型水体填写长度（lengthKm），不填面积；湖库型水体才填面积' });
    } else {
      if (b.areaHa === undefined) ctx.addIssue({ code: 'custom', path: ['areaHa'], message: '湖库型水体须填写水域面积（公顷），例如 areaHa: 4.5' });
      if (b.lengthKm !== undefined) ctx.addIssue({ code: 'custom', path: ['lengthKm'], message: '湖库型水体填写面积（areaHa），不填长度；河流型水体才填长度' });
    }
    const seenPoints = new Set<string>();
    b.monitoringPoints.forEach((p, i) => {
      if (seenPoints.has(p.id)) ctx.addIssue({ code: 'custom', path: ['monitoringPoints', i, 'id'], message: `监测点编号“${p.id}”重复，同一水体内的编号不能相同` });
      seenPoints.add(p.id);
    });
    const seenMilestones = new Set<string>();
    b.milestones.forEach((m, i) => {
      if (seenMilestones.has(m.name)) ctx.addIssue({ code: 'custom', path: ['milestones', i, 'name'], message: `节点“${m.name}”重复，请合并或改名（例如 一期完工、二期完工）` });
      seenMilestones.add(m.name);
    });
    const seenItems = new Set<string>();
    b.plannedQuantities.forEach((q, i) => {
      if (seenItems.has(q.item)) ctx.addIssue({ code: 'custom', path: ['plannedQuantities', i, 'item'], message: `工程量项目“${q.item}”重复，请合并为一项` });
      seenItems.add(q.item);
    });
  });

export type WaterBodyData = z.output<typeof waterBodySchema>;
export type MilestoneData = z.output<typeof milestoneSchema>;

// ---------- Progress posts ----------

export const measurementSchema = z
  .object({
    /** Required when the post concerns several water bodies (or none). */
    waterBody: entryId.optional(),
    point: entryId,
    sampled: calendarDate,
    /** 水深, cm: under 25 cm the transparency thresholds become 40% of it. */
    depth: reading('水深', 'cm', 0.1, 5000).optional(),
    transparency: reading('透明度', 'cm', 0, 1000).optional(),
    dissolvedOxygen: reading('溶解氧', 'mg/L', 0, 30).optional(),
    orp: reading('氧化还原电位', 'mV', -1000, 1000).optional(),
    ammoniaNitrogen: reading('氨氮', 'mg/L', 0, 200).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.transparency === undefined && m.dissolvedOxygen === undefined && m.orp === undefined && m.ammoniaNitrogen === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: '至少填写一项监测指标：transparency（透明度）、dissolvedOxygen（溶解氧）、orp（氧化还原电位）、ammoniaNitrogen（氨氮）' });
    }
  });

export const quantityReportSchema = z
  .object({
    waterBody: entryId.optional(),
    item: z.enum(QUANTITY_ITEMS, { error: `工程量项目应为 ${QUANTITY_ITEMS.join('、')} 之一` }),
    /** Completed in the period this post reports (本期完成), in the item's unit. */
    amount: amount('本期完成工程量'),
  })
  .strict();

export const remediationPostSchema = z
  .object({
    title: nonEmptyText('标题').pipe(z.string().min(4, { error: '标题过短，应写明进展事项' })),
    published: calendarDate,
    phase: phaseEnum,
    /** Water bodies concerned; an empty list means the programme as a whole. */
    waterBodies: z.array(entryId, { error: '请以列表形式填写涉及的水体编号' }).default([]),
    summary: z.string().trim().min(1).optional(),
    quantities: z.array(quantityReportSchema, { error: '请以列表形式填写工程量' }).default([]),
    measurements: z.array(measurementSchema, { error: '请以列表形式填写监测数据' }).default([]),
    attachments: z.array(attachment).default([]),
    updated: calendarDate.optional(),
    draft,
  })
  .strict()
  .superRefine((p, ctx) => {
    const single = p.waterBodies.length === 1 ? p.waterBodies[0] : undefined;
    const check = (list: 'quantities' | 'measurements', i: number, body: string | undefined) => {
      if (body === undefined && !single) {
        ctx.addIssue({ code: 'custom', path: [list, i, 'waterBody'], message: '本条信息涉及多个水体（或未列出水体），每条数据须用 waterBody 写明所属水体编号' });
      } else if (body !== undefined && !p.waterBodies.includes(body)) {
        ctx.addIssue({ code: 'custom', path: [list, i, 'waterBody'], message: `水体“${body}”不在本条信息的 waterBodies（涉及水体）中，请补上或改正` });
      }
    };
    p.quantities.forEach((q, i) => check('quantities', i, q.waterBody));
    p.measurements.forEach((m, i) => {
      check('measurements', i, m.waterBody);
      if (m.sampled > p.published) ctx.addIssue({ code: 'custom', path: ['measurements', i, 'sampled'], message: `采样日期（${m.sampled}）不能晚于发布日期（${p.published}）` });
    });
    const seen = new Set<string>();
    p.waterBodies.forEach((b, i) => {
      if (seen.has(b)) ctx.addIssue({ code: 'custom', path: ['waterBodies', i], message: `水体“${b}”重复列出` });
      seen.add(b);
    });
  });

export type RemediationPostData = z.output<typeof remediationPostSchema>;

// ---------- Satisfaction surveys ----------

const surveyCounts = {
  respondents: count('有效问卷数').min(1, { error: '有效问卷数应大于 0' }),
  satisfied: count('满意人数'),
};

export const satisfactionSurveySchema = z
  .object({
    title: nonEmptyText('调查名称'),
    /** The third party that ran it. */
    surveyor: nonEmptyText('调查机构'),
    /** 委托单位 (departments.yaml). */
    commissionedBy: entryId,
    from: calendarDate,
    to: calendarDate,
    published: calendarDate,
    method: nonEmptyText('调查方式'),
    ...surveyCounts,
    results: z
      .array(z.object({ waterBody: entryId, ...surveyCounts }).strict(), { error: '请以列表形式填写分水体结果' })
      .default([]),
    attachments: z.array(attachment).default([]),
    updated: calendarDate.optional(),
    draft,
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.satisfied > s.respondents) ctx.addIssue({ code: 'custom', path: ['satisfied'], message: `满意人数（${s.satisfied}）不能多于有效问卷数（${s.respondents}）` });
    if (s.to < s.from) ctx.addIssue({ code: 'custom', path: ['to'], message: `调查结束日期（${s.to}）不能早于开始日期（${s.from}）` });
    if (s.published < s.to) ctx.addIssue({ code: 'custom', path: ['published'], message: `发布日期（${s.published}）不能早于调查结束日期（${s.to}）` });
    const seen = new Set<string>();
    let sum = 0;
    s.results.forEach((r, i) => {
      if (r.satisfied > r.respondents) ctx.addIssue({ code: 'custom', path: ['results', i, 'satisfied'], message: `满意人数（${r.satisfied}）不能多于该水体的有效问卷数（${r.respondents}）` });
      if (seen.has(r.waterBody)) ctx.addIssue({ code: 'custom', path: ['results', i, 'waterBody'], message: `水体“${r.waterBody}”的结果重复填写` });
      seen.add(r.waterBody);
      sum += r.respondents;
    });
    if (sum > s.respondents) ctx.addIssue({ code: 'custom', path: ['results'], message: `各水体有效问卷数之和（${sum}）超过了有效问卷总数（${s.respondents}）` });
  });

export type SatisfactionSurveyData = z.output<typeof satisfactionSurveySchema>;
