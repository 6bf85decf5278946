/**
 * /search/best-bets.json: the section and topic pages the search page offers above
 * the results when the query names them (src/lib/best-bets.ts): catalogue topics and
 * industries, policy areas, special topics, the remediation project and its water bodies.
 */
import type { APIRoute } from 'astro';
import { catalogueContent } from '../../data/catalogue.ts';
import { content } from '../../data/content.ts';
import { noticesContent } from '../../data/notices.ts';
import { remediationContent } from '../../data/remediation.ts';
import { TREE_LABELS } from '../../lib/catalogue.ts';
import { treeNodePath } from '../../lib/catalogue-view.ts';
import { REMEDIATION_PATHS } from '../../lib/remediation.ts';
import type { BestBet } from '../../lib/best-bets.ts';

export const GET: APIRoute = async () => {
  const [{ catalogue }, { policyAreas }, { events }, remediation] = await Promise.all([catalogueContent(), content(), noticesContent(), remediationContent()]);
  const bets: BestBet[] = [];
  for (const tree of ['topics', 'industries'] as const) {
    for (const [code, node] of catalogue.trees[tree].nodes) bets.push({ name: node.name, href: treeNodePath(tree, code), label: TREE_LABELS[tree].name });
  }
  for (const area of policyAreas) bets.push({ name: area.data.name, href: `/policy-areas/${area.id}/`, label: '政策领域' });
  for (const event of events) bets.push({ name: event.title, href: event.path, label: '专题' });
  if (remediation) {
    bets.push({ name: remediation.project.data.title, href: REMEDIATION_PATHS.overview, label: '治理专栏' });
    for (const body of remediation.bodies) bets.push({ name: body.name, href: body.path, label: '水体治理' });
  }
  return new Response(JSON.stringify(bets), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
