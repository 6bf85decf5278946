/**
 * What the search page shows before anyone searches: the configured hot words
 * and the most frequent words of the titles of the pages search covers
 * (src/lib/hot-words.ts says why and how). Astro-specific: reads the collections.
 */
import { content, site } from './content.ts';
import { catalogueContent, isCatalogueFile } from './catalogue.ts';
import { noticesContent } from './notices.ts';
import { remediationContent } from './remediation.ts';
import { publishedFeedback } from './public-pages.ts';
import { frequentTitleTerms } from '../lib/hot-words.ts';

export interface SearchSuggestions {
  /** site.yaml hotWords, in the editors' order. */
  configured: string[];
  /** Most frequent title words, not repeating the configured ones. */
  frequent: string[];
}

/** Titles of the documents the index holds (the pages that render a SearchRecord). */
async function indexedTitles(): Promise<string[]> {
  const [{ consultations }, feedback, { catalogue }, { notices }, remediation] = await Promise.all([
    content(),
    publishedFeedback(),
    catalogueContent(),
    noticesContent(),
    remediationContent(),
  ]);
  return [
    ...consultations.map((c) => c.entry.data.title),
    ...feedback.map((f) => f.title),
    ...catalogue.items.filter(isCatalogueFile).map((i) => i.title),
    ...notices.map((n) => n.title),
    ...(remediation?.posts.map((p) => p.title) ?? []),
  ];
}

let cache: Promise<SearchSuggestions> | undefined;

export function searchSuggestions(): Promise<SearchSuggestions> {
  cache ??= indexedTitles().then((titles) => ({
    configured: [...site.hotWords],
    frequent: frequentTitleTerms(titles, { limit: 8, minTitles: 2, exclude: site.hotWords }),
  }));
  return cache;
}
