/** /data/rating-targets.json — what the public can rate and which unit a remark goes to (read by the rating function of the same deploy). */
import type { APIRoute } from 'astro';
import { communityContent } from '../../data/community.ts';
import { content, site } from '../../data/content.ts';
import { remediationContent } from '../../data/remediation.ts';
import { RATING_TARGETS_VERSION, ratingTargetId, type RatingTargets, type RatingUnit } from '../../lib/ratings/rating.ts';

const unit = (d: { id: string; data: { name: string; email: string } }): RatingUnit => ({ id: d.id, name: d.data.name, email: d.data.email });

export const GET: APIRoute = async () => {
  const [community, consultations, remediation] = await Promise.all([communityContent(), content(), remediationContent()]);
  const targets: RatingTargets = {
    version: RATING_TARGETS_VERSION,
    site: { name: site.name, url: site.url },
    targets: [
      ...community.services.map((s) => ({ id: ratingTargetId('service', s.id), name: s.name, path: s.path, unit: unit(s.unit) })),
      ...consultations.consultations.map((c) => ({ id: ratingTargetId('consultation', c.id), name: c.entry.data.title, path: c.path, unit: unit(c.department) })),
      ...(remediation?.bodies ?? []).map((b) => ({ id: ratingTargetId('water-body', b.id), name: b.name, path: b.path, unit: unit(b.unit) })),
    ],
  };
  return new Response(`${JSON.stringify(targets, null, 2)}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
