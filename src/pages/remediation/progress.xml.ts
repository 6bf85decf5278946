/** /remediation/progress.xml — RSS 2.0 of the remediation progress posts, newest first. */
import type { APIRoute } from 'astro';
import { buildTime, remediationContent, site } from '../../data/remediation.ts';
import { remediationRssChannel } from '../../lib/remediation-feed.ts';
import { renderRss } from '../../lib/rss.ts';

export const GET: APIRoute = async () => {
  const content = await remediationContent();
  const channel = remediationRssChannel({
    site: { name: site.name, url: site.url },
    projectTitle: content?.project.data.title ?? '治理项目',
    now: buildTime,
    posts: (content?.posts ?? []).slice(0, 50).map((p) => ({
      title: p.title,
      path: p.path,
      published: p.published,
      phase: p.phase,
      waterBodyNames: p.bodies.map((b) => b.name),
      summary: p.entry.data.summary,
      body: p.entry.body ?? '',
    })),
  });
  return new Response(renderRss(channel), { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
};
