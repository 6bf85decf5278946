/**
 * Checks a CAP 1.2 <alert> parsed with fast-xml-parser against the standard:
 * required elements, the XML schema's element order, the enumerations, and the
 * sender/identifier/references/time formats. Used by unit and build tests.
 */
import { XMLParser } from 'fast-xml-parser';
import { expect } from 'vitest';

const ALERT_ORDER = ['identifier', 'sender', 'sent', 'status', 'msgType', 'source', 'scope', 'restriction', 'addresses', 'code', 'note', 'references', 'incidents', 'info'];
const INFO_ORDER = ['language', 'category', 'event', 'responseType', 'urgency', 'severity', 'certainty', 'audience', 'eventCode', 'effective', 'onset', 'expires', 'senderName', 'headline', 'description', 'instruction', 'web', 'contact', 'parameter', 'resource', 'area'];
export const ENUMS = {
  status: ['Actual', 'Exercise', 'System', 'Test', 'Draft'],
  msgType: ['Alert', 'Update', 'Cancel', 'Ack', 'Error'],
  scope: ['Public', 'Restricted', 'Private'],
  category: ['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other'],
  responseType: ['Shelter', 'Evacuate', 'Prepare', 'Execute', 'Avoid', 'Monitor', 'Assess', 'AllClear', 'None'],
  urgency: ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'],
  severity: ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'],
  certainty: ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'],
};
/** CAP 1.2 §3.3.2: whole seconds, a numeric offset, never Z. */
export const CAP_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
export const TOKEN = /^[^\s,<&]+$/;

export const ordered = new XMLParser({ preserveOrder: true, ignoreAttributes: false, parseTagValue: false });
export const plain = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => name === 'entry' || name === 'category' || name === 'area' || name === 'info' });

export type Ordered = Record<string, unknown>[];
function childNames(nodes: Ordered): string[] {
  return nodes.map((n) => Object.keys(n).find((k) => k !== ':@')!).filter((k) => k !== '#text');
}
export function children(nodes: Ordered, name: string): Ordered {
  return (nodes.find((n) => name in n)?.[name] ?? []) as Ordered;
}
function inOrder(names: string[], order: string[]): boolean {
  const positions = names.map((n) => order.indexOf(n));
  return positions.every((p, i) => p >= 0 && (i === 0 || p >= positions[i - 1]!));
}

/** Every structural rule the tests apply to one parsed <alert>. */
export function assertValidAlert(alert: Record<string, unknown>, orderedAlert: Ordered): void {
  expect(inOrder(childNames(orderedAlert), ALERT_ORDER), childNames(orderedAlert).join(',')).toBe(true);
  for (const required of ['identifier', 'sender', 'sent', 'status', 'msgType', 'scope']) expect(alert[required], required).toBeTruthy();
  expect(alert['identifier']).toMatch(TOKEN);
  expect(alert['sender']).toMatch(TOKEN);
  expect(alert['sent']).toMatch(CAP_TIME);
  expect(ENUMS.status).toContain(alert['status']);
  expect(ENUMS.msgType).toContain(alert['msgType']);
  expect(ENUMS.scope).toContain(alert['scope']);
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
  const orderedInfos = orderedAlert.filter((n) => 'info' in n).map((n) => n['info'] as Ordered);
  for (const [i, info] of infos.entries()) {
    expect(inOrder(childNames(orderedInfos[i]!), INFO_ORDER), childNames(orderedInfos[i]!).join(',')).toBe(true);
    expect(info['language']).toBe('zh-CN');
    for (const c of info['category'] as string[]) expect(ENUMS.category).toContain(c);
    expect(info['event']).toBeTruthy();
    expect(ENUMS.urgency).toContain(info['urgency']);
    expect(ENUMS.severity).toContain(info['severity']);
    expect(ENUMS.certainty).toContain(info['certainty']);
    if (info['responseType'] !== undefined) expect(ENUMS.responseType).toContain(info['responseType']);
    for (const t of ['effective', 'expires']) if (info[t] !== undefined) expect(info[t], t).toMatch(CAP_TIME);
    expect(info['senderName']).toBeTruthy();
    expect(info['headline']).toBeTruthy();
    expect(info['description']).toBeTruthy();
    const areas = info['area'] as Record<string, unknown>[];
    expect(areas.length).toBeGreaterThan(0);
    for (const a of areas) expect(a['areaDesc']).toBeTruthy();
  }
}

export function parseAlert(xml: string) {
  const p = plain.parse(xml) as { alert: Record<string, unknown> };
  const o = ordered.parse(xml) as Ordered;
  return { alert: p.alert, orderedAlert: children(o, 'alert') };
}

