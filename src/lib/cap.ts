/**
 * Warnings in the Common Alerting Protocol, CAP 1.2 (OASIS Standard, also
 * ITU-T X.1303), and the Atom feed that carries the warnings currently in force.
 * Pure: warnings come in as plain values; `now` is the build time.
 *
 * Formats (CAP 1.2 §3.2.1, §3.3.2):
 * - identifier: `<site host>:notice:<notice id>`, sender: `<issuer id>@<site host>` —
 *   globally unique, no spaces, commas, `<` or `&`.
 * - times: `YYYY-MM-DDThh:mm:ss+08:00` — no fractional seconds, never `Z`.
 * - references: space-separated `sender,identifier,sent` of every earlier message in the
 *   warning's chain, oldest first, so a receiver that missed one still links them.
 * - element order follows the CAP 1.2 XML schema (alert: identifier, sender, sent, status,
 *   msgType, scope, references, info; info: language, category, event, responseType, urgency,
 *   severity, certainty, effective, expires, senderName, headline, description, instruction,
 *   web, contact, area).
 */
import { escapeXml } from './rss.ts';
import { toShanghaiIso } from './time.ts';
import { AREA_CODE_VALUE_NAME } from './areas/areas.ts';
import { HAZARDS, LEVELS, isInForce, warningAction, warningName, warningStatus, type Hazard, type WarningLinks, type WarningLevel } from './warnings.ts';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';

export type CapUrgency = 'Immediate' | 'Expected' | 'Future' | 'Past' | 'Unknown';
export type CapSeverity = 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown';
export type CapCertainty = 'Observed' | 'Likely' | 'Possible' | 'Unlikely' | 'Unknown';

/** CAP severities in the words of 国家突发事件预警 (特别严重、严重、较重、一般), for visitors. */
export const CAP_SEVERITY_LABELS: Record<CapSeverity, string> = {
  Extreme: '特别严重',
  Severe: '严重',
  Moderate: '较重',
  Minor: '一般',
  Unknown: '未知',
};

/**
 * How a warning level maps to CAP urgency, severity and certainty.
 *
 * Severity follows the four grades of the national emergency plans (Ⅰ级 特别严重 →
 * Extreme … Ⅳ级 一般 → Minor). A red or orange warning calls for action now
 * (Immediate); yellow and blue ask people to prepare (Expected). A warning is a
 * forecast the issuer considers more likely than not (Likely). A cancellation
 * keeps the severity of what it lifts, with urgency Past and responseType AllClear.
 */
export const CAP_LEVEL_MAPPING: Record<WarningLevel, { urgency: CapUrgency; severity: CapSeverity; certainty: CapCertainty }> = {
  红色: { urgency: 'Immediate', severity: 'Extreme', certainty: 'Likely' },
  橙色: { urgency: 'Immediate', severity: 'Severe', certainty: 'Likely' },
  黄色: { urgency: 'Expected', severity: 'Moderate', certainty: 'Likely' },
  蓝色: { urgency: 'Expected', severity: 'Minor', certainty: 'Likely' },
};

export interface CapSite {
  name: string;
  /** Public address of the site (site.yaml `url`). */
  url: string;
}

/** One area of a warning: <areaDesc>, the editor's <polygon> if any, the area code as <geocode>. */
export interface CapArea {
  /** Full name, e.g. 歙县徽城镇. */
  name: string;
  /** 12-digit statistical area code; absent only where no area directory exists. */
  code?: string | undefined;
  polygon?: string | undefined;
}

/** A warning notice as CAP needs it. A cancellation carries the level, hazard and areas of what it lifts. */
export interface CapWarning {
  id: string;
  title: string;
  issued: Date;
  validUntil?: Date | undefined;
  level: WarningLevel;
  hazard: Hazard;
  areas: readonly CapArea[];
  issuer: { id: string; name: string; phone?: string | undefined };
  /** Plain text of the notice. */
  description: string;
  instruction?: string | undefined;
  /** Site path of the notice page, e.g. /notices/<id>/ */
  path: string;
  updates?: string | undefined;
  cancels?: string | undefined;
}

function siteHost(site: CapSite): string {
  return new URL(site.url).host;
}

function absolute(site: CapSite, path: string): string {
  const base = site.url.endsWith('/') ? site.url : `${site.url}/`;
  return new URL(path.replace(/^\//, ''), base).href;
}

const RESTRICTED = /[\s,<&]/;

function assertToken(what: string, value: string): string {
  if (!value || RESTRICTED.test(value)) throw new Error(`CAP ${what} must not be empty or contain spaces, commas, < or &: ${value}`);
  return value;
}

export function capIdentifier(site: CapSite, noticeId: string): string {
  return assertToken('identifier', `${siteHost(site)}:notice:${noticeId}`);
}

export function capSender(site: CapSite, issuerId: string): string {
  return assertToken('sender', `${issuerId}@${siteHost(site)}`);
}

/** CAP date-time: `2020-07-05T16:00:00+08:00` (whole seconds, numeric offset). */
export function capTime(instant: Date): string {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid date');
  // Whole seconds, rounded down: an end-of-day 23:59:59.999 becomes 23:59:59.
  return toShanghaiIso(new Date(t - (((t % 1000) + 1000) % 1000)));
}

/** Where the standalone CAP document of a warning is published. */
export function capDocumentPath(noticeId: string): string {
  return `/notices/cap/${noticeId}.xml`;
}

export const CAP_FEED_PATH = '/notices/cap.xml';

export function capMsgType(w: Pick<CapWarning, 'updates' | 'cancels'>): 'Alert' | 'Update' | 'Cancel' {
  const action = warningAction(w);
  return action === 'cancel' ? 'Cancel' : action === 'update' ? 'Update' : 'Alert';
}

function el(name: string, value: string, indent: string): string {
  return `${indent}<${name}>${escapeXml(value)}</${name}>`;
}

/**
 * One <alert> element. `earlier` is the chain before this warning, oldest
 * first (empty for a new warning).
 */
export function capAlertXml(w: CapWarning, earlier: readonly CapWarning[], site: CapSite, indent = ''): string {
  const i1 = `${indent}  `;
  const i2 = `${indent}    `;
  const msgType = capMsgType(w);
  if (msgType !== 'Alert' && earlier.length === 0) throw new Error(`CAP ${msgType} ${w.id} needs the warning it refers to`);
  const mapping = CAP_LEVEL_MAPPING[w.level];
  const cancel = msgType === 'Cancel';
  const references = earlier.map((e) => `${capSender(site, e.issuer.id)},${capIdentifier(site, e.id)},${capTime(e.issued)}`).join(' ');
  const lines = [
    `${indent}<alert xmlns="${CAP_NAMESPACE}">`,
    el('identifier', capIdentifier(site, w.id), i1),
    el('sender', capSender(site, w.issuer.id), i1),
    el('sent', capTime(w.issued), i1),
    el('status', 'Actual', i1),
    el('msgType', msgType, i1),
    el('scope', 'Public', i1),
    ...(references ? [el('references', references, i1)] : []),
    `${i1}<info>`,
    el('language', 'zh-CN', i2),
    el('category', HAZARDS[w.hazard].cap, i2),
    el('event', warningName(w.hazard, w.level), i2),
    ...(cancel ? [el('responseType', 'AllClear', i2)] : []),
    el('urgency', cancel ? 'Past' : mapping.urgency, i2),
    el('severity', mapping.severity, i2),
    el('certainty', mapping.certainty, i2),
    el('effective', capTime(w.issued), i2),
    ...(w.validUntil && !cancel ? [el('expires', capTime(w.validUntil), i2)] : []),
    el('senderName', w.issuer.name, i2),
    el('headline', w.title, i2),
    el('description', w.description || w.title, i2),
    ...(w.instruction ? [el('instruction', w.instruction, i2)] : []),
    el('web', absolute(site, w.path), i2),
    ...(w.issuer.phone ? [el('contact', `${w.issuer.name} ${w.issuer.phone}`, i2)] : []),
    ...w.areas.flatMap((a) => capAreaXml(a, i2)),
    `${i1}</info>`,
    `${indent}</alert>`,
  ];
  return lines.join('\n');
}

/**
 * One <area> (CAP 1.2 §3.3.1, schema order areaDesc, polygon, circle, geocode):
 * the area code as a geocode whose valueName is AREA_CODE_VALUE_NAME.
 */
function capAreaXml(a: CapArea, indent: string): string[] {
  const inner = `${indent}  `;
  return [
    `${indent}<area>`,
    el('areaDesc', a.name, inner),
    ...(a.polygon ? [el('polygon', a.polygon.trim().split(/\s+/).join(' '), inner)] : []),
    ...(a.code ? [`${inner}<geocode>`, el('valueName', AREA_CODE_VALUE_NAME, `${inner}  `), el('value', a.code, `${inner}  `), `${inner}</geocode>`] : []),
    `${indent}</area>`,
  ];
}

/** A standalone CAP 1.2 document (what /notices/cap/<id>.xml serves). */
export function capDocument(w: CapWarning, earlier: readonly CapWarning[], site: CapSite): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${capAlertXml(w, earlier, site)}\n`;
}

/**
 * The warnings the CAP feed carries at `now`: every warning in force, and every
 * cancellation of a warning that would otherwise still be in force — so that a
 * receiver holding the original learns it is lifted. Most recent first.
 */
export function currentCapWarnings<W extends CapWarning>(warnings: readonly W[], links: WarningLinks, now: Date): W[] {
  const byId = new Map(warnings.map((w) => [w.id, w]));
  return warnings
    .filter((w) => {
      if (w.cancels !== undefined) {
        const lifted = byId.get(w.cancels);
        return lifted !== undefined && w.issued.getTime() <= now.getTime() && isInForce(lifted, now);
      }
      return warningStatus(w, links.next.get(w.id), now) === 'active';
    })
    .sort((a, b) => b.issued.getTime() - a.issued.getTime() || a.id.localeCompare(b.id));
}

/** The chain before a warning, oldest first, as CAP warnings. */
export function earlierInChain<W extends CapWarning>(id: string, links: WarningLinks, byId: ReadonlyMap<string, W>): W[] {
  const earlier: W[] = [];
  const seen = new Set([id]);
  for (let p = links.previous.get(id); p !== undefined && !seen.has(p); p = links.previous.get(p)) {
    seen.add(p);
    const w = byId.get(p);
    if (w) earlier.unshift(w);
  }
  return earlier;
}

/**
 * Atom feed (RFC 4287) of the current warnings, each entry carrying its CAP
 * <alert> inline (content type application/cap+xml) and linking to the
 * standalone CAP document and to the notice page.
 */
export function capAtomFeed(input: { site: CapSite; warnings: readonly CapWarning[]; links: WarningLinks; all: ReadonlyMap<string, CapWarning>; now: Date }): string {
  const { site, now } = input;
  const feedUrl = absolute(site, CAP_FEED_PATH);
  const entries = input.warnings.map((w) => {
    const earlier = earlierInChain(w.id, input.links, input.all);
    return [
      '  <entry>',
      el('id', absolute(site, capDocumentPath(w.id)), '    '),
      el('title', w.title, '    '),
      el('updated', capTime(w.issued), '    '),
      el('published', capTime(w.issued), '    '),
      `    <author><name>${escapeXml(w.issuer.name)}</name></author>`,
      `    <link rel="alternate" type="application/cap+xml" href="${escapeXml(absolute(site, capDocumentPath(w.id)))}"/>`,
      `    <link rel="related" type="text/html" href="${escapeXml(absolute(site, w.path))}"/>`,
      el('summary', `${warningName(w.hazard, w.level)}（${LEVELS[w.level].grade}，${LEVELS[w.level].gradeName}）`, '    '),
      '    <content type="application/cap+xml">',
      capAlertXml(w, earlier, site, '      '),
      '    </content>',
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="${ATOM_NAMESPACE}" xml:lang="zh-CN">`,
    el('id', feedUrl, '  '),
    el('title', `${site.name}：生效中的预警（CAP 1.2）`, '  '),
    el('updated', capTime(now), '  '),
    `  <author><name>${escapeXml(site.name)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feedUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(absolute(site, '/notices/kind/warning/'))}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
