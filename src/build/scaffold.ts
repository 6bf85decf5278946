/**
 * `npm run new`: writes a new consultation or feedback report as a draft, with
 * every field present and explained in Chinese, so that an editor fills in a
 * form rather than recalling a schema. The written file passes `npm run check`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { dirname, resolve } from 'node:path';
import { checkCommentWindow } from '../lib/comment-window.ts';
import { DEFAULT_FEEDBACK_DAYS, feedbackDueDate } from '../lib/consultation-status.ts';
import { officialCalendar } from '../lib/official-calendar.ts';
import { addDays, endOfShanghaiDay, formatChineseDate, shanghaiDate, shanghaiWallClock, type CalendarDate } from '../lib/time.ts';
import { isWorkingDay, type HolidayCalendar } from '../lib/working-days.ts';
import { consultationSchema, LIFECYCLE_STAGES, type ConsultationData } from '../schemas/consultation.ts';
import { ATTACHMENT_FORMATS } from '../schemas/fields.ts';
import { siteSchema } from '../schemas/site.ts';
import { DISPOSITIONS, RECEIPT_CHANNELS, type ReceiptChannel } from '../schemas/feedback.ts';
import { ContentParseError, readDataMap, readEntries } from './content-files.ts';
import { CONTENT_PATHS, type ContentPaths } from './content-paths.ts';

export const SCAFFOLD_KINDS = ['consultation', 'feedback'] as const;
export type ScaffoldKind = (typeof SCAFFOLD_KINDS)[number];

/** A refusal, worded for the editor: one line, no stack trace. */
export class ScaffoldError extends Error {}

export interface ScaffoldOptions {
  /** Project root holding content/ (and public/). */
  root: string;
  kind: ScaffoldKind;
  /** File name without extension for a consultation; the consultation's id for feedback. */
  name: string;
  now: Date;
  paths?: ContentPaths;
  calendar?: HolidayCalendar;
}

export interface ScaffoldResult {
  /** Path relative to the root, with forward slashes, for messages. */
  file: string;
  text: string;
  /** Lines the command prints after writing (what to do next). */
  notes: string[];
}

/** A new file name: the schemas' entryId rule, stricter about stray hyphens. */
const NEW_SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** An existing id, exactly as the schemas' entryId accepts it. */
const ENTRY_ID_RE = /^[a-z0-9][a-z0-9-]*$/;
const MAX_SLUG_LENGTH = 80;

export function checkSlug(slug: string): void {
  if (!slug) throw new ScaffoldError('请提供文件名，例如：npm run new -- consultation renfang-jingbao-guanli');
  if (slug.length > MAX_SLUG_LENGTH) throw new ScaffoldError(`文件名“${slug}”过长，请不超过 ${MAX_SLUG_LENGTH} 个字符`);
  if (!NEW_SLUG_RE.test(slug)) {
    throw new ScaffoldError(`文件名“${slug}”不符合要求：只能使用小写英文字母、数字和连字符（-），不能以连字符开头或结尾，例如 renfang-jingbao-guanli`);
  }
}

function checkConsultationId(id: string): void {
  if (!id) throw new ScaffoldError('请提供意见征集编号（即 content/consultations/ 下的文件名），例如：npm run new -- feedback renfang-gongcheng-pingshi-liyong');
  if (!ENTRY_ID_RE.test(id)) {
    throw new ScaffoldError(`意见征集编号“${id}”不符合要求：编号即 content/consultations/ 下的文件名（不含 .md），只含小写英文字母、数字和连字符`);
  }
}

/** First working day after `today`: where a new consultation opens by default. */
export function nextWorkingDay(today: CalendarDate, calendar: HolidayCalendar): CalendarDate {
  let day = addDays(today, 1);
  while (!isWorkingDay(day, calendar)) day = addDays(day, 1);
  return day;
}

/**
 * The earliest closing day (window closing at 24:00) that meets the minimum for
 * the kind, asked of the same rule `npm run check` applies.
 */
export function earliestClosingDay(kind: ConsultationData['kind'], opens: Date, calendar: HolidayCalendar): CalendarDate {
  let day = shanghaiDate(opens);
  for (let i = 0; i < 400; i++) {
    if (checkCommentWindow({ kind, opens, closes: endOfShanghaiDay(day) }, calendar).meetsMinimum) return day;
    day = addDays(day, 1);
  }
  throw new Error(`No closing day within 400 days meets the minimum for ${kind}`);
}

function existingEntry(root: string, folder: string, id: string): string | undefined {
  for (const ext of ['md', 'mdx']) {
    const file = `${folder}/${id}.${ext}`;
    if (existsSync(resolve(root, file))) return file;
  }
  return undefined;
}

interface Named {
  id: string;
  name: string;
  email: string | undefined;
}

/** Ids with their names from a YAML map (departments, policy areas), in the order editors see them. */
function readNamedMap(root: string, path: string, sortByOrder: boolean): Named[] {
  const { entries } = readDataMap(root, path);
  const list = [...entries].map(([id, value]) => {
    const v = (value ?? {}) as { name?: unknown; order?: unknown; email?: unknown };
    return {
      id,
      name: typeof v.name === 'string' ? v.name : '',
      email: typeof v.email === 'string' ? v.email : undefined,
      order: typeof v.order === 'number' ? v.order : 0,
    };
  });
  if (sortByOrder) list.sort((a, b) => a.order - b.order);
  return list.map(({ id, name, email }) => ({ id, name, email }));
}

/** `  bj-rfb        北京市人民防空办公室`, aligned for reading in an editor. */
function idList(items: readonly Named[], indent = '#   '): string {
  const width = Math.max(...items.map((i) => i.id.length), 0) + 2;
  return items.map((i) => `${indent}${i.id.padEnd(width)}${i.name}`).join('\n');
}

function wallClock(day: CalendarDate, time?: string): string {
  return time ? `${day} ${time}` : day;
}

function consultationTemplate(opts: { root: string; slug: string; now: Date; paths: ContentPaths; calendar: HolidayCalendar }): ScaffoldResult {
  const departments = readNamedMap(opts.root, opts.paths.departments, false);
  const areas = readNamedMap(opts.root, opts.paths.policyAreas, true);
  const department = departments[0];
  const area = areas[0];
  if (!department) throw new ScaffoldError(`${opts.paths.departments} 中还没有任何部门，请先添加承办部门`);
  if (!area) throw new ScaffoldError(`${opts.paths.policyAreas} 中还没有任何政策领域，请先添加`);

  const openDay = nextWorkingDay(shanghaiDate(opts.now), opts.calendar);
  const [y, m, d] = openDay.split('-').map(Number) as [number, number, number];
  const opens = shanghaiWallClock(y, m, d, 9, 0);
  const closeDay = earliestClosingDay('行政规范性文件', opens, opts.calendar);
  const formats = Object.keys(ATTACHMENT_FORMATS).join('、');

  const text = `---
# ================================================================
# 意见征集公告（草稿）。各字段的含义和填写方法见 docs/editing-guide.md。
# · 以 # 开头的行是说明，不会发布；可以保留，也可以删除。
# · 所有时间都按北京时间填写，不要写时区（如 +08:00）。
# · 冒号后面要有一个空格；缩进用空格，不要用 Tab。
# · 填写完成后运行 npm run check 检查，再把最后一行 draft 改为 false。
# ================================================================

# 【标题】公告全称，与正式发布的公告标题一致。
title: 北京市××局关于对《××管理办法（征求意见稿）》公开征求意见的公告

# 【文件名称】征求意见的文件名称（选填），用于列表和反馈标题。不需要时删除本行。
documentTitle: ××管理办法（征求意见稿）

# 【承办部门】填写下列编号之一（部门在 ${opts.paths.departments} 中维护）：
${idList(departments)}
department: ${department.id}

# 【政策领域】至少一个，多个用逗号分隔，例如 [${areas.slice(0, 2).map((a) => a.id).join(', ')}]。可选编号：
${idList(areas)}
policyAreas: [${area.id}]

# 【参与阶段】${LIFECYCLE_STAGES.join('、')} 之一。
stage: 草案审议

# 【文件类别】行政规范性文件（征求意见不少于 7 个工作日）、重大行政决策（不少于 30 日）、其他 之一。
kind: 行政规范性文件

# 【征集开始时间】格式“${wallClock(openDay, '09:00')}”。默认为下一个工作日 9:00。
opens: ${wallClock(openDay, '09:00')}

# 【征集截止时间】只写日期表示当日 24:00 截止；也可写到分钟，如“${wallClock(closeDay, '17:00')}”。
# 默认值刚好满足行政规范性文件 7 个工作日的最低要求（已扣除法定节假日）。
# 重大行政决策须不少于 30 日，请相应推后。
closes: ${closeDay}

# 【缩短期限的理由】仅当期限少于上述最低要求时填写，理由会在页面上公开。
# 需要时去掉下一行开头的“# ”并写明理由：
# shortWindowReason: 因应对突发事件需要，经××同意，征求意见期限缩短为×个工作日。

# 【制定依据】
basis:
  # 依据的法律、法规和文件名称（必填）。
  text: 《中华人民共和国××法》《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）
  # 依据文件的链接（选填），每项写 title 和 url；没有链接时写 links: []
  links:
    - title: 国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知（国办发〔2018〕37号）
      url: https://www.gov.cn/zhengce/content/2018-05/31/content_5295071.htm

# 【起草说明】起草背景、过程和主要内容。可写多段：每行前保留两个空格，段与段之间空一行。
explanation: |
  （起草背景：为什么要制定这份文件。）

  （起草过程：做过哪些调研、听取了哪些意见。）

  （主要内容：共×章×条，主要规定了……）

# 【意见提交渠道】至少保留一种。
channels:
  # 是否开放网上提交：true（开放）或 false（不开放）。
  online: true
  # 接收意见的电子邮箱（选填）。不需要时删除本行。
  email: ${department.email ?? 'zhengji@example.gov.cn'}
  # 信函地址（选填）。需要时去掉以下几行开头的“# ”：
  # post:
  #   address: 北京市××区××路×号××处
  #   postcode: "100000"
  #   recipient: ××处
  #   note: 以邮戳日期为准
  # 传真（选填）：
  # fax: 010-12345678
  # 电话（选填）。接听时间请在起草说明中写明：
  # phone: 010-12345678

# 【附件】文件放在 public/files/consultations/ 下，这里写“/files/consultations/文件名”。
# 支持的格式：${formats}。没有附件时保留 attachments: []
attachments: []
# 有附件时改为（去掉“# ”）：
# attachments:
#   - title: ××管理办法（征求意见稿）
#     file: /files/consultations/${opts.slug}.pdf

# 【逐条发表意见】true：公众可针对正文中的“第×条”发表意见；false：只收总体意见。
articleComments: true

# 【更新日期】公告发布后又修改了内容时填写，格式“${shanghaiDate(opts.now)}”。需要时去掉“# ”：
# updated: ${shanghaiDate(opts.now)}

# 【草稿】true：只检查、不发布；定稿后改为 false。
draft: true
---

以下为征求意见稿正文。条文请写成“**第一条** ……”，每条单独成段，公众才能逐条发表意见。

## 第一章 总则

**第一条** 为了……，根据……，制定本办法。

**第二条** 本办法适用于……

## 第二章 ……

**第三条** ……

## 第×章 附则

**第×条** 本办法自 ×××× 年 × 月 × 日起施行。
`;
  const notes = [`默认征集时间：${formatChineseDate(openDay)} 09:00 至 ${formatChineseDate(closeDay)} 24:00（7 个工作日），请按实际修改。`];
  if (!checkCommentWindow({ kind: '行政规范性文件', opens, closes: endOfShanghaiDay(closeDay) }, opts.calendar).calendarKnown) {
    notes.push('注意：征集期所在年份的法定节假日安排尚未公布，工作日暂按周一至周五计算，请考虑节假日适当延长期限。');
  }
  notes.push('填写后运行 npm run check 检查；确认无误后把 draft 改为 false 再发布。');
  return { file: `${opts.paths.consultations}/${opts.slug}.md`, text, notes };
}

/** The site's feedback period (content/site.yaml feedbackDays), as the pages count it. */
function siteFeedbackDays(root: string, paths: ContentPaths): number {
  try {
    const parsed = siteSchema.safeParse(yaml.load(readFileSync(resolve(root, paths.site), 'utf8')));
    if (parsed.success) return parsed.data.feedbackDays;
  } catch {
    // An unreadable site.yaml is reported by npm run check; the scaffold still helps.
  }
  return DEFAULT_FEEDBACK_DAYS;
}

const CHANNEL_LABELS: Record<ReceiptChannel, string> = {
  online: '网上提交',
  email: '电子邮件',
  post: '信函',
  fax: '传真',
  phone: '电话',
  meeting: '座谈会、听证会等线下方式',
};

function feedbackTemplate(opts: { root: string; consultationId: string; now: Date; paths: ContentPaths }): ScaffoldResult {
  const source = existingEntry(opts.root, opts.paths.consultations, opts.consultationId);
  if (!source) {
    throw new ScaffoldError(`找不到编号为“${opts.consultationId}”的意见征集（应为 ${opts.paths.consultations}/ 下的文件名，不含扩展名）`);
  }
  const target = existingEntry(opts.root, opts.paths.feedback, opts.consultationId);
  if (target) throw new ScaffoldError(`文件 ${target} 已存在，未做任何修改。请直接编辑该文件`);
  const feedbackFiles = readEntries(opts.root, opts.paths.feedback);
  const other = feedbackFiles.find((f) => (f.data as { consultation?: unknown }).consultation === opts.consultationId);
  if (other) throw new ScaffoldError(`意见征集“${opts.consultationId}”已有反馈 ${other.file}，每项征集只能有一份意见征集情况说明`);

  const entry = readEntries(opts.root, opts.paths.consultations).find((e) => e.id === opts.consultationId);
  const parsed = consultationSchema.safeParse(entry?.data);
  if (!parsed.success) throw new ScaffoldError(`意见征集文件 ${source} 有错误，请先运行 npm run check 并按提示改正`);
  const c = parsed.data;

  const closeDay = shanghaiDate(c.closes);
  const today = shanghaiDate(opts.now);
  const published = today > closeDay ? today : closeDay;
  const feedbackDays = siteFeedbackDays(opts.root, opts.paths);
  const due = feedbackDueDate(c.closes, feedbackDays);
  const offered = new Set<ReceiptChannel>(['meeting']);
  if (c.channels.online) offered.add('online');
  for (const ch of ['email', 'post', 'fax', 'phone'] as const) if (c.channels[ch]) offered.add(ch);
  const width = Math.max(...RECEIPT_CHANNELS.map((ch) => ch.length)) + 5;
  const receivedLines = RECEIPT_CHANNELS.map((ch) => {
    const line = `${ch}: 0`.padEnd(width);
    return offered.has(ch) ? `  ${line}# ${CHANNEL_LABELS[ch]}` : `  # ${line}# ${CHANNEL_LABELS[ch]}（本次征集未开通）`;
  }).join('\n');
  const name = c.documentTitle ?? c.title;

  const notes = [
    `对应征集于 ${formatChineseDate(closeDay)} 截止，反馈应于 ${formatChineseDate(due)} 前发布（征集结束后 ${feedbackDays} 日内）。`,
  ];
  if (opts.now.getTime() <= c.closes.getTime()) notes.push('注意：这项征集尚未截止，发布日期不能早于截止日期。');
  notes.push('填写后运行 npm run check 检查；确认无误后把 draft 改为 false 再发布。');

  const text = `---
# ================================================================
# 意见征集情况说明（反馈，草稿）。各字段的含义见 docs/editing-guide.md。
# 对应的意见征集：${c.title}
# 征集截止：${formatChineseDate(closeDay)}；按规定应于 ${formatChineseDate(due)} 前发布（征集结束后 ${feedbackDays} 日内）。
# · 以 # 开头的行是说明，不会发布。冒号后面要有一个空格。
# · 填写完成后运行 npm run check 检查，再把最后一行 draft 改为 false。
# ================================================================

# 【对应的意见征集】编号即意见征集的文件名，不要修改。
consultation: ${opts.consultationId}

# 【标题】选填。不填时自动生成为“关于对《${name.replace(/^《|》$/g, '')}》公开征求意见的反馈”。
# 需要时去掉“# ”：
# title: 关于对《${name.replace(/^《|》$/g, '')}》公开征求意见的反馈

# 【发布日期】格式“${published}”，不得早于征集截止日期（${closeDay}）。
published: ${published}

# 【收到意见数】按渠道填写条数（整数）。没有收到的渠道写 0。
received:
${receivedLines}

# 【提出意见的人数】个人和单位合计（选填）。不需要时删除本行。
respondents: 0

# 【核验码清单】网站公布了本次征集的最终核验码清单时必填：从“回执查询”页面复制条数和完整根值，
# 条数应与上面网上提交的意见数相同。需要时去掉“# ”：
# ledgerCount: 0
# ledgerRoot: （64 位根值）

# 【主要观点及采纳情况】至少一条，同类意见归并为一条。
# disposition（采纳情况）为 ${DISPOSITIONS.join('、')} 之一；部分采纳、未采纳时必须写 reason（理由）。
viewpoints:
  - summary: （概括一类主要观点，例如：建议延长征求意见期限。）
    # 持这一观点的意见条数（选填）。
    count: 0
    disposition: 采纳
  - summary: （另一类主要观点。）
    count: 0
    disposition: 未采纳
    reason: （未采纳的理由。）

# 【更新日期】发布后又修改了内容时填写。需要时去掉“# ”：
# updated: ${published}

# 【草稿】true：只检查、不发布；定稿后改为 false。
draft: true
---

（情况说明：征集的起止时间和方式，收到意见的总体情况，研究处理情况，下一步工作。）
`;
  return { file: `${opts.paths.feedback}/${opts.consultationId}.md`, text, notes };
}

/** Renders the file for `npm run new` without writing it; refuses with a ScaffoldError. */
export function renderScaffold(options: ScaffoldOptions): ScaffoldResult {
  const paths = options.paths ?? CONTENT_PATHS;
  const calendar = options.calendar ?? officialCalendar;
  try {
    if (options.kind === 'consultation') {
      checkSlug(options.name);
      const existing = existingEntry(options.root, paths.consultations, options.name);
      if (existing) throw new ScaffoldError(`文件 ${existing} 已存在，未做任何修改。请换一个文件名，或直接编辑该文件`);
      return consultationTemplate({ root: options.root, slug: options.name, now: options.now, paths, calendar });
    }
    checkConsultationId(options.name);
    return feedbackTemplate({ root: options.root, consultationId: options.name, now: options.now, paths });
  } catch (e) {
    if (e instanceof ContentParseError) throw new ScaffoldError(`${e.file}：${e.message}`);
    throw e;
  }
}

/** Renders and writes the file; never overwrites one that exists. */
export function writeScaffold(options: ScaffoldOptions): ScaffoldResult {
  const result = renderScaffold(options);
  const path = resolve(options.root, result.file);
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, result.text, { encoding: 'utf8', flag: 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ScaffoldError(`文件 ${result.file} 已存在，未做任何修改`);
    throw e;
  }
  return result;
}

export function isScaffoldKind(value: string | undefined): value is ScaffoldKind {
  return (SCAFFOLD_KINDS as readonly string[]).includes(value ?? '');
}
