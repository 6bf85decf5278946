/**
 * The 意见征集情况说明 from a consultation's comments, as a Markdown file for
 * content/feedback/ that the content check accepts: counts by channel, the
 * viewpoints the department tagged the comments with, their adoption and reasons.
 * Near-duplicates are grouped: a text sent many times is tagged once and counts as
 * one viewpoint, with the number of times it was sent. Nothing here is public until
 * the department commits the file.
 */
import yaml from 'js-yaml';
import type { Article } from '../articles.ts';
import { CHANNEL_LABELS } from '../channels.ts';
import type { CalendarDate } from '../time.ts';
import { formatChineseDate, shanghaiDate } from '../time.ts';
import { checkFreeText } from '../visible-text.ts';
import { DISPOSITIONS, RECEIPT_CHANNELS, type Disposition, type ReceiptChannel } from '../../schemas/feedback.ts';
import { groupNearDuplicates, NEAR_DUPLICATE_THRESHOLD, type DuplicateGroup } from './near-duplicates.ts';

export interface ReportComment {
  receipt: string;
  article: Article | null;
  text: string;
}

export interface Viewpoint {
  id: string;
  summary: string;
  disposition: Disposition;
  /** Required unless adopted (采纳). */
  reason?: string;
  /** Opinions with this viewpoint that came by other channels (counted by hand). */
  offlineCount?: number;
}

export interface FeedbackReportInput {
  consultation: { id: string; documentTitle: string; department: string; opensOn: CalendarDate; closesOn: CalendarDate; articleComments: boolean };
  published: CalendarDate;
  /** The comments received online (the store). */
  comments: readonly ReportComment[];
  /** Opinions received by other channels, counted by hand. */
  otherChannels: Partial<Record<Exclude<ReceiptChannel, 'online'>, number>>;
  viewpoints: readonly Viewpoint[];
  /** Receipt → viewpoint id. Tagging one comment of a group tags the group. */
  tags: Readonly<Record<string, string>>;
}

export type CommentGroup = DuplicateGroup<ReportComment>;

/** The consultation as the report names it, from the published data (the document's title is the one in 《》). */
export function reportConsultation(c: { id: string; title: string; department: { name: string }; opens: string; closes: string; articleComments: boolean }): FeedbackReportInput['consultation'] {
  return { id: c.id, documentTitle: /《([^》]+)》/.exec(c.title)?.[1] ?? c.title, department: c.department.name, opensOn: shanghaiDate(new Date(c.opens)), closesOn: shanghaiDate(new Date(c.closes)), articleComments: c.articleComments };
}

/** A tagging file to fill in: one line per group of comments, with its size and the start of its text. */
export function taggingTemplate(groups: readonly CommentGroup[], published: CalendarDate): string {
  const lines = [
    '# 意见征集情况说明：观点标注。每组意见标注一个观点编号（tags），观点写在 viewpoints 中；',
    '# disposition 为 采纳、部分采纳 或 未采纳，部分采纳和未采纳须填写 reason。其他渠道收到的意见数写在 otherChannels。',
    `published: ${published}`,
    'otherChannels: {}   # 例如 { email: 3, post: 1 }',
    'viewpoints:',
    '  - id: v1',
    '    summary: ""',
    '    disposition: 采纳',
    'tags:',
  ];
  for (const g of groups) {
    const preview = [...g.representative.text.replace(/\s+/g, ' ')].slice(0, 40).join('');
    lines.push(`  ${g.representative.receipt}: ""   # ${g.representative.article?.label ?? '未指明条款'}${g.members.length > 1 ? ` · 相同或基本相同 ${g.members.length} 条` : ''} · ${preview}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The comments grouped for tagging: near-duplicates together, then by article (逐条) in article order. */
export function groupComments(comments: readonly ReportComment[]): CommentGroup[] {
  const groups = groupNearDuplicates(comments, (c) => c.text, NEAR_DUPLICATE_THRESHOLD);
  return groups.sort((a, b) => (a.representative.article?.number ?? Infinity) - (b.representative.article?.number ?? Infinity));
}

/** The viewpoint a group is tagged with (any member's tag; conflicting tags are a problem). */
function groupTag(group: CommentGroup, tags: FeedbackReportInput['tags']): { id: string | null; conflict: boolean } {
  const found = new Set(group.members.map((m) => tags[m.receipt]).filter((t): t is string => t !== undefined));
  return { id: found.size === 1 ? [...found][0]! : null, conflict: found.size > 1 };
}

export type FeedbackReport = { ok: true; file: string; markdown: string; counts: { online: number; groups: number; duplicateGroups: number } } | { ok: false, problems: string[] };

export function feedbackReport(input: FeedbackReportInput): FeedbackReport {
  const problems: string[] = [];
  const viewpoints = new Map(input.viewpoints.map((v) => [v.id, v]));
  if (viewpoints.size !== input.viewpoints.length) problems.push('观点编号重复');
  for (const v of input.viewpoints) {
    if (!checkFreeText(v.summary.trim(), { singleLine: false, maxChars: 500 }).ok) problems.push(`观点“${v.id}”缺少摘要或摘要过长（500 字以内）`);
    if (!DISPOSITIONS.includes(v.disposition)) problems.push(`观点“${v.summary}”的采纳情况应为 ${DISPOSITIONS.join('、')} 之一`);
    if (v.disposition !== '采纳' && !v.reason?.trim()) problems.push(`观点“${v.summary}”为“${v.disposition}”，须说明理由`);
    if (v.offlineCount !== undefined && (!Number.isInteger(v.offlineCount) || v.offlineCount < 0)) problems.push(`观点“${v.summary}”的其他渠道意见数应为非负整数`);
  }
  const groups = groupComments(input.comments);
  const counts = new Map<string, number>();
  for (const g of groups) {
    const tag = groupTag(g, input.tags);
    const where = `意见 ${g.representative.receipt}${g.members.length > 1 ? `（及内容相同或基本相同的 ${g.members.length - 1} 条）` : ''}`;
    if (tag.conflict) problems.push(`${where}被标注了不同的观点，请统一`);
    else if (tag.id === null) problems.push(`${where}尚未标注观点`);
    else if (!viewpoints.has(tag.id)) problems.push(`${where}标注的观点“${tag.id}”不存在`);
    else counts.set(tag.id, (counts.get(tag.id) ?? 0) + g.members.length);
  }
  for (const [channel, n] of Object.entries(input.otherChannels)) {
    if (!Number.isInteger(n) || n! < 0) problems.push(`${CHANNEL_LABELS[channel as ReceiptChannel]}收到的意见数应为非负整数`);
  }
  const used = input.viewpoints.filter((v) => (counts.get(v.id) ?? 0) + (v.offlineCount ?? 0) > 0);
  if (used.length === 0) problems.push('至少列出一条有意见支持的主要观点及其采纳情况');
  if (problems.length > 0) return { ok: false, problems };

  const received: Partial<Record<ReceiptChannel, number>> = {};
  for (const channel of RECEIPT_CHANNELS) {
    const n = channel === 'online' ? input.comments.length : input.otherChannels[channel];
    if (n) received[channel] = n;
  }
  const ordered = used
    .map((v) => ({ v, count: (counts.get(v.id) ?? 0) + (v.offlineCount ?? 0) }))
    .sort((a, b) => b.count - a.count || DISPOSITIONS.indexOf(a.v.disposition) - DISPOSITIONS.indexOf(b.v.disposition));
  const c = input.consultation;
  const front = {
    consultation: c.id,
    title: `关于对《${c.documentTitle}》公开征集意见的反馈`,
    published: input.published,
    received,
    viewpoints: ordered.map(({ v, count }) => ({ summary: v.summary.trim(), count, disposition: v.disposition, ...(v.disposition !== '采纳' ? { reason: v.reason!.trim() } : {}) })),
  };

  const total = Object.values(received).reduce((s, n) => s + (n ?? 0), 0);
  const byChannel = RECEIPT_CHANNELS.filter((ch) => received[ch]).map((ch) => `${CHANNEL_LABELS[ch]} ${received[ch]} 条`);
  const duplicateGroups = groups.filter((g) => g.members.length > 1);
  const tally = (d: Disposition) => ordered.filter(({ v }) => v.disposition === d).length;
  const body = [
    `${formatChineseDate(c.opensOn)}至${formatChineseDate(c.closesOn)}，${c.department}就《${c.documentTitle}》公开征集社会意见。`,
    `征集期间，共收到意见建议 ${total} 条${byChannel.length > 1 ? `，其中${byChannel.join('、')}` : `，均为${byChannel[0]!.replace(/ \d+ 条$/, '')}`}。`,
  ];
  if (duplicateGroups.length > 0) {
    const n = duplicateGroups.reduce((s, g) => s + g.members.length, 0);
    body.push(`其中有 ${duplicateGroups.length} 组内容相同或基本相同的意见，共 ${n} 条，每组按一条观点归纳，并在观点后注明意见数量。`);
  }
  if (c.articleComments && input.comments.length > 0) {
    const perArticle = new Map<string, { n: number; order: number }>();
    for (const m of input.comments) {
      const label = m.article?.label ?? '未指明条款';
      const e = perArticle.get(label) ?? { n: 0, order: m.article?.number ?? Infinity };
      e.n++;
      perArticle.set(label, e);
    }
    const parts = [...perArticle.entries()].sort((a, b) => a[1].order - b[1].order).map(([label, e]) => `${label} ${e.n} 条`);
    body.push(`网上提交的意见按条款分：${parts.join('，')}。`);
  }
  const tallies = DISPOSITIONS.map((d) => [d, tally(d)] as const).filter(([, n]) => n > 0).map(([d, n]) => `${d} ${n} 类`);
  body.push(`${c.department}对意见逐条研究，归纳主要观点 ${ordered.length} 类：${tallies.join('，')}。${tally('部分采纳') + tally('未采纳') > 0 ? '对部分采纳和未采纳的意见，已说明理由。' : ''}感谢社会各界的关心和支持。`);

  const markdown = `---\n${yaml.dump(front, { lineWidth: -1, quotingType: '"', noRefs: true })}---\n\n${body.join('\n\n')}\n`;
  return { ok: true, file: `content/feedback/${c.id}.md`, markdown, counts: { online: input.comments.length, groups: groups.length, duplicateGroups: duplicateGroups.length } };
}
