/**
 * What can be rated (满意度评价) and the monthly results, read once per build from the store
 * (src/server/rating-results-source.ts) and published as the rules say (src/lib/ratings/rating.ts):
 * the pages, /data/rating-targets.json for the rating function, and the open data. Astro-specific.
 */
import { buildTime } from './build-time.ts';
import { communityContent } from './community.ts';
import { content } from './content.ts';
import { remediationContent } from './remediation.ts';
import { monthlyRatings, publishedRatings, ratingTargetId, type PublishedRatingMonth, type RatingResultRow, type RatingTarget, type RatingTargetKind, type RatingUnit } from '../lib/ratings/rating.ts';
import { shanghaiDate, type CalendarDate } from '../lib/time.ts';
import { readStoredRatings } from '../server/rating-results-source.ts';

const unit = (d: { id: string; data: { name: string; email: string } }): RatingUnit => ({ id: d.id, name: d.data.name, email: d.data.email });

export interface RatingTargetView extends RatingTarget {
  kind: RatingTargetKind;
}

let targetsLoading: Promise<RatingTargetView[]> | undefined;

/** Everything that can be rated: service items, consultations, water bodies, in that order. */
export function ratingTargets(): Promise<RatingTargetView[]> {
  targetsLoading ??= (async () => {
    const [community, consultations, remediation] = await Promise.all([communityContent(), content(), remediationContent()]);
    return [
      ...community.services.map((s) => ({ kind: 'service' as const, id: ratingTargetId('service', s.id), name: s.name, path: s.path, unit: unit(s.unit) })),
      ...consultations.consultations.map((c) => ({ kind: 'consultation' as const, id: ratingTargetId('consultation', c.id), name: c.entry.data.title, path: c.path, unit: unit(c.department) })),
      ...(remediation?.bodies ?? []).map((b) => ({ kind: 'water-body' as const, id: ratingTargetId('water-body', b.id), name: b.name, path: b.path, unit: unit(b.unit) })),
    ];
  })();
  return targetsLoading;
}

export interface RatingResults {
  /** The build day: the results count ratings up to it. */
  asOf: CalendarDate;
  /** Every published month of every item, in item then month order (items no longer on the site included). */
  months: PublishedRatingMonth[];
  /** The months of each item that can be rated now, newest month first. */
  byTarget: Map<string, PublishedRatingMonth[]>;
}

let resultsLoading: Promise<RatingResults> | undefined;

export function ratingResults(): Promise<RatingResults> {
  resultsLoading ??= (async () => {
    const asOf = shanghaiDate(buildTime);
    const stored = await readStoredRatings();
    if (stored.skipped > 0) console.warn(`[ratings] ${stored.skipped} stored records under ratings/ are not ratings and were left out (${stored.source})`);
    const months = publishedRatings(monthlyRatings(stored.ratings), asOf);
    const byTarget = new Map<string, PublishedRatingMonth[]>();
    for (const m of months) byTarget.set(m.target, [m, ...(byTarget.get(m.target) ?? [])]);
    return { asOf, months, byTarget };
  })();
  return resultsLoading;
}


/** The open data rows: every published month, named after the item when it is still on the site. */
export async function ratingResultRows(): Promise<RatingResultRow[]> {
  const [results, targets] = await Promise.all([ratingResults(), ratingTargets()]);
  const byId = new Map(targets.map((t) => [t.id, t]));
  return results.months.map((m) => ({ ...m, name: byId.get(m.target)?.name ?? null, path: byId.get(m.target)?.path ?? null }));
}
