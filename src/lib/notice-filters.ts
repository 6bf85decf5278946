/**
 * The static filter pages of the notices list: /notices/<by>/<value>/ for kind,
 * warning level, information category and year. Pure.
 */
import { CATEGORY_SLUGS, INFORMATION_CATEGORIES, KIND_LABELS, KIND_SLUGS, NOTICE_KINDS, type InformationCategory, type NoticeKind } from './notices.ts';
import { LEVELS, WARNING_LEVELS, levelFromSlug, type WarningLevel } from './warnings.ts';

export type NoticeFilter = { by: 'kind' | 'level' | 'category' | 'year'; value: string };

export function noticeFilterPath(f: NoticeFilter): string {
  return `/notices/${f.by}/${f.value}/`;
}

/** What a filter page selects, in the terms of the notices. */
export interface FilterFacts {
  kind: NoticeKind;
  category?: InformationCategory | undefined;
  level?: WarningLevel | undefined;
  year: number;
}

export function matchesFilter(n: FilterFacts, f: NoticeFilter): boolean {
  switch (f.by) {
    case 'kind':
      return KIND_SLUGS[n.kind] === f.value;
    case 'level':
      return n.level !== undefined && LEVELS[n.level].slug === f.value;
    case 'category':
      return n.category !== undefined && CATEGORY_SLUGS[n.category] === f.value;
    case 'year':
      return String(n.year) === f.value;
  }
}

/** 通知公告：红色预警 — the heading of a filter page. */
export function filterLabel(f: NoticeFilter): string {
  switch (f.by) {
    case 'kind': {
      const kind = NOTICE_KINDS.find((k) => KIND_SLUGS[k] === f.value);
      return kind ? KIND_LABELS[kind] : f.value;
    }
    case 'level': {
      const level = levelFromSlug(f.value);
      return level ? `${level}预警` : f.value;
    }
    case 'category': {
      const category = INFORMATION_CATEGORIES.find((c) => CATEGORY_SLUGS[c] === f.value);
      return category ?? f.value;
    }
    case 'year':
      return `${f.value}年`;
  }
}

/** Every filter page to build: all kinds, levels and categories (even when empty), and the years that have notices. */
export function allFilters(years: Iterable<number>): NoticeFilter[] {
  return [
    ...NOTICE_KINDS.map((k) => ({ by: 'kind' as const, value: KIND_SLUGS[k] })),
    ...WARNING_LEVELS.map((l) => ({ by: 'level' as const, value: LEVELS[l].slug })),
    ...INFORMATION_CATEGORIES.map((c) => ({ by: 'category' as const, value: CATEGORY_SLUGS[c] })),
    ...[...new Set(years)].sort((a, b) => b - a).map((y) => ({ by: 'year' as const, value: String(y) })),
  ];
}
