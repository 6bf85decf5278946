/** /community/<id>/feed.json — JSON Feed 1.1 of a community's notices and disclosure updates, for 公众号 and mini-programs. */
import type { APIRoute } from 'astro';
import { communityContent, communityFeedInput, type CommunityView } from '../../../data/community.ts';
import { communityJsonFeed } from '../../../lib/community/feed.ts';

export async function getStaticPaths() {
  const content = await communityContent();
  return content.communities.map((community) => ({ params: { id: community.id }, props: { community } }));
}

export const GET: APIRoute<{ community: CommunityView }> = ({ props }) =>
  new Response(`${JSON.stringify(communityJsonFeed(communityFeedInput(props.community)), null, 2)}\n`, { headers: { 'Content-Type': 'application/feed+json; charset=utf-8' } });
