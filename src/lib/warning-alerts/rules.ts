/**
 * Which warning messages go out, when, and to whom. A message is one warning
 * notice: a new warning (alert), an update or a cancellation. Pure; every
 * rule takes `now`. The store, the outbox and the webhooks are in
 * src/server/warning-alerts.ts; the data comes from /data/warnings.json.
 *
 * - Due: a warning or update while it is in force and not yet replaced (one
 *   replaced before it went out is skipped: its successor goes to everyone it
 *   would have reached); a cancellation only while the warning it lifts would
 *   otherwise still run, and within CANCEL_SEND_WINDOW_MS of its issue. So a
 *   site first deployed with old warnings sends nothing.
 * - To whom: the followers of every area of the chain so far (the message's
 *   own areas and those of the earlier messages it updates or cancels), so an
 *   update that narrows the areas, and the cancellation, reach the same people.
 * - Once per person: someone following several matching areas is reached
 *   through the most specific one (a village before its township before the county).
 */
import { areasOverlap, areaLevelOf } from '../areas/areas.ts';
import { LEVELS, isInForce, linkWarnings, warningAction, warningStatus, type Hazard, type WarningAction, type WarningFacts, type WarningLevel, type WarningLinks } from '../warnings.ts';

export const WARNING_ALERTS_DATA_PATH = '/data/warnings.json';
export const WARNING_ALERTS_DATA_VERSION = 1;

/** A cancellation later than this after its issue is not sent (the pages and CAP feed still show it). */
export const CANCEL_SEND_WINDOW_MS = 24 * 3_600_000;

/** One warning notice as the delivery run needs it. Times are ISO strings (JSON). */
export interface AlertMessage {
  id: string;
  title: string;
  level: WarningLevel;
  hazard: Hazard;
  /** 山洪灾害红色预警 */
  name: string;
  action: WarningAction;
  areas: { code: string; name: string }[];
  issued: string;
  validUntil?: string | undefined;
  updates?: string | undefined;
  cancels?: string | undefined;
  /** Site path of the notice page. */
  path: string;
  issuerName: string;
  summary: string;
  instruction?: string | undefined;
  /** The message's CAP 1.2 document, as /notices/cap/<id>.xml serves it. */
  cap: string;
}

/** /data/warnings.json: written by the build, read by the delivery run of the same deploy. */
export interface WarningAlertsData {
  version: number;
  generated: string;
  site: { name: string; url: string };
  areas: { code: string; name: string; fullName: string }[];
  messages: AlertMessage[];
}

function facts(m: AlertMessage): WarningFacts {
  return { id: m.id, level: m.level, issued: new Date(m.issued), validUntil: m.validUntil ? new Date(m.validUntil) : undefined, updates: m.updates, cancels: m.cancels };
}

export function linkMessages(messages: readonly AlertMessage[]): WarningLinks {
  return linkWarnings(messages.map(facts));
}

/** The messages to deliver at `now`, oldest first (an alert before its update). */
export function messagesDue(messages: readonly AlertMessage[], now: Date, links = linkMessages(messages)): AlertMessage[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const t = now.getTime();
  return messages
    .filter((m) => {
      const issued = Date.parse(m.issued);
      if (issued > t) return false;
      if (warningAction(m) === 'cancel') {
        const lifted = m.cancels ? byId.get(m.cancels) : undefined;
        // Only a cancellation the chain knows (the first one claimed it) lifts anything.
        if (!lifted || links.next.get(lifted.id)?.id !== m.id) return false;
        return t - issued <= CANCEL_SEND_WINDOW_MS && isInForce(facts(lifted), new Date(issued)) && isInForce(facts(lifted), now);
      }
      return warningStatus(facts(m), links.next.get(m.id), now) === 'active';
    })
    .sort((a, b) => Date.parse(a.issued) - Date.parse(b.issued) || a.id.localeCompare(b.id));
}

/** The message and the earlier ones of its chain, oldest first. */
export function chainSoFar(id: string, links: WarningLinks, byId: ReadonlyMap<string, AlertMessage>): AlertMessage[] {
  const out: AlertMessage[] = [];
  const seen = new Set<string>();
  for (let cur: string | undefined = id; cur !== undefined && !seen.has(cur); cur = links.previous.get(cur)) {
    seen.add(cur);
    const m = byId.get(cur);
    if (m) out.unshift(m);
  }
  return out;
}

/** Area codes a message reaches: its own and those of every earlier message of its chain. */
export function chainAreaCodes(id: string, links: WarningLinks, byId: ReadonlyMap<string, AlertMessage>): string[] {
  return [...new Set(chainSoFar(id, links, byId).flatMap((m) => m.areas.map((a) => a.code)))].sort();
}

/** One confirmed area subscription. */
export interface AreaFollow {
  subscriber: string;
  area: string;
  /** The subscription's store key (checked again before sending; unsubscribe stops queued mail). */
  key: string;
}

function depth(code: string): number {
  const level = areaLevelOf(code);
  return level === 'village' ? 3 : level === 'township' ? 2 : 1;
}

/**
 * Everyone whose followed area overlaps the covered ones, once per subscriber,
 * through their most specific matching subscription. Sorted by subscriber.
 */
export function recipientsFor(covered: readonly string[], follows: Iterable<AreaFollow>): AreaFollow[] {
  const best = new Map<string, AreaFollow>();
  for (const f of follows) {
    if (!covered.some((c) => areasOverlap(c, f.area))) continue;
    const held = best.get(f.subscriber);
    if (!held || depth(f.area) > depth(held.area) || (depth(f.area) === depth(held.area) && f.area < held.area)) best.set(f.subscriber, f);
  }
  return [...best.values()].sort((a, b) => a.subscriber.localeCompare(b.subscriber));
}

/** What a message does, as its mail's subject says it. */
export type AlertChange = 'new' | 'raised' | 'lowered' | 'changed' | 'cancelled';

export function alertChange(m: AlertMessage, previous: AlertMessage | undefined): AlertChange {
  const action = warningAction(m);
  if (action === 'cancel') return 'cancelled';
  if (action === 'alert' || !previous) return 'new';
  const diff = LEVELS[previous.level].rank - LEVELS[m.level].rank;
  return diff > 0 ? 'raised' : diff < 0 ? 'lowered' : 'changed';
}
