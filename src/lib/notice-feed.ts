/** The RSS channel of notices (src/pages/notices/rss.xml.ts). Pure. */
import { absoluteUrl, type FeedSite } from './feeds.ts';
import { KIND_LABELS, markdownToPlainText, type InformationCategory, type NoticeKind } from './notices.ts';
import { escapeXml, type RssChannel } from './rss.ts';
import { formatChineseDateTime } from './time.ts';

export const NOTICES_RSS_PATH = '/notices/rss.xml';

export interface FeedNotice {
  id: string;
  title: string;
  /** Absolute URL of the notice page. */
  url: string;
  issued: Date;
  kind: NoticeKind;
  category?: InformationCategory | undefined;
  issuerName: string;
  body: string;
  summary?: string | undefined;
  warning?: { name: string; statusLabel: string; validUntil?: Date | undefined; areas: readonly string[] } | undefined;
}

const MAX_DESCRIPTION = 300;

function shorten(text: string): string {
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}……` : text;
}

export function noticesRssChannel(input: { site: FeedSite; notices: readonly FeedNotice[]; now: Date }): RssChannel {
  return {
    title: `${input.site.name} - 通知公告`,
    link: absoluteUrl(input.site, '/notices/'),
    feedUrl: absoluteUrl(input.site, NOTICES_RSS_PATH),
    description: '预警信息、通知公告、新闻发布会、回应关切和应急预案',
    language: 'zh-cn',
    lastBuildDate: input.now,
    items: input.notices.map((n) => {
      const lines = [`${n.issuerName} ${formatChineseDateTime(n.issued)}发布`];
      if (n.warning) {
        lines.push(`${n.warning.name}（${n.warning.statusLabel}）`);
        if (n.warning.validUntil) lines.push(`有效期至${formatChineseDateTime(n.warning.validUntil)}`);
        if (n.warning.areas.length > 0) lines.push(`影响区域：${n.warning.areas.join('、')}`);
      }
      lines.push(shorten(n.summary ?? markdownToPlainText(n.body)));
      return {
        title: n.title,
        link: n.url,
        pubDate: n.issued,
        description: lines.map((l) => `<p>${escapeXml(l)}</p>`).join(''),
        categories: [KIND_LABELS[n.kind], ...(n.category ? [n.category] : [])],
      };
    }),
  };
}
