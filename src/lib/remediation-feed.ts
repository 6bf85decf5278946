/**
 * The remediation feeds: RSS of progress posts, and the monitoring data as CSV
 * (every published sampling with the grade of each value) so that anyone can
 * check the grades. Pure: content comes in as plain values.
 */
import { GRADE_LABELS, INDICATORS, INDICATOR_LABELS, INDICATOR_UNITS, gradeValue } from './black-odorous.ts';
import { toCsv } from './csv.ts';
import { absoluteUrl, type FeedSite } from './feeds.ts';
import { markdownToPlainText } from './notices.ts';
import { REMEDIATION_PATHS, type Measurement } from './remediation.ts';
import type { RssChannel } from './rss.ts';
import { shanghaiWallClock, type CalendarDate } from './time.ts';

export interface FeedPost {
  title: string;
  path: string;
  published: CalendarDate;
  phase: string;
  waterBodyNames: readonly string[];
  summary?: string | undefined;
  body: string;
}

/** Description of a feed item: the summary, else the text of the post (first 500 characters). */
export function postDescription(post: Pick<FeedPost, 'summary' | 'body' | 'waterBodyNames'>): string {
  const text = post.summary ?? markdownToPlainText(post.body);
  const short = text.length > 500 ? `${text.slice(0, 500)}……` : text;
  return post.waterBodyNames.length > 0 ? `涉及水体：${post.waterBodyNames.join('、')}。\n${short}` : short;
}

export function remediationRssChannel(input: { site: FeedSite; projectTitle: string; now: Date; posts: readonly FeedPost[] }): RssChannel {
  return {
    title: `${input.site.name} - ${input.projectTitle}进展`,
    link: absoluteUrl(input.site, REMEDIATION_PATHS.progress),
    feedUrl: absoluteUrl(input.site, REMEDIATION_PATHS.feed),
    description: `${input.projectTitle}的开竣工时间、工程量变化、水质监测结果和公众评议情况。`,
    language: 'zh-cn',
    lastBuildDate: input.now,
    items: input.posts.map((p) => {
      const [y, m, d] = p.published.split('-').map(Number) as [number, number, number];
      return {
        title: p.title,
        link: absoluteUrl(input.site, p.path),
        pubDate: shanghaiWallClock(y, m, d),
        description: postDescription(p),
        categories: [p.phase, ...p.waterBodyNames],
      };
    }),
  };
}

export const MEASUREMENT_CSV_HEADER = [
  '水体编号',
  '水体名称',
  '监测点编号',
  '监测点名称',
  '采样日期',
  '水深（cm）',
  ...INDICATORS.flatMap((i) => [`${INDICATOR_LABELS[i]}（${INDICATOR_UNITS[i]}）`, `${INDICATOR_LABELS[i]}等级`]),
  '发布信息',
] as const;

/** All samplings as CSV rows, in the order given; each value followed by its grade. */
export function measurementsCsv(
  site: FeedSite,
  rows: readonly (Measurement & { waterBodyName: string; pointName: string; postPath: string })[],
): string {
  return toCsv(
    MEASUREMENT_CSV_HEADER,
    rows.map((m) => [
      m.waterBody,
      m.waterBodyName,
      m.point,
      m.pointName,
      m.sampled,
      m.depth ?? '',
      ...INDICATORS.flatMap((i) => {
        const v = m[i];
        return v === undefined ? ['', ''] : [v, GRADE_LABELS[gradeValue(i, v, i === 'transparency' ? m.depth : undefined)]];
      }),
      absoluteUrl(site, m.postPath),
    ]),
  );
}
