/**
 * Checks CAP 1.2 documents: each <alert> against the CAP 1.2 XML schema
 * (tests/fixtures/cap/CAP-v1.2.xsd, with libxml2's xmllint) for elements,
 * order, cardinality and enumerations, then the rules of this site's profile
 * the schema cannot express: sender/identifier/references formats, zh-CN,
 * the info fields the site always writes, and an area code on every area.
 * Used by unit and build tests.
 */
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { expect } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { AREA_CODE_RE, AREA_CODE_VALUE_NAME } from '../../src/lib/areas/areas.ts';

const CAP_SCHEMA = readFileSync(new URL('../fixtures/cap/CAP-v1.2.xsd', import.meta.url), 'utf8');

/** CAP 1.2 §3.3.2: whole seconds, a numeric offset, never Z. */
export const CAP_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
export const TOKEN = /^[^\s,<&]+$/;

export const plain = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => name === 'entry' || name === 'category' || name === 'area' || name === 'info' });


/** The schema's complaints about each <alert> in `xml` (a CAP document or an Atom feed carrying them); [] when valid. */
export async function capSchemaErrors(xml: string): Promise<string[]> {
  const alerts = xml.match(/<alert\b[\s\S]*?<\/alert>/g) ?? [];
  if (alerts.length === 0) return ['no <alert> element'];
  const errors: string[] = [];
  for (const [i, alert] of alerts.entries()) {
    const result = await validateXML({ xml: { fileName: `alert-${i}.xml`, contents: `<?xml version="1.0" encoding="UTF-8"?>\n${alert}` }, schema: { fileName: 'CAP-v1.2.xsd', contents: CAP_SCHEMA } });
    errors.push(...result.errors.map((e) => e.rawMessage));
  }
  return errors;
}

/** Every <alert> in `xml` is valid against the CAP 1.2 schema and keeps this site's profile. */
export async function assertCapDocument(xml: string): Promise<void> {
  expect(await capSchemaErrors(xml), xml.slice(0, 600)).toEqual([]);
  const p = plain.parse(xml) as { alert?: Record<string, unknown>; feed?: { entry?: { content: { alert: Record<string, unknown> } }[] } };
  if (p.alert) assertValidAlert(p.alert);
  for (const entry of p.feed?.entry ?? []) assertValidAlert(entry.content.alert);
}

/** The rules of the site's CAP profile for one parsed <alert> (structure and enumerations: capSchemaErrors). */
function assertValidAlert(alert: Record<string, unknown>): void {
  for (const required of ['identifier', 'sender', 'sent', 'status', 'msgType', 'scope']) expect(alert[required], required).toBeTruthy();
  expect(alert['identifier']).toMatch(TOKEN);
  expect(alert['sender']).toMatch(TOKEN);
  expect(alert['sent']).toMatch(CAP_TIME);
  if (alert['msgType'] !== 'Alert') {
    const refs = String(alert['references']).split(' ');
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) {
      const parts = r.split(',');
      expect(parts).toHaveLength(3);
      expect(parts[0]).toMatch(TOKEN);
      expect(parts[1]).toMatch(TOKEN);
      expect(parts[2]).toMatch(CAP_TIME);
    }
  }
  const infos = alert['info'] as Record<string, unknown>[];
  expect(infos.length).toBeGreaterThan(0);
  for (const info of infos) {
    expect(info['language']).toBe('zh-CN');
    expect(info['event']).toBeTruthy();
    for (const t of ['effective', 'expires']) if (info[t] !== undefined) expect(info[t], t).toMatch(CAP_TIME);
    expect(info['senderName']).toBeTruthy();
    expect(info['headline']).toBeTruthy();
    expect(info['description']).toBeTruthy();
    const areas = info['area'] as Record<string, unknown>[];
    expect(areas.length).toBeGreaterThan(0);
    for (const a of areas) {
      expect(a['areaDesc']).toBeTruthy();
      const geocode = a['geocode'] as { valueName: string; value: string } | undefined;
      expect(geocode?.valueName, String(a['areaDesc'])).toBe(AREA_CODE_VALUE_NAME);
      expect(geocode?.value).toMatch(AREA_CODE_RE);
    }
  }
}

export function parseAlert(xml: string) {
  const p = plain.parse(xml) as { alert: Record<string, unknown> };
  return { alert: p.alert };
}

