/**
 * Notices and events as pages, the banner and the feeds use them: entries
 * joined with their issuing body, event and warning chain, and the status of
 * each warning at build time. Astro-specific (astro:content); the rules stay in
 * src/lib (warnings.ts, notices.ts, cap.ts, active-warnings.ts).
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { buildTime, site } from './content.ts';
import { categoryOf, noticeYear, type InformationCategory, type NoticeKind } from '../lib/notices.ts';
import {
  CANCELLATION_LABEL,
  WARNING_STATUS_LABELS,
  linkWarnings,
  warningAction,
  warningChain,
  warningName,
  warningStatus,
  warningsInForce,
  type Hazard,
  type WarningAction,
  type WarningFacts,
  type WarningLevel,
  type WarningLinks,
  type WarningStatus,
} from '../lib/warnings.ts';
import { markdownToPlainText } from '../lib/notices.ts';
import { noticePath } from '../lib/catalogue-sources.ts';
import type { ActiveWarning } from '../lib/active-warnings.ts';
import type { CapWarning } from '../lib/cap.ts';
import { matchesFilter, type NoticeFilter } from '../lib/notice-filters.ts';
import { capAreas } from './areas.ts';

export type NoticeEntry = CollectionEntry<'notices'>;
export type EventEntry = CollectionEntry<'events'>;
type DepartmentEntry = CollectionEntry<'departments'>;

export interface WarningView {
  action: WarningAction;
  /** For a cancellation: the level of the warning it lifts. */
  level: WarningLevel;
  hazard: Hazard;
  areas: string[];
  validUntil: Date | undefined;
  /** 山洪灾害红色预警 */
  name: string;
  /** Status at build time; a cancellation has none of its own. */
  status: WarningStatus | 'cancellation';
  statusLabel: string;
  /** The warning this one updates or cancels. */
  previous: string | undefined;
  /** The later warning that updated or cancelled this one (by build time). */
  next: string | undefined;
  /** Ids of the whole chain, first warning first. */
  chain: string[];
}

export interface NoticeView {
  entry: NoticeEntry;
  id: string;
  path: string;
  title: string;
  kind: NoticeKind;
  category: InformationCategory | undefined;
  issuer: DepartmentEntry;
  issued: Date;
  year: number;
  event: EventView | undefined;
  warning: WarningView | undefined;
}

export interface EventView {
  entry: EventEntry;
  id: string;
  path: string;
  title: string;
  /** Published notices of the event, oldest first (a timeline). */
  notices: NoticeView[];
}

export interface NoticesContent {
  /** Newest first. */
  notices: NoticeView[];
  byId: Map<string, NoticeView>;
  /** Newest first. */
  events: EventView[];
  links: WarningLinks;
  /** In force at build time, most severe first. */
  inForce: NoticeView[];
}

let cache: Promise<NoticesContent> | undefined;

function resolveWarningFacts(entries: NoticeEntry[]): Map<string, WarningFacts & { hazard: Hazard; areas: string[] }> {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const facts = new Map<string, WarningFacts & { hazard: Hazard; areas: string[] }>();
  for (const e of entries) {
    if (e.data.kind !== '预警') continue;
    // A cancellation takes level, hazard and areas from the warning it lifts (unless it states them).
    let source = e;
    for (let hops = 0; source.data.cancels && hops < 50; hops++) {
      const target = byId.get(source.data.cancels);
      if (!target) break;
      source = target;
    }
    const level = e.data.level ?? source.data.level;
    const hazard = e.data.hazard ?? source.data.hazard;
    if (!level || !hazard) throw new Error(`${e.filePath}: warning without level or hazard`);
    facts.set(e.id, {
      id: e.id,
      level,
      hazard,
      areas: e.data.areas ?? source.data.areas ?? [],
      issued: e.data.issued,
      validUntil: e.data.validUntil,
      updates: e.data.updates,
      cancels: e.data.cancels,
    });
  }
  return facts;
}

async function load(): Promise<NoticesContent> {
  const [noticeEntries, eventEntries, departments] = await Promise.all([
    getCollection('notices', (e) => !e.data.draft),
    getCollection('events', (e) => !e.data.draft),
    getCollection('departments'),
  ]);
  const departmentById = new Map(departments.map((d) => [d.id, d]));
  const events = new Map(
    eventEntries.map((entry): [string, EventView] => [entry.id, { entry, id: entry.id, path: `/events/${entry.id}/`, title: entry.data.title, notices: [] }]),
  );
  const facts = resolveWarningFacts(noticeEntries);
  const warningFacts = [...facts.values()];
  const links = linkWarnings(warningFacts);

  const notices = noticeEntries.map((entry): NoticeView => {
    const issuer = departmentById.get(entry.data.issuer);
    if (!issuer) throw new Error(`${entry.filePath}: unknown issuer ${entry.data.issuer}`);
    const event = entry.data.event ? events.get(entry.data.event) : undefined;
    if (entry.data.event && !event) throw new Error(`${entry.filePath}: unknown event ${entry.data.event}`);
    const f = facts.get(entry.id);
    let warning: WarningView | undefined;
    if (f) {
      const action = warningAction(f);
      const status = action === 'cancel' ? 'cancellation' : warningStatus(f, links.next.get(f.id), buildTime);
      warning = {
        action,
        level: f.level,
        hazard: f.hazard,
        areas: f.areas,
        validUntil: f.validUntil,
        name: warningName(f.hazard, f.level),
        status,
        statusLabel: status === 'cancellation' ? CANCELLATION_LABEL : WARNING_STATUS_LABELS[status],
        previous: links.previous.get(f.id),
        next: links.next.get(f.id)?.id,
        chain: warningChain(f.id, links),
      };
    }
    return {
      entry,
      id: entry.id,
      path: noticePath(entry.id),
      title: entry.data.title,
      kind: entry.data.kind,
      category: categoryOf(entry.data),
      issuer,
      issued: entry.data.issued,
      year: noticeYear(entry.data.issued),
      event,
      warning,
    };
  });
  notices.sort((a, b) => b.issued.getTime() - a.issued.getTime() || a.id.localeCompare(b.id));
  const byId = new Map(notices.map((n) => [n.id, n]));
  for (const n of [...notices].reverse()) n.event?.notices.push(n);

  const inForce = warningsInForce(warningFacts, buildTime, links)
    .map((w) => byId.get(w.id))
    .filter((n): n is NoticeView => n !== undefined);

  const eventList = [...events.values()].sort((a, b) => b.entry.data.starts.getTime() - a.entry.data.starts.getTime() || a.id.localeCompare(b.id));
  return { notices, byId, events: eventList, links, inForce };
}

/** All notices and events, loaded once per build. */
export function noticesContent(): Promise<NoticesContent> {
  cache ??= load();
  return cache;
}

/** The notices a filter page lists, in the given order. */
export function noticesMatching(notices: readonly NoticeView[], filter: NoticeFilter): NoticeView[] {
  return notices.filter((n) => matchesFilter({ kind: n.kind, category: n.category, level: n.warning?.level, year: n.year }, filter));
}

/** A notice as the banner and /notices/active.json publish it (warnings in force only). */
export function activeWarning(n: NoticeView): ActiveWarning {
  const w = n.warning;
  if (!w || !w.validUntil) throw new Error(`${n.id} is not a warning in force`);
  return { id: n.id, title: n.title, level: w.level, name: w.name, issuerName: n.issuer.data.name, issued: n.issued, validUntil: w.validUntil, path: n.path };
}

/** A warning notice in CAP terms. */
export function capWarning(n: NoticeView): CapWarning {
  const w = n.warning;
  if (!w) throw new Error(`${n.id} is not a warning`);
  return {
    id: n.id,
    title: n.title,
    issued: n.issued,
    validUntil: w.validUntil,
    level: w.level,
    hazard: w.hazard,
    areas: capAreas(w.areas),
    issuer: { id: n.issuer.id, name: n.issuer.data.name, phone: n.issuer.data.phone },
    description: markdownToPlainText(n.entry.body ?? ''),
    instruction: n.entry.data.instruction,
    path: n.path,
    updates: n.entry.data.updates,
    cancels: n.entry.data.cancels,
  };
}


export { buildTime, site };
