/**
 * Notices (通知公告 and emergency information): kinds, the five information
 * categories of an emergency (the 歙县 「五大信息」), release channels, and the
 * statistics an event page shows. Pure: content comes in as plain values.
 */
import { WARNING_LEVELS, warningAction, type WarningAction, type WarningLevel } from './warnings.ts';
import { shanghaiParts } from './time.ts';

export const NOTICE_KINDS = ['预警', '通知公告', '新闻发布会', '回应关切', '应急预案', '其他'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** ASCII names for the filter pages /notices/kind/<slug>/. */
export const KIND_SLUGS: Record<NoticeKind, string> = {
  预警: 'warning',
  通知公告: 'announcement',
  新闻发布会: 'press-conference',
  回应关切: 'response',
  应急预案: 'plan',
  其他: 'other',
};

/** How a list names each kind (预警 → 预警信息). */
export const KIND_LABELS: Record<NoticeKind, string> = {
  预警: '预警信息',
  通知公告: '通知公告',
  新闻发布会: '新闻发布会',
  回应关切: '回应关切',
  应急预案: '应急预案',
  其他: '其他',
};

/** The five kinds of information published during an emergency (「五大信息」). */
export const INFORMATION_CATEGORIES = ['预警信息', '服务信息', '卫生信息', '重建信息', '舆情信息'] as const;
export type InformationCategory = (typeof INFORMATION_CATEGORIES)[number];

export const CATEGORY_SLUGS: Record<InformationCategory, string> = {
  预警信息: 'warning',
  服务信息: 'service',
  卫生信息: 'health',
  重建信息: 'reconstruction',
  舆情信息: 'public-opinion',
};

/** What each category is for, as the event page explains it. */
export const CATEGORY_PURPOSES: Record<InformationCategory, string> = {
  预警信息: '预警信息助防汛',
  服务信息: '服务信息助保障',
  卫生信息: '卫生信息助防疫',
  重建信息: '重建信息助复产',
  舆情信息: '舆情信息助稳定',
};

/** Kinds whose category goes without saying. */
const DEFAULT_CATEGORY: Partial<Record<NoticeKind, InformationCategory>> = {
  预警: '预警信息',
  回应关切: '舆情信息',
};

export function defaultCategory(kind: NoticeKind): InformationCategory | undefined {
  return DEFAULT_CATEGORY[kind];
}

/** The category a notice counts under: the one the editor chose, or the kind's default. */
export function categoryOf(n: { kind: NoticeKind; category?: InformationCategory | undefined }): InformationCategory | undefined {
  return n.category ?? DEFAULT_CATEGORY[n.kind];
}

/** Channels by which a notice reached the public. */
export const RELEASE_CHANNELS = [
  '政府网站',
  '微信公众号',
  '政务微博',
  '短信',
  '应急广播',
  '交通广播',
  '电视',
  '报纸',
  'QQ群',
  '微信群',
  '电子显示屏',
  '新闻发布会',
] as const;
export type ReleaseChannel = (typeof RELEASE_CHANNELS)[number];

/** Notice ids that would clash with the list and filter pages under /notices/. */
export const RESERVED_NOTICE_IDS = ['kind', 'level', 'year', 'category', 'cap', 'feeds', 'rss', 'active', 'page', 'events'] as const;

/** The year (Beijing time) a notice counts under on the year filter pages. */
export function noticeYear(issued: Date): number {
  return shanghaiParts(issued).year;
}

/** What the statistics need to know about each notice. */
export interface NoticeFacts {
  kind: NoticeKind;
  category?: InformationCategory | undefined;
  channels?: readonly ReleaseChannel[] | undefined;
  /** Warnings only (for a cancellation: the level it lifts). */
  level?: WarningLevel | undefined;
  updates?: string | undefined;
  cancels?: string | undefined;
}

export interface NoticeStatistics {
  total: number;
  byCategory: Record<InformationCategory, number>;
  /** Notices with no category (only possible outside an event). */
  uncategorized: number;
  byKind: Record<NoticeKind, number>;
  /** Warnings issued or updated at each level; cancellations are not warnings. */
  warningsByLevel: Record<WarningLevel, number>;
  warningActions: Record<WarningAction, number>;
  concernsAnswered: number;
  /** How many notices used each channel, most used first; unused channels left out. */
  channels: { channel: ReleaseChannel; count: number }[];
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** Statistics computed from the notices themselves, never typed in by hand. */
export function noticeStatistics(notices: readonly NoticeFacts[]): NoticeStatistics {
  const stats: NoticeStatistics = {
    total: notices.length,
    byCategory: zeros(INFORMATION_CATEGORIES),
    uncategorized: 0,
    byKind: zeros(NOTICE_KINDS),
    warningsByLevel: zeros(WARNING_LEVELS),
    warningActions: { alert: 0, update: 0, cancel: 0 },
    concernsAnswered: 0,
    channels: [],
  };
  const channelCounts = new Map<ReleaseChannel, number>();
  for (const n of notices) {
    const category = categoryOf(n);
    if (category) stats.byCategory[category] += 1;
    else stats.uncategorized += 1;
    stats.byKind[n.kind] += 1;
    if (n.kind === '预警') {
      const action = warningAction(n);
      stats.warningActions[action] += 1;
      if (action !== 'cancel' && n.level) stats.warningsByLevel[n.level] += 1;
    }
    if (n.kind === '回应关切') stats.concernsAnswered += 1;
    for (const c of new Set(n.channels ?? [])) channelCounts.set(c, (channelCounts.get(c) ?? 0) + 1);
  }
  stats.channels = RELEASE_CHANNELS.filter((c) => channelCounts.has(c))
    .map((channel) => ({ channel, count: channelCounts.get(channel) ?? 0 }))
    .sort((a, b) => b.count - a.count || RELEASE_CHANNELS.indexOf(a.channel) - RELEASE_CHANNELS.indexOf(b.channel));
  return stats;
}

/**
 * Markdown/MDX body as plain text, for feeds and CAP <description>: markup
 * removed, paragraphs kept as single line breaks.
 */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/^[ \t]*(import|export)[ \t].*$/gm, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/^[ \t]*```.*$/gm, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<[^>\n]+>/g, '')
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, '')
    .replace(/^[ \t]{0,3}>[ \t]?/gm, '')
    .replace(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]+/gm, '')
    .replace(/^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$/gm, '')
    .replace(/^[ \t]*\|(.*)\|[ \t]*$/gm, (_m, cells: string) => cells.split('|').map((c) => c.trim()).join(' '))
    .replace(/(\*\*|__|~~)(.+?)\1/g, '$2')
    .replace(/(^|[^*\w])[*_]([^*_\n]+)[*_](?=[^*\w]|$)/gm, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .split(/\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join('\n');
}
