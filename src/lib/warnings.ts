/**
 * Early warnings (预警): levels, hazards, and the life of a warning — in force,
 * expired, updated or cancelled — computed from its times and from the later
 * warnings that update or cancel it. Pure; every rule takes `now`.
 *
 * Used by the build (pages, banner, feeds, CAP), by the content checker and by
 * the browser script that hides the banner once a warning has ended.
 */
import { formatChineseDateTime, shanghaiParts } from './time.ts';
import { tableIds } from './label-table.ts';

/** Warning levels, most severe first (突发事件预警级别：一级 红色 … 四级 蓝色). */
export const WARNING_LEVELS = ['红色', '橙色', '黄色', '蓝色'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

export interface LevelInfo {
  /** ASCII name for URLs and CSS classes. */
  slug: 'red' | 'orange' | 'yellow' | 'blue';
  /** 1 = most severe. */
  rank: 1 | 2 | 3 | 4;
  /** 预警级别 in the national emergency plans. */
  grade: 'Ⅰ级' | 'Ⅱ级' | 'Ⅲ级' | 'Ⅳ级';
  gradeName: '特别严重' | '严重' | '较重' | '一般';
  /**
   * The standard colour as a background, with a text colour that keeps
   * WCAG 2.2 AA contrast (≥ 4.5:1) on it. The same values are in
   * src/components/notices/LevelBadge.astro; tests compare both.
   */
  background: string;
  text: string;
}

/** ASCII names of the levels; kept apart from LEVELS so the browser script carries only these. */
export const LEVEL_SLUGS = { 红色: 'red', 橙色: 'orange', 黄色: 'yellow', 蓝色: 'blue' } as const satisfies Record<WarningLevel, LevelInfo['slug']>;

export const LEVELS: Record<WarningLevel, LevelInfo> = {
  红色: { slug: 'red', rank: 1, grade: 'Ⅰ级', gradeName: '特别严重', background: '#c00', text: '#fff' },
  橙色: { slug: 'orange', rank: 2, grade: 'Ⅱ级', gradeName: '严重', background: '#ff8000', text: '#111' },
  黄色: { slug: 'yellow', rank: 3, grade: 'Ⅲ级', gradeName: '较重', background: '#ffd600', text: '#111' },
  蓝色: { slug: 'blue', rank: 4, grade: 'Ⅳ级', gradeName: '一般', background: '#0050b3', text: '#fff' },
};

/** Editors may write the short form (红 / 橙 / 黄 / 蓝). */
export function normalizeLevel(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = value.trim();
  return v.length === 1 && (WARNING_LEVELS as readonly string[]).includes(`${v}色`) ? `${v}色` : v;
}

export function levelFromSlug(slug: string): WarningLevel | undefined {
  return WARNING_LEVELS.find((l) => LEVEL_SLUGS[l] === slug);
}

/** CAP 1.2 <info><category> values (OASIS CAP 1.2 §3.2.2). */
export type CapCategory = 'Geo' | 'Met' | 'Safety' | 'Security' | 'Rescue' | 'Fire' | 'Health' | 'Env' | 'Transport' | 'Infra' | 'CBRNE' | 'Other';

/**
 * Hazards (灾种) editors choose from. `event` is how the hazard is named in a
 * warning's title (山洪 → 山洪灾害红色预警); `cap` is its CAP category (CAP puts
 * floods under Met and landslides under Geo).
 */
export const HAZARDS = {
  暴雨: { event: '暴雨', cap: 'Met' },
  山洪: { event: '山洪灾害', cap: 'Met' },
  洪水: { event: '洪水', cap: 'Met' },
  地质灾害: { event: '地质灾害气象风险', cap: 'Geo' },
  台风: { event: '台风', cap: 'Met' },
  寒潮: { event: '寒潮', cap: 'Met' },
  大风: { event: '大风', cap: 'Met' },
  暴雪: { event: '暴雪', cap: 'Met' },
  高温: { event: '高温', cap: 'Met' },
  干旱: { event: '干旱', cap: 'Met' },
  雷电: { event: '雷电', cap: 'Met' },
  冰雹: { event: '冰雹', cap: 'Met' },
  大雾: { event: '大雾', cap: 'Met' },
  霾: { event: '霾', cap: 'Met' },
  道路结冰: { event: '道路结冰', cap: 'Met' },
  霜冻: { event: '霜冻', cap: 'Met' },
  森林火险: { event: '森林火险', cap: 'Fire' },
} as const satisfies Record<string, { event: string; cap: CapCategory }>;
export type Hazard = keyof typeof HAZARDS;
export const HAZARD_NAMES = tableIds(HAZARDS);

/** 山洪灾害红色预警 */
export function warningName(hazard: Hazard, level: WarningLevel): string {
  return `${HAZARDS[hazard].event}${level}预警`;
}

/** What a warning notice does to the chain it belongs to (CAP msgType Alert / Update / Cancel). */
export type WarningAction = 'alert' | 'update' | 'cancel';

/** The facts about one warning notice that decide its status. */
export interface WarningFacts {
  id: string;
  level: WarningLevel;
  issued: Date;
  /** End of validity; absent on a cancellation, which has none. */
  validUntil?: Date | undefined;
  /** Id of the warning this one updates. */
  updates?: string | undefined;
  /** Id of the warning this one cancels. */
  cancels?: string | undefined;
}

export function warningAction(w: Pick<WarningFacts, 'updates' | 'cancels'>): WarningAction {
  if (w.cancels) return 'cancel';
  if (w.updates) return 'update';
  return 'alert';
}

/** The warning a notice updates or cancels. */
export function predecessorId(w: Pick<WarningFacts, 'updates' | 'cancels'>): string | undefined {
  return w.cancels ?? w.updates;
}

/**
 * Status of a warning (not of a cancellation notice) at `now`:
 * scheduled — published ahead of its issue time; active — 生效中;
 * expired — 已过期; cancelled — 已解除; superseded — 已更新 (a later warning replaced it).
 */
export const WARNING_STATUSES = ['scheduled', 'active', 'expired', 'cancelled', 'superseded'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

export const WARNING_STATUS_LABELS: Record<WarningStatus, string> = {
  scheduled: '未生效',
  active: '生效中',
  expired: '已过期',
  cancelled: '已解除',
  superseded: '已更新',
};

/** Label of a cancellation notice, which has no validity of its own. */
export const CANCELLATION_LABEL = '解除通知';

/** The later warning that updates or cancels this one, as far as status needs it. */
export interface Successor {
  id: string;
  action: 'update' | 'cancel';
  issued: Date;
}

/**
 * In force from its issue time up to and including `validUntil` (a bare date
 * in front matter means the end of that day, so 23:59:59 still counts).
 */
export function isInForce(w: { issued: Date; validUntil?: Date | undefined }, now: Date): boolean {
  const t = now.getTime();
  return w.validUntil !== undefined && t >= w.issued.getTime() && t <= w.validUntil.getTime();
}

/**
 * Status at `now`. A successor only counts once it has been issued; when the
 * warning expired before the successor appeared, it stays expired.
 */
export function warningStatus(w: WarningFacts, successor: Successor | undefined, now: Date): WarningStatus {
  const t = now.getTime();
  if (t < w.issued.getTime()) return 'scheduled';
  const validUntil = w.validUntil?.getTime() ?? w.issued.getTime();
  if (successor && successor.issued.getTime() <= t && successor.issued.getTime() <= validUntil) {
    return successor.action === 'cancel' ? 'cancelled' : 'superseded';
  }
  return t > validUntil ? 'expired' : 'active';
}

export interface WarningLinks {
  /** id → the warning it updates or cancels (only when that warning exists). */
  previous: Map<string, string>;
  /** id → the first later warning that updates or cancels it. */
  next: Map<string, Successor>;
}

/**
 * Who updates or cancels whom. References to unknown warnings are ignored (the
 * content checker reports them); when two warnings claim the same predecessor,
 * the earlier one wins, so the result never depends on file order.
 */
export function linkWarnings(warnings: readonly WarningFacts[]): WarningLinks {
  const byId = new Map(warnings.map((w) => [w.id, w]));
  const previous = new Map<string, string>();
  const next = new Map<string, Successor>();
  const sorted = [...warnings].sort((a, b) => a.issued.getTime() - b.issued.getTime() || a.id.localeCompare(b.id));
  for (const w of sorted) {
    const target = predecessorId(w);
    if (!target || target === w.id || !byId.has(target)) continue;
    previous.set(w.id, target);
    if (!next.has(target)) next.set(target, { id: w.id, action: w.cancels ? 'cancel' : 'update', issued: w.issued });
  }
  return { previous, next };
}

/** The whole chain a warning belongs to, first warning first. Safe against cycles. */
export function warningChain(id: string, links: WarningLinks): string[] {
  const seen = new Set<string>([id]);
  const before: string[] = [];
  for (let p = links.previous.get(id); p !== undefined && !seen.has(p); p = links.previous.get(p)) {
    seen.add(p);
    before.unshift(p);
  }
  const after: string[] = [];
  for (let n = links.next.get(id)?.id; n !== undefined && !seen.has(n); n = links.next.get(n)?.id) {
    seen.add(n);
    after.push(n);
  }
  return [...before, id, ...after];
}

/** Most severe first; among equals the most recent first; then by id for a stable order. */
export function compareWarnings(a: Pick<WarningFacts, 'id' | 'level' | 'issued'>, b: Pick<WarningFacts, 'id' | 'level' | 'issued'>): number {
  // WARNING_LEVELS runs from the most severe, so the index is the rank.
  return WARNING_LEVELS.indexOf(a.level) - WARNING_LEVELS.indexOf(b.level) || b.issued.getTime() - a.issued.getTime() || a.id.localeCompare(b.id);
}

/** Warnings in force at `now` (cancellations excluded), in banner order. */
export function warningsInForce<W extends WarningFacts>(warnings: readonly W[], now: Date, links = linkWarnings(warnings)): W[] {
  return warnings
    .filter((w) => warningAction(w) !== 'cancel' && warningStatus(w, links.next.get(w.id), now) === 'active')
    .sort(compareWarnings);
}

/** 11月30日 08:00 — the short form the banner uses; the year is added when it differs from `now`'s. */
export function shortDateTime(instant: Date, now: Date): string {
  const p = shanghaiParts(instant);
  const time = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  if (p.year !== shanghaiParts(now).year) return formatChineseDateTime(instant);
  return `${p.month}月${p.day}日 ${time}`;
}

/** 有效期至11月30日 08:00 */
export function validUntilText(validUntil: Date, now: Date): string {
  return `有效期至${shortDateTime(validUntil, now)}`;
}
