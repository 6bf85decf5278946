/**
 * The proactive-disclosure catalogue (主动公开基本目录): three classification
 * trees (主题、行业、机构) in content/catalogue/*.yaml, catalogue items in
 * content/catalogue/items/, the disclosure column's own pages and the yearly
 * reports. Rules spanning files (codes exist, references resolve, successors,
 * dates in order) are in src/lib/catalogue-rules.ts.
 */
import { z } from 'astro/zod';
import { CATALOGUE_KINDS, DISCLOSURE_MODES, INTERPRETATION_KINDS, NUMBERED_KINDS, OPENNESS_STAGES, VALIDITIES, type CatalogueKind, type Validity } from '../lib/catalogue.ts';
import { CATALOGUE_SOURCES } from '../lib/catalogue-sources.ts';
import { attachment, calendarDate, entryId, link, nonEmptyText, webUrl } from './fields.ts';

/** A classification code: starts with a letter so that YAML never reads it as a number (0101 → 101). */
export const CATALOGUE_CODE_RE = /^[a-z][a-z0-9-]*$/;
export const catalogueCode = z
  .string({ error: '请填写分类编码，例如 zt0701（编码以小写字母开头，可含数字和连字符）' })
  .trim()
  .regex(CATALOGUE_CODE_RE, { error: '分类编码应以小写字母开头，只能包含小写字母、数字和连字符，例如 zt0701' });

const nodeShape = {
  name: nonEmptyText('类目名称'),
  order: z.number({ error: '排序应为数字' }).int({ error: '排序应为整数' }),
  parent: catalogueCode.optional(),
  description: z.string().trim().optional(),
  /** Invented for the sample site (the source document does not name it); replace before going live. */
  sample: z.boolean({ error: '请填写 true（示例类目）或 false' }).default(false),
};

/** A node of the industry (行业) tree. */
export const classificationNodeSchema = z.object(nodeShape).strict();

/** A node of the topic (主题) tree: it may hold another section's documents (数据同源, src/lib/catalogue-sources.ts). */
export const topicNodeSchema = z
  .object({
    ...nodeShape,
    sources: z
      .array(z.enum(CATALOGUE_SOURCES, { error: `栏目来源应为 ${CATALOGUE_SOURCES.join('、')} 之一` }), { error: '请以列表形式填写栏目来源，例如 [意见征集]' })
      .default([]),
  })
  .strict();

/** A node of the organisation (机构) tree: may stand for a department and carries the 索引号 code. */
export const organisationNodeSchema = z
  .object({
    ...nodeShape,
    /** The issuing body (departments.yaml) this node stands for: its documents fall here by default. */
    department: entryId.optional(),
    /** 机构代码 used in 索引号; a node without one uses its nearest ancestor's. */
    indexCode: z
      .string({ error: '索引号机构代码应加引号填写，例如 "000019674"' })
      .trim()
      .regex(/^[0-9A-Z]{6,18}$/, { error: '索引号机构代码应为 6～18 位数字或大写字母，例如 "000019674"' })
      .optional(),
  })
  .strict();

export type TopicNodeData = z.output<typeof topicNodeSchema>;
export type ClassificationNodeData = z.output<typeof classificationNodeSchema>;
export type OrganisationNodeData = z.output<typeof organisationNodeSchema>;

export { CATALOGUE_KINDS, INTERPRETATION_KINDS, NUMBERED_KINDS, VALIDITIES, type CatalogueKind, type Validity };

const shortText = (what: string) => nonEmptyText(what);
/** A missing list falls through to the generic message (缺少必填字段); anything else is not a list. */
const notAList = (hint: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? undefined : hint) });
/** A phone number as people write it; YAML reads a bare 12328 as a number, which is still meant as text. */
const phoneText = (what: string) =>
  z.union([nonEmptyText(what), z.number().int().nonnegative().transform(String)], { error: `请填写${what}，例如 010-12345678 或 12328` });

/** 办事指南 / 一次性告知单: everything an applicant needs on one printed page. */
export const serviceGuideSchema = z
  .object({
    name: shortText('事项名称'),
    applicants: shortText('申请条件'),
    materials: z
      .array(
        z
          .object({
            name: shortText('材料名称'),
            copies: z.string().trim().optional(),
            note: z.string().trim().optional(),
          })
          .strict(),
        notAList('请以列表形式填写申请材料'),
      )
      .min(1, { error: '至少列出一项申请材料；无需材料时写“无需提交材料”' }),
    steps: z.array(shortText('办理步骤'), notAList('请以列表形式填写办理流程')).min(1, { error: '至少写明一个办理步骤' }),
    timeLimit: shortText('办理时限'),
    fee: shortText('收费标准'),
    place: shortText('办理地点'),
    hours: shortText('办理时间'),
    contact: phoneText('咨询电话'),
    supervision: phoneText('监督投诉电话').optional(),
    online: webUrl.optional(),
    /** Policies the service rests on: a catalogue item id, or a link to elsewhere. */
    policies: z
      .array(z.union([entryId, link], { error: '相关政策应填写目录中文件的编号，或“title + url”形式的链接' }))
      .default([]),
  })
  .strict();

export const catalogueItemSchema = z
  .object({
    title: nonEmptyText('标题'),
    kind: z.enum(CATALOGUE_KINDS, { error: `信息类别应为 ${CATALOGUE_KINDS.join('、')} 之一` }),
    documentNumber: z.string().trim().min(1, { error: '文号不能为空；没有文号时请删除此字段' }).optional(),
    issuer: entryId,
    written: calendarDate.optional(),
    published: calendarDate,
    effective: calendarDate.optional(),
    validity: z.enum(VALIDITIES, { error: `有效性应为 ${VALIDITIES.join('、')} 之一` }).default('有效'),
    replacedBy: entryId.optional(),
    validityNote: z.string().trim().optional(),
    openness: z.enum(OPENNESS_STAGES, { error: `五公开属性应为 ${OPENNESS_STAGES.join('、')} 之一；不填时按信息类别确定` }).optional(),
    disclosure: z.enum(DISCLOSURE_MODES, { error: `公开方式应为 ${DISCLOSURE_MODES.join('、')} 之一；不填即为主动公开` }).optional(),
    topics: z.array(catalogueCode, notAList('请以列表形式填写主题分类编码，例如 [zt0701]')).min(1, { error: '至少填写一个主题分类' }),
    industries: z.array(catalogueCode, { error: '请以列表形式填写行业分类编码' }).default([]),
    /** Omitted: the organisation node standing for the issuer (organisations.yaml `department`). */
    organisations: z.array(catalogueCode, { error: '请以列表形式填写机构分类编码' }).optional(),
    abstract: z.string().trim().optional(),
    attachments: z.array(attachment).default([]),
    /** The documents this interpretation explains: the one declaration both pages are built from. */
    interprets: z.array(entryId, { error: '请以列表形式填写所解读文件的编号' }).default([]),
    related: z.array(entryId, { error: '请以列表形式填写相关文件的编号' }).default([]),
    /** Pins the 索引号 (e.g. one printed on the paper document); otherwise it is generated. */
    indexNumber: z
      .string({ error: '索引号应加引号填写，例如 "000019674/2020-00318"' })
      .trim()
      .regex(/^[0-9A-Z]{6,18}\/\d{4}-\d{5,}$/, { error: '索引号格式应为“机构代码/年份-流水号”，例如 "000019674/2020-00318"' })
      .optional(),
    guide: serviceGuideSchema.optional(),
    updated: calendarDate.optional(),
    draft: z.boolean({ error: '请填写 true（草稿，不发布）或 false' }).default(false),
  })
  .strict()
  .superRefine((item, ctx) => {
    const interpretation = INTERPRETATION_KINDS.includes(item.kind);
    if (interpretation && item.interprets.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['interprets'], message: `${item.kind}必须写明所解读的文件（填写其编号）` });
    }
    if (!interpretation && item.interprets.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['interprets'], message: `只有${INTERPRETATION_KINDS.join('、')}可以填写所解读的文件；${item.kind}请改用 related（相关文件）` });
    }
    if (NUMBERED_KINDS.includes(item.kind) && !item.documentNumber) {
      ctx.addIssue({ code: 'custom', path: ['documentNumber'], message: `${item.kind}必须填写文号，例如“交通运输部令2020年第1号”或“交公路规〔2020〕1号”` });
    }
    if (item.kind === '办事指南' && !item.guide) {
      ctx.addIssue({ code: 'custom', path: ['guide'], message: '办事指南必须填写 guide（事项名称、申请条件、申请材料、办理流程、时限、收费、地点、时间、咨询电话）' });
    }
    if (item.kind !== '办事指南' && item.guide) {
      ctx.addIssue({ code: 'custom', path: ['guide'], message: `只有办事指南可以填写 guide；当前信息类别为${item.kind}` });
    }
    if (item.validity === '已修改' && !item.replacedBy) {
      ctx.addIssue({ code: 'custom', path: ['replacedBy'], message: '有效性为“已修改”时，必须在 replacedBy 中填写修改它的文件编号' });
    }
    if (item.validity === '有效' && item.replacedBy) {
      ctx.addIssue({ code: 'custom', path: ['validity'], message: '已填写 replacedBy（修改或替代文件）的文件不能标为“有效”，请改为 已修改、失效 或 废止' });
    }
    if (item.written && item.written > item.published) {
      ctx.addIssue({ code: 'custom', path: ['written'], message: `成文日期（${item.written}）不能晚于发布日期（${item.published}）` });
    }
    if (item.written && item.effective && item.effective < item.written) {
      ctx.addIssue({ code: 'custom', path: ['effective'], message: `施行日期（${item.effective}）不能早于成文日期（${item.written}）` });
    }
  });

export type CatalogueItemData = z.output<typeof catalogueItemSchema>;
export type ServiceGuideData = z.output<typeof serviceGuideSchema>;

/** A page of the disclosure column (政府信息公开指南, 制度, 依申请公开 …): one Markdown file each. */
export const disclosurePageSchema = z
  .object({
    title: nonEmptyText('标题'),
    /** Shorter label for the left-hand guide. */
    navLabel: z.string().trim().min(1).optional(),
    order: z.number({ error: '排序应为数字' }).int({ error: '排序应为整数' }),
    abstract: z.string().trim().optional(),
    attachments: z.array(attachment).default([]),
    updated: calendarDate.optional(),
  })
  .strict();

export type DisclosurePageData = z.output<typeof disclosurePageSchema>;

/** 政府信息公开工作年度报告: one file per year, named after the year (2020.md). */
export const annualReportSchema = z
  .object({
    title: nonEmptyText('标题'),
    year: z.number({ error: '年度应为四位数字，例如 2020' }).int().min(2008, { error: '年度不能早于 2008 年（《政府信息公开条例》施行之年）' }).max(2100),
    published: calendarDate,
    attachments: z.array(attachment).default([]),
    updated: calendarDate.optional(),
    draft: z.boolean({ error: '请填写 true（草稿，不发布）或 false' }).default(false),
  })
  .strict();

export type AnnualReportData = z.output<typeof annualReportSchema>;
