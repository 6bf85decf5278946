/**
 * An answer key for the sample site, independent of src/lib: for a handful of
 * built consultation pages (built at 2026-11-28 10:00 Beijing time, feedback
 * within 30 days after the closing day, site.yaml), the status, the countdown
 * and the feedback due date, worked out by hand from each page's dates in
 * content/consultations/ and typed in. The other build tests compare pages with
 * the library; this one checks the library's answers themselves. Also: the
 * sample's draft exists, so the draft-exclusion loops have something to exclude.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPage, readSite, siteHas, textOf } from '../helpers/site.ts';

const KEY = [
  // opens 11-19 09:00, closes 11-30 (end of day): 2 days to the closing day; due 11-30 + 30 days.
  { id: 'juzhuqu-tingche-guanli', status: 'open', line: '征集中：距截止还有 2 天', due: '反馈应于 2026年12月30日 前发布' },
  // closes 12-01 17:00: 3 days; due 12-01 + 30 = 12-31.
  { id: 'huxidao-chuanranbing-dongchun-fangkong', status: 'open', line: '征集中：距截止还有 3 天', due: '反馈应于 2026年12月31日 前发布' },
  // closed 11-13, due 12-13, not yet reached, no feedback.
  { id: 'lvyou-minsu-guanli', status: 'awaiting-feedback', line: '已截止·待反馈：征集已于 2026年11月13日 截止', due: '反馈应于 2026年12月13日 前' },
  // closed 10-16, due 11-15, passed on 11-28 without feedback.
  { id: 'yangchen-wuran-fangzhi-guanli', status: 'feedback-overdue', line: '反馈逾期：征集已于 2026年10月16日 截止', due: '反馈应于 2026年11月15日 前发布' },
  // opens 12-21: 23 days after 11-28; closes 2027-01-25, due 2027-02-24.
  { id: 'guotu-kongjian-shengtai-xiufu-guihua', status: 'upcoming', line: '未开始：23 天后开始', due: '反馈应于 2027年2月24日 前发布' },
  // closed 09-17, due 10-17; feedback published 10-15.
  { id: 'xingzheng-zhifa-renyuan-zige-guanli', status: 'feedback-published', line: '已反馈：征集已于 2026年9月17日 截止', due: '反馈已于 2026年10月15日 发布' },
] as const;

describe('answer key: consultation pages on 2026-11-28', () => {
  for (const k of KEY) {
    it(`${k.id}: ${k.line}`, () => {
      const page = readPage(`/consultations/${k.id}/`);
      expect(page.querySelector('article.consultation')?.getAttribute('data-status')).toBe(k.status);
      expect(textOf(page.querySelector('.status-main'))).toBe(k.line);
      expect(textOf(page.querySelector('.status-panel'))).toContain(k.due);
    });
  }
});

describe('drafts', () => {
  const DRAFT = { id: 'renfang-jingbao-sheshi-guanli', title: '人民防空警报设施' };
  it('the sample has a draft consultation, and it is built nowhere', () => {
    const source = readFileSync(`content/consultations/${DRAFT.id}.md`, 'utf8');
    expect(source).toMatch(/^draft: true$/m);
    expect(source).toContain(DRAFT.title);
    expect(siteHas(`/consultations/${DRAFT.id}/`)).toBe(false);
    expect(readSite('/consultations/')).not.toContain(DRAFT.id);
    expect(readSite('/sitemap.xml')).not.toContain(DRAFT.id);
  });
});
