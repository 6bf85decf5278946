/**
 * CAP 1.2 output parsed back with fast-xml-parser: every required element, in
 * the schema's order, with values from the CAP enumerations, the documented
 * level mapping, and the sender/identifier/references/time formats.
 */
import { describe, expect, it } from 'vitest';
import {
  CAP_LEVEL_MAPPING,
  CAP_NAMESPACE,
  capAlertXml,
  capAtomFeed,
  capDocument,
  capIdentifier,
  capSender,
  capTime,
  currentCapWarnings,
  earlierInChain,
  type CapWarning,
} from '../../src/lib/cap.ts';
import { linkWarnings, WARNING_LEVELS } from '../../src/lib/warnings.ts';
import { endOfShanghaiDay, shanghaiWallClock } from '../../src/lib/time.ts';
import { CAP_TIME, assertCapDocument, capSchemaErrors, parseAlert, plain } from '../helpers/cap.ts';

const SITE = { name: '示例网站', url: 'https://gongkai.example.gov.cn' };
const at = (d: number, h: number) => shanghaiWallClock(2020, 7, d, h);
const base: CapWarning = {
  id: 'a',
  title: '山洪灾害红色预警',
  issued: at(5, 17),
  validUntil: at(6, 17),
  level: '红色',
  hazard: '山洪',
  areas: [
    { name: '歙县徽城镇', code: '341021100000', polygon: '29.905,118.395 29.905,118.470 29.840,118.470 29.840,118.395 29.905,118.395' },
    { name: '歙县深渡镇', code: '341021101000' },
  ],
  issuer: { id: 'sx-fzb', name: '歙县防汛抗旱指挥部办公室', phone: '0559-5550401' },
  description: '预计未来24小时内发生山洪灾害的可能性很大。',
  instruction: '立即转移。',
  path: '/notices/a/',
};
const update: CapWarning = { ...base, id: 'b', title: '山洪灾害红色预警（更新）', issued: at(6, 16), validUntil: at(7, 16), updates: 'a', issuer: { id: 'sx-qxj', name: '歙县气象局' } };
const cancel: CapWarning = { ...base, id: 'c', title: '解除山洪灾害红色预警', issued: at(7, 7), validUntil: undefined, cancels: 'b', instruction: undefined };

describe('CAP formats', () => {
  it('writes times with whole seconds and +08:00, never Z or fractions', () => {
    expect(capTime(at(5, 17))).toBe('2020-07-05T17:00:00+08:00');
    expect(capTime(endOfShanghaiDay('2020-07-09'))).toBe('2020-07-09T23:59:59+08:00');
    expect(() => capTime(new Date(Number.NaN))).toThrow();
  });

  it('builds sender and identifier from the site host, refusing restricted characters', () => {
    expect(capSender(SITE, 'sx-fzb')).toBe('sx-fzb@gongkai.example.gov.cn');
    expect(capIdentifier(SITE, 'a')).toBe('gongkai.example.gov.cn:notice:a');
    expect(() => capIdentifier(SITE, 'a b')).toThrow();
    expect(() => capSender(SITE, 'x,y')).toThrow();
    expect(() => capIdentifier(SITE, 'a&b')).toThrow();
  });
});

describe('capAlertXml', () => {
  it('writes a valid new alert with the mapped urgency, severity and certainty', async () => {
    const xml = capDocument(base, [], SITE);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">')).toBe(true);
    await assertCapDocument(xml);
    const { alert } = parseAlert(xml);
    expect(alert['@_xmlns']).toBe(CAP_NAMESPACE);
    expect(alert['msgType']).toBe('Alert');
    expect(alert['references']).toBeUndefined();
    const info = (alert['info'] as Record<string, unknown>[])[0]!;
    expect(info).toMatchObject({
      category: ['Met'],
      event: '山洪灾害红色预警',
      urgency: 'Immediate',
      severity: 'Extreme',
      certainty: 'Likely',
      effective: '2020-07-05T17:00:00+08:00',
      expires: '2020-07-06T17:00:00+08:00',
      senderName: '歙县防汛抗旱指挥部办公室',
      headline: '山洪灾害红色预警',
      instruction: '立即转移。',
      web: 'https://gongkai.example.gov.cn/notices/a/',
      contact: '歙县防汛抗旱指挥部办公室 0559-5550401',
    });
    expect((info['area'] as Record<string, unknown>[])[0]!['areaDesc']).toBe('歙县徽城镇');
  });

  it('maps every level by the documented table', () => {
    expect(WARNING_LEVELS.map((l) => CAP_LEVEL_MAPPING[l].severity)).toEqual(['Extreme', 'Severe', 'Moderate', 'Minor']);
    expect(WARNING_LEVELS.map((l) => CAP_LEVEL_MAPPING[l].urgency)).toEqual(['Immediate', 'Immediate', 'Expected', 'Expected']);
    for (const level of WARNING_LEVELS) {
      const info = (parseAlert(capDocument({ ...base, level }, [], SITE)).alert['info'] as Record<string, unknown>[])[0]!;
      expect(info['severity']).toBe(CAP_LEVEL_MAPPING[level].severity);
      expect(info['event']).toBe(`山洪灾害${level}预警`);
    }
  });

  it('writes an update referencing every earlier message of the chain, oldest first', async () => {
    await assertCapDocument(capDocument(update, [base], SITE));
    const { alert } = parseAlert(capDocument(update, [base], SITE));
    expect(alert['msgType']).toBe('Update');
    expect(alert['sender']).toBe('sx-qxj@gongkai.example.gov.cn');
    expect(alert['references']).toBe('sx-fzb@gongkai.example.gov.cn,gongkai.example.gov.cn:notice:a,2020-07-05T17:00:00+08:00');
  });

  it('writes a cancellation as Cancel, urgency Past, AllClear, no expiry', async () => {
    await assertCapDocument(capDocument(cancel, [base, update], SITE));
    const { alert } = parseAlert(capDocument(cancel, [base, update], SITE));
    expect(alert['msgType']).toBe('Cancel');
    expect(String(alert['references']).split(' ')).toHaveLength(2);
    const info = (alert['info'] as Record<string, unknown>[])[0]!;
    expect(info).toMatchObject({ urgency: 'Past', responseType: 'AllClear', severity: 'Extreme' });
    expect(info['expires']).toBeUndefined();
  });

  it('escapes text and refuses an update without the warning it updates', () => {
    const xml = capAlertXml({ ...base, title: '预警 <测试> & "引号"', description: 'a < b & c' }, [], SITE);
    expect(xml).toContain('<headline>预警 &lt;测试&gt; &amp; &quot;引号&quot;</headline>');
    expect((parseAlert(xml).alert['info'] as Record<string, unknown>[])[0]!['description']).toBe('a < b & c');
    expect(() => capAlertXml(update, [], SITE)).toThrow(/needs the warning/);
  });
});

describe('the CAP checker used by these tests', () => {
  const good = capDocument(base, [], SITE);

  it('the schema refuses elements out of order, Z times, unknown enumerations, a geocode without value, an unknown element', async () => {
    expect(await capSchemaErrors(good)).toEqual([]);
    const swapped = good.replace(/(<identifier>.*<\/identifier>)\n(\s*)(<sender>.*<\/sender>)/, '$3\n$2$1');
    const broken = [
      swapped,
      good.replace('2020-07-05T17:00:00+08:00</sent>', '2020-07-05T09:00:00Z</sent>'),
      good.replace('<severity>Extreme</severity>', '<severity>Red</severity>'),
      good.replace(/<value>341021101000<\/value>\n\s*/, ''),
      good.replace('<areaDesc>歙县深渡镇</areaDesc>', '<areaDesc>歙县深渡镇</areaDesc>\n        <township>深渡镇</township>'),
      good.replace('<status>Actual</status>\n', ''),
    ];
    for (const xml of broken) {
      expect(xml).not.toBe(good);
      expect(await capSchemaErrors(xml), xml.slice(0, 400)).not.toEqual([]);
    }
  });

  it('the profile refuses malformed references, an empty areaDesc and an area without its code', async () => {
    await expect(assertCapDocument(good)).resolves.toBeUndefined();
    const broken = [
      good.replace('<msgType>Alert</msgType>', '<msgType>Update</msgType>').replace('<scope>Public</scope>', '<scope>Public</scope>\n  <references>only-an-id</references>'),
      good.replace('<areaDesc>歙县深渡镇</areaDesc>', '<areaDesc></areaDesc>'),
      good.replace(/\s*<geocode>\s*<valueName>[^<]*<\/valueName>\s*<value>341021101000<\/value>\s*<\/geocode>/, ''),
    ];
    for (const xml of broken) {
      expect(xml).not.toBe(good);
      await expect(assertCapDocument(xml), xml.slice(0, 400)).rejects.toThrow();
    }
  });

  it('writes one area per covered area with its code as geocode and the polygon where given', () => {
    const info = (parseAlert(good).alert['info'] as Record<string, unknown>[])[0]!;
    expect(info['area']).toEqual([
      { areaDesc: '歙县徽城镇', polygon: '29.905,118.395 29.905,118.470 29.840,118.470 29.840,118.395 29.905,118.395', geocode: { valueName: 'CN-STATS-AREA-CODE', value: '341021100000' } },
      { areaDesc: '歙县深渡镇', geocode: { valueName: 'CN-STATS-AREA-CODE', value: '341021101000' } },
    ]);
  });
});

describe('the feed of current warnings', () => {
  const all = [base, update, cancel];
  const links = linkWarnings(all);
  const byId = new Map(all.map((w) => [w.id, w]));

  it('carries only the latest warning in force, then the cancellation while the lifted warning would still run', () => {
    expect(currentCapWarnings(all, links, at(5, 18)).map((w) => w.id)).toEqual(['a']);
    expect(currentCapWarnings(all, links, at(6, 18)).map((w) => w.id)).toEqual(['b']);
    expect(currentCapWarnings(all, links, at(7, 8)).map((w) => w.id)).toEqual(['c']);
    // After the cancelled warning's own validity has run out nothing is current.
    expect(currentCapWarnings(all, links, shanghaiWallClock(2020, 7, 7, 16, 0, 1))).toEqual([]);
  });

  it('is an Atom feed with one valid CAP alert per entry, inline and linked', async () => {
    const xml = capAtomFeed({ site: SITE, warnings: currentCapWarnings(all, links, at(7, 8)), links, all: byId, now: at(7, 8) });
    const feed = (plain.parse(xml) as { feed: Record<string, unknown> }).feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed['updated']).toMatch(CAP_TIME);
    const entries = feed['entry'] as Record<string, unknown>[];
    expect(entries).toHaveLength(1);
    const content = entries[0]!['content'] as Record<string, unknown>;
    expect(content['@_type']).toBe('application/cap+xml');
    const alert = content['alert'] as Record<string, unknown>;
    await assertCapDocument(xml);
    expect(alert['msgType']).toBe('Cancel');
    expect(earlierInChain('c', links, byId).map((w) => w.id)).toEqual(['a', 'b']);
  });
});
