/** /notices/rss.xml — RSS 2.0 of notices, newest first. */
import type { APIRoute } from 'astro';
import { buildTime, noticesContent, site } from '../../data/notices.ts';
import { absoluteUrl } from '../../lib/feeds.ts';
import { renderRss } from '../../lib/rss.ts';
import { noticesRssChannel } from '../../lib/notice-feed.ts';

export const GET: APIRoute = async () => {
  const { notices } = await noticesContent();
  const feedSite = { name: site.name, url: site.url };
  const channel = noticesRssChannel({
    site: feedSite,
    now: buildTime,
    notices: notices.slice(0, 50).map((n) => ({
      id: n.id,
      title: n.title,
      url: absoluteUrl(feedSite, n.path),
      issued: n.issued,
      kind: n.kind,
      category: n.category,
      issuerName: n.issuer.data.name,
      body: n.entry.body ?? '',
      summary: n.entry.data.summary,
      warning: n.warning ? { name: n.warning.name, statusLabel: n.warning.statusLabel, validUntil: n.warning.validUntil, areas: n.warning.areas } : undefined,
    })),
  });
  return new Response(renderRss(channel), { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
};
