/**
 * Community micro-disclosure (社区微公开), in content/community/:
 * communities/*.md (one file per community with its five-level grid),
 * disclosure/*.md (disclosure items: 主体, 内容, 时限, 方式), services/*.md (service
 * items moved down to communities: the one-time notice and a plain-language 微解读),
 * notices/*.md (a community's notices), activities.yaml (特色服务 activities).
 * Rules spanning files are in src/lib/community/rules.ts.
 */
import { z } from 'astro/zod';
import { COMMUNITY_NOTICE_KINDS, DISCLOSURE_FREQUENCY_NAMES, DISCLOSURE_METHODS } from '../lib/community/community.ts';
import { isOfficeNumber } from '../lib/community/private-numbers.ts';
import { serviceGuideSchema } from './catalogue.ts';
import { calendarDate, entryId, link, nonEmptyText } from './fields.ts';

const draft = z.boolean({ error: '请填写 true（草稿，不发布）或 false' }).default(false);
const sample = z.boolean({ error: '请填写 true（示例内容）或 false' }).default(false);
const optionalText = z.string().trim().min(1, { error: '不能为空；不需要时请删除此字段' }).optional();

/** A public contact: an office number only (固定电话或服务热线), never a mobile or identity card number. */
export const officePhone = z
  .union([z.string().trim(), z.number().int().nonnegative().transform(String)], { error: '请填写办公电话，例如 0937-5550301' })
  .refine((v) => isOfficeNumber(v), { error: '联系电话只能填写办公电话（带区号的固定电话，如 0937-5550301，或 12345 等服务热线），不能填写手机号码或身份证号码' });

const gridNode = {
  name: nonEmptyText('名称'),
  /** The unit or role answering for this level (物业公司、楼栋长 …). */
  responsible: nonEmptyText('责任单位或责任人'),
  /** Omitted: the level above answers. */
  contact: officePhone.optional(),
};

const buildingSchema = z
  .object({
    ...gridNode,
    /** How many 单元 (entrances) the building has: the fifth level, each with a 单元长. */
    units: z.number({ error: '单元数应填写整数，例如 3' }).int({ error: '单元数应填写整数' }).min(1, { error: '单元数至少为 1' }),
  })
  .strict();

const compoundSchema = z
  .object({ ...gridNode, buildings: z.array(buildingSchema, { error: '请以列表形式填写楼栋' }).min(1, { error: '至少填写一栋楼' }) })
  .strict();

const stationSchema = z
  .object({ ...gridNode, compounds: z.array(compoundSchema, { error: '请以列表形式填写楼院小区' }).min(1, { error: '至少填写一个楼院小区' }) })
  .strict();

/** The five-level grid: 社区党总支 → 居民小组（网格服务站） → 楼院小区 → 楼栋 → 单元. */
export const gridSchema = z
  .object({
    name: nonEmptyText('社区党总支名称'),
    responsible: nonEmptyText('责任人'),
    contact: officePhone,
    /** The role that answers for each 单元. */
    unitResponsible: nonEmptyText('单元责任人').default('单元长'),
    stations: z.array(stationSchema, { error: '请以列表形式填写居民小组（网格服务站）' }).min(1, { error: '至少填写一个居民小组（网格服务站）' }),
  })
  .strict();

export const communitySchema = z
  .object({
    name: nonEmptyText('社区名称'),
    /** 街道办事处. */
    street: nonEmptyText('所属街道'),
    district: nonEmptyText('所属区县'),
    address: nonEmptyText('社区便民服务大厅地址'),
    hours: nonEmptyText('办公时间'),
    phone: officePhone,
    /** 横向“1+4”: 五联双报到单位、辖区单位、街长制单位、社会服务组织. */
    partners: z.array(nonEmptyText('联建单位'), { error: '请以列表形式填写联建单位' }).default([]),
    grid: gridSchema,
    sample,
    updated: calendarDate.optional(),
  })
  .strict();

export type CommunityData = z.output<typeof communitySchema>;
export type GridData = z.output<typeof gridSchema>;

/** A disclosure item of a community: who discloses what, how often, where. */
export const communityDisclosureSchema = z
  .object({
    community: entryId,
    title: nonEmptyText('公开事项名称'),
    /** 主体: who is responsible for disclosing it. */
    subject: nonEmptyText('公开主体'),
    /** 内容: what is disclosed. */
    content: nonEmptyText('公开内容'),
    /** 时限. */
    frequency: z.enum(DISCLOSURE_FREQUENCY_NAMES, { error: `公开时限应为 ${DISCLOSURE_FREQUENCY_NAMES.join('、')} 之一` }),
    /** A fixed day within the period, e.g. 每月10日前. */
    deadline: optionalText,
    /** 方式. */
    methods: z
      .array(z.enum(DISCLOSURE_METHODS, { error: `公开方式应为 ${DISCLOSURE_METHODS.join('、')} 之一` }), { error: '请以列表形式填写公开方式' })
      .min(1, { error: '至少填写一种公开方式' }),
    /** The day of the last update: the next one is due one period later. */
    updated: calendarDate,
    sample,
    draft,
  })
  .strict()
  .superRefine((item, ctx) => {
    const seen = new Set<string>();
    item.methods.forEach((m, i) => {
      if (seen.has(m)) ctx.addIssue({ code: 'custom', path: ['methods', i], message: `公开方式“${m}”重复` });
      seen.add(m);
    });
  });

export type CommunityDisclosureData = z.output<typeof communityDisclosureSchema>;

/** A service item moved down to the communities: its one-time notice (guide) and the 微解读 (the body). */
export const serviceItemSchema = z
  .object({
    order: z.number({ error: '排序应为数字' }).int({ error: '排序应为整数' }),
    category: nonEmptyText('事项类别'),
    /** 责任单位 (departments.yaml): receives the remarks left with ratings. */
    unit: entryId,
    /** Communities offering it; omitted: every community. */
    communities: z.array(entryId, { error: '请以列表形式填写办理该事项的社区编号' }).optional(),
    summary: nonEmptyText('事项简介'),
    guide: serviceGuideSchema.extend({ contact: officePhone, supervision: officePhone.optional() }),
    /** The policy document the 微解读 explains: a catalogue item id, or a link. */
    explains: z.union([entryId, link], { error: '微解读所解读的政策文件应填写目录中文件的编号，或“title + url”形式的链接' }),
    updated: calendarDate,
    sample,
    draft,
  })
  .strict();

export type ServiceItemData = z.output<typeof serviceItemSchema>;

export const communityNoticeSchema = z
  .object({
    community: entryId,
    title: nonEmptyText('标题'),
    kind: z.enum(COMMUNITY_NOTICE_KINDS, { error: `公告类别应为 ${COMMUNITY_NOTICE_KINDS.join('、')} 之一` }),
    published: calendarDate,
    summary: optionalText,
    sample,
    draft,
  })
  .strict();

export type CommunityNoticeData = z.output<typeof communityNoticeSchema>;

/** A 特色服务 activity at the grid service stations (activities.yaml, keyed by id). */
export const communityActivitySchema = z
  .object({
    name: nonEmptyText('活动名称'),
    slogan: nonEmptyText('活动主题'),
    description: nonEmptyText('活动说明'),
    /** Who takes part: 党员、退役老兵、志愿者 …. */
    resources: z.array(nonEmptyText('服务力量'), { error: '请以列表形式填写服务力量' }).min(1, { error: '至少填写一类服务力量' }),
    schedule: nonEmptyText('活动时间'),
    communities: z.array(entryId, { error: '请以列表形式填写开展活动的社区编号' }).min(1, { error: '至少填写一个社区' }),
    order: z.number({ error: '排序应为数字' }).int({ error: '排序应为整数' }),
    sample,
  })
  .strict();

export type CommunityActivityData = z.output<typeof communityActivitySchema>;
