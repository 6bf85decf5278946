/**
 * A small RSS 2.0 writer (https://www.rssboard.org/rss-specification): XML
 * escaping, RFC 822 dates in Beijing time, an atom:link to the feed itself. Pure.
 */
import { shanghaiParts } from './time.ts';

export interface RssItem {
  title: string;
  /** Absolute URL. */
  link: string;
  /** Absolute URL used as a permalink guid; defaults to the link. */
  guid?: string | undefined;
  pubDate: Date;
  description: string;
  categories?: readonly string[] | undefined;
}

export interface RssChannel {
  title: string;
  /** Absolute URL of the web page the feed belongs to. */
  link: string;
  /** Absolute URL of the feed itself (atom:link rel="self"). */
  feedUrl: string;
  description: string;
  /** RSS language code, e.g. zh-cn. */
  language: string;
  lastBuildDate: Date;
  items: readonly RssItem[];
}

/** Characters XML 1.0 does not allow at all (C0 controls except tab, LF, CR; lone surrogates; U+FFFE/U+FFFF). */
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for XML element content and attribute values. */
export function escapeXml(value: string): string {
  return value
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 822 date-time in Beijing time: `Wed, 29 Jul 2020 09:00:00 +0800`. */
export function rfc822Date(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid date');
  const p = shanghaiParts(instant);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAYS[p.weekday]}, ${two(p.day)} ${MONTHS[p.month - 1]} ${p.year} ${two(p.hour)}:${two(p.minute)}:${two(p.second)} +0800`;
}

function element(name: string, text: string, indent: string): string {
  return `${indent}<${name}>${escapeXml(text)}</${name}>`;
}

function assertAbsolute(url: string): void {
  if (!/^https?:\/\/[^\s]+$/.test(url)) throw new Error(`Feed links must be absolute http(s) URLs: ${url}`);
}

function itemXml(item: RssItem): string {
  assertAbsolute(item.link);
  const guid = item.guid ?? item.link;
  assertAbsolute(guid);
  const lines = [
    '    <item>',
    element('title', item.title, '      '),
    element('link', item.link, '      '),
    `      <guid isPermaLink="true">${escapeXml(guid)}</guid>`,
    element('pubDate', rfc822Date(item.pubDate), '      '),
    element('description', item.description, '      '),
    ...(item.categories ?? []).map((c) => element('category', c, '      ')),
    '    </item>',
  ];
  return lines.join('\n');
}

export function renderRss(channel: RssChannel): string {
  assertAbsolute(channel.link);
  assertAbsolute(channel.feedUrl);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '  <channel>',
    element('title', channel.title, '    '),
    element('link', channel.link, '    '),
    `    <atom:link href="${escapeXml(channel.feedUrl)}" rel="self" type="application/rss+xml"/>`,
    element('description', channel.description, '    '),
    element('language', channel.language, '    '),
    element('lastBuildDate', rfc822Date(channel.lastBuildDate), '    '),
    ...channel.items.map(itemXml),
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}
