/**
 * The 意见征集情况说明 generated from seeded comments (the real local Blobs store):
 * near-duplicates grouped and counted once as a viewpoint with their number, every
 * group tagged, channels counted, and the file passes the content check in a copy of
 * the good content tree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { checkContent } from '../../src/build/check-content.ts';
import yaml from 'js-yaml';
import { feedbackReport, groupComments, reportConsultation, taggingTemplate, type FeedbackReportInput, type Viewpoint } from '../../src/lib/feedback-report/report.ts';
import { comparableText, groupNearDuplicates, similarity } from '../../src/lib/feedback-report/near-duplicates.ts';
import { storeComment } from '../../src/server/comment-intake.ts';
import { reportCommentsOf } from '../../src/server/feedback-report-source.ts';
import { fixtureData, startCommentEnv, type CommentTestEnv } from '../helpers/comments.ts';
import { makeBrokenTree } from '../helpers/content-tree.ts';

const ID = 'rfb-pingshi-liyong';
const CAMPAIGN = '强烈建议保留地下室住人的过渡期，给租户至少一年时间搬离，并提供住房保障信息。';
const TEXTS: [number | null, string][] = [
  [null, CAMPAIGN],
  [null, `${CAMPAIGN}`],
  [null, `  ${CAMPAIGN.replace('，', ',')}  `],
  [null, `${CAMPAIGN}——一名租户`],
  [3, '建议人防工程停车收费对本小区居民给予优惠，并公示收费标准。'],
  [3, '建议公示人防工程停车场的收费标准和收费依据。'],
  [5, '建议明确人防工程发生渗漏时的维修责任主体和维修时限。'],
];

let env: CommentTestEnv;
let receipts: string[] = [];
beforeAll(async () => {
  env = await startCommentEnv();
  const base = fixtureData().consultations.find((c) => c.id === 'test-closed')!;
  const consultation = { ...base, id: ID };
  let n = 0;
  for (const [article, text] of TEXTS) {
    const r = await storeComment({
      consultation,
      fields: { consultation: ID, article: article ? { number: article, label: article === 3 ? '第三条' : '第五条' } : null, text, name: '赵六', contact: { kind: 'email', value: 'zhao@example.com' }, submitterType: '个人', consent: true, formToken: null, dropAttachment: false },
      attachment: null,
      idempotencyKey: `feedback-report-test-${++n}`,
      keyIssuedAt: env.clock.now,
      now: new Date(env.clock.now.getTime() + n * 1000),
      receiptSalt: 'test-receipt-salt',
      siteName: '测试政务公开网站',
      siteUrl: null,
    });
    receipts.push(r.record.receipt);
  }
});
afterAll(async () => {
  await env.close();
});

const VIEWPOINTS: Viewpoint[] = [
  { id: 'transition', summary: '建议给现有地下室租户留出过渡期，并提供住房保障信息。', disposition: '部分采纳', reason: '禁止设置住宿场所是消防安全底线，不设过渡期；已增加住房保障政策咨询的规定。' },
  { id: 'parking', summary: '建议停车收费对本小区居民优惠，并公示收费标准。', disposition: '采纳' },
  { id: 'repair', summary: '建议明确渗漏维修的责任主体和时限。', disposition: '采纳', offlineCount: 2 },
];

function input(tags: Record<string, string>): FeedbackReportInput {
  return {
    consultation: { id: ID, documentTitle: '北京市人民防空工程平时利用管理办法（征求意见稿）', department: '市人防办', opensOn: '2020-07-29', closesOn: '2020-08-28', articleComments: true },
    published: '2020-09-20',
    comments: [],
    otherChannels: { email: 2, post: 1 },
    viewpoints: VIEWPOINTS,
    tags,
  };
}

describe('near-duplicates', () => {
  it('spaces, punctuation and width do not matter; a signature added still groups; other texts do not', () => {
    expect(comparableText(' 建议，公示 收费标准。')).toBe(comparableText('建议,公示收费标准'));
    expect(similarity(comparableText(CAMPAIGN), comparableText(`${CAMPAIGN}——一名租户`))).toBeGreaterThanOrEqual(0.85);
    expect(similarity(comparableText(TEXTS[4]![1]), comparableText(TEXTS[5]![1]))).toBeLessThan(0.85);
    const groups = groupNearDuplicates(TEXTS.map(([, t]) => t), (t) => t);
    expect(groups.map((g) => g.members.length)).toEqual([4, 1, 1, 1]);
  });
  it('the threshold is a boundary: equal similarity groups, just below does not', () => {
    // "abcd" vs "abce": pairs ab, bc shared of 3 + 3 → 4/6
    expect(similarity('abcd', 'abce')).toBeCloseTo(4 / 6);
    expect(groupNearDuplicates(['abcd', 'abce'], (t) => t, 4 / 6)).toHaveLength(1);
    expect(groupNearDuplicates(['abcd', 'abce'], (t) => t, 4 / 6 + 1e-9)).toHaveLength(2);
  });
});

describe('the 意见征集情况说明 from seeded comments', () => {
  it('groups the campaign once, counts by channel and viewpoint, and passes the content check', async () => {
    const comments = await reportCommentsOf(ID);
    expect(comments).toHaveLength(7);
    expect(JSON.stringify(comments)).not.toMatch(/赵六|zhao@example.com/);
    const groups = groupComments(comments);
    expect(groups.map((g) => g.members.length)).toEqual([1, 1, 1, 4]); // 第三条, 第三条, 第五条, then those without an article
    // One tag on one member of the campaign tags the group.
    const tags = { [receipts[2]!]: 'transition', [receipts[4]!]: 'parking', [receipts[5]!]: 'parking', [receipts[6]!]: 'repair' };
    const report = feedbackReport({ ...input(tags), comments });
    if (!report.ok) throw new Error(report.problems.join('\n'));
    expect(report.file).toBe(`content/feedback/${ID}.md`);
    expect(report.counts).toEqual({ online: 7, groups: 4, duplicateGroups: 1 });
    expect(report.markdown).toContain('received:\n  online: 7\n  email: 2\n  post: 1\n');
    expect(report.markdown).toMatch(/summary: 建议给现有地下室租户留出过渡期，并提供住房保障信息。\n {4}count: 4\n {4}disposition: 部分采纳\n {4}reason: /);
    expect(report.markdown).toMatch(/summary: 建议明确渗漏维修的责任主体和时限。\n {4}count: 3\n/);
    expect(report.markdown).toContain('共收到意见建议 10 条，其中网上提交 7 条、电子邮件 2 条、信函 1 条。');
    expect(report.markdown).toContain('其中有 1 组内容相同或基本相同的意见，共 4 条');
    expect(report.markdown).toContain('网上提交的意见按条款分：第三条 2 条，第五条 1 条，未指明条款 4 条。');
    expect(report.markdown).toContain('归纳主要观点 3 类：采纳 2 类，部分采纳 1 类。');
    expect(report.markdown).not.toMatch(/赵六|zhao@example.com/);

    const root = makeBrokenTree((tree) => tree.write(report.file, report.markdown));
    try {
      expect(checkContent(root).filter((p) => p.severity === 'error').map((p) => p.text)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses to generate while a group is untagged, tagged two ways, or a reason is missing', async () => {
    const comments = await reportCommentsOf(ID);
    const tags = { [receipts[0]!]: 'transition', [receipts[4]!]: 'parking', [receipts[5]!]: 'parking', [receipts[6]!]: 'repair' };
    expect(feedbackReport({ ...input(tags), comments })).toMatchObject({ ok: true });
    const { [receipts[6]!]: _, ...untagged } = tags;
    expect(feedbackReport({ ...input(untagged), comments })).toEqual({ ok: false, problems: [`意见 ${receipts[6]}尚未标注观点`] });
    expect(feedbackReport({ ...input({ ...tags, [receipts[3]!]: 'parking' }), comments })).toEqual({ ok: false, problems: [`意见 ${receipts[0]}（及内容相同或基本相同的 3 条）被标注了不同的观点，请统一`] });
    expect(feedbackReport({ ...input({ ...tags, [receipts[6]!]: 'nothing' }), comments })).toMatchObject({ ok: false, problems: [`意见 ${receipts[6]}标注的观点“nothing”不存在`] });
    const noReason = { ...input(tags), comments, viewpoints: VIEWPOINTS.map((v) => (v.id === 'transition' ? { ...v, reason: ' ' } : v)) };
    expect(feedbackReport(noReason)).toMatchObject({ ok: false, problems: ['观点“建议给现有地下室租户留出过渡期，并提供住房保障信息。”为“部分采纳”，须说明理由'] });
  });

  it('the tagging file lists one line per group; filled in, it makes the report', async () => {
    const comments = await reportCommentsOf(ID);
    const template = taggingTemplate(groupComments(comments), '2020-09-20');
    const parsed = yaml.load(template) as { published: string; tags: Record<string, string> };
    expect(Object.keys(parsed.tags)).toEqual(groupComments(comments).map((g) => g.representative.receipt));
    expect(template).toContain(`${receipts[0]}: ""   # 未指明条款 · 相同或基本相同 4 条 · 强烈建议保留地下室住人的过渡期`);
    const tags = Object.fromEntries(Object.keys(parsed.tags).map((r, i) => [r, ['parking', 'parking', 'repair', 'transition'][i]!]));
    expect(feedbackReport({ ...input(tags), comments })).toMatchObject({ ok: true });
    expect(reportConsultation({ id: ID, title: '北京市人防办关于对《北京市人民防空工程平时利用管理办法（征求意见稿）》公开征集意见的公告', department: { name: '市人防办' }, opens: '2020-07-29T09:00:00+08:00', closes: '2020-08-28T23:59:59+08:00', articleComments: true })).toEqual(input({}).consultation);
  });
});
