/** /community/<id>/feed.xml — RSS 2.0 of a community's notices and disclosure updates. */
import type { APIRoute } from 'astro';
import { communityContent, communityFeedInput, type CommunityView } from '../../../data/community.ts';
import { communityRssChannel } from '../../../lib/community/feed.ts';
import { renderRss } from '../../../lib/rss.ts';

export async function getStaticPaths() {
  const content = await communityContent();
  return content.communities.map((community) => ({ params: { id: community.id }, props: { community } }));
}

export const GET: APIRoute<{ community: CommunityView }> = ({ props }) =>
  new Response(renderRss(communityRssChannel(communityFeedInput(props.community))), { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
