/** Warning levels, the in-force rule at its boundaries (Beijing time), status, update chains and banner order. */
import { describe, expect, it } from 'vitest';
import {
  LEVELS,
  LEVEL_SLUGS,
  WARNING_LEVELS,
  compareWarnings,
  isInForce,
  levelFromSlug,
  linkWarnings,
  normalizeLevel,
  shortDateTime,
  validUntilText,
  warningChain,
  warningName,
  warningStatus,
  warningsInForce,
  type WarningFacts,
} from '../../src/lib/warnings.ts';
import { endOfShanghaiDay, shanghaiWallClock } from '../../src/lib/time.ts';

const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => shanghaiWallClock(y, mo, d, h, mi, s, ms);
const warning = (over: Partial<WarningFacts> = {}): WarningFacts => ({
  id: 'w1',
  level: '红色',
  issued: at(2020, 7, 5, 17),
  validUntil: at(2020, 7, 6, 17),
  ...over,
});

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(full.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('levels', () => {
  it('are ordered from the most severe, with grades Ⅰ–Ⅳ', () => {
    expect(WARNING_LEVELS).toEqual(['红色', '橙色', '黄色', '蓝色']);
    expect(WARNING_LEVELS.map((l) => LEVELS[l].rank)).toEqual([1, 2, 3, 4]);
    expect(WARNING_LEVELS.map((l) => LEVELS[l].grade)).toEqual(['Ⅰ级', 'Ⅱ级', 'Ⅲ级', 'Ⅳ级']);
  });

  it('keep text at AA contrast (4.5:1) on each level colour', () => {
    for (const l of WARNING_LEVELS) {
      expect(contrast(LEVELS[l].background, LEVELS[l].text), l).toBeGreaterThanOrEqual(4.5);
    }
    // The contrast helper itself: black on white is 21:1, and pure red with white text fails AA.
    expect(contrast('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrast('#ff0000', '#fff')).toBeLessThan(4.5);
  });

  it('accept the short form editors write, and nothing else', () => {
    expect(normalizeLevel('红')).toBe('红色');
    expect(normalizeLevel(' 蓝 ')).toBe('蓝色');
    expect(normalizeLevel('黄色')).toBe('黄色');
    expect(normalizeLevel('紫')).toBe('紫');
    expect(normalizeLevel(3)).toBe(3);
    expect(levelFromSlug('orange')).toBe('橙色');
    expect(levelFromSlug('purple')).toBeUndefined();
  });

  it('name a warning by hazard and level', () => {
    expect(warningName('山洪', '红色')).toBe('山洪灾害红色预警');
    expect(warningName('寒潮', '蓝色')).toBe('寒潮蓝色预警');
  });
});

describe('isInForce (Beijing time boundaries)', () => {
  const w = { issued: at(2026, 11, 28, 6), validUntil: at(2026, 11, 30, 8) };

  it('starts at the issue instant, not a millisecond earlier', () => {
    expect(isInForce(w, at(2026, 11, 28, 5, 59, 59, 999))).toBe(false);
    expect(isInForce(w, at(2026, 11, 28, 6))).toBe(true);
  });

  it('includes the valid-until instant and ends one millisecond later', () => {
    expect(isInForce(w, at(2026, 11, 30, 8))).toBe(true);
    expect(isInForce(w, at(2026, 11, 30, 8, 0, 0, 1))).toBe(false);
  });

  it('reads times in Beijing time, not UTC: 08:00 in Beijing is 00:00 UTC', () => {
    expect(w.validUntil.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(isInForce(w, new Date('2026-11-30T00:00:00.001Z'))).toBe(false);
  });

  it('keeps a bare-date validity to the very end of that Beijing day', () => {
    const day = { issued: at(2020, 7, 7, 14), validUntil: endOfShanghaiDay('2020-07-09') };
    expect(isInForce(day, at(2020, 7, 9, 23, 59, 59, 999))).toBe(true);
    expect(isInForce(day, at(2020, 7, 10))).toBe(false);
  });

  it('is never in force without a validity (a cancellation)', () => {
    expect(isInForce({ issued: at(2020, 7, 8, 7) }, at(2020, 7, 8, 8))).toBe(false);
  });
});

describe('warningStatus', () => {
  const w = warning();

  it('runs scheduled → active → expired', () => {
    expect(warningStatus(w, undefined, at(2020, 7, 5, 16, 59))).toBe('scheduled');
    expect(warningStatus(w, undefined, at(2020, 7, 5, 17))).toBe('active');
    expect(warningStatus(w, undefined, at(2020, 7, 6, 17))).toBe('active');
    expect(warningStatus(w, undefined, at(2020, 7, 6, 17, 0, 0, 1))).toBe('expired');
  });

  it('becomes cancelled or superseded only once the successor is issued', () => {
    const cancel = { id: 'c', action: 'cancel' as const, issued: at(2020, 7, 6, 8) };
    expect(warningStatus(w, cancel, at(2020, 7, 6, 7, 59))).toBe('active');
    expect(warningStatus(w, cancel, at(2020, 7, 6, 8))).toBe('cancelled');
    expect(warningStatus(w, { ...cancel, action: 'update' }, at(2020, 7, 6, 8))).toBe('superseded');
    // Still cancelled long after the original validity would have ended.
    expect(warningStatus(w, cancel, at(2021, 1, 1))).toBe('cancelled');
  });

  it('stays expired when the successor came after the warning had already expired', () => {
    const late = { id: 'c', action: 'cancel' as const, issued: at(2020, 7, 6, 18) };
    expect(warningStatus(w, late, at(2020, 7, 7))).toBe('expired');
  });
});

describe('chains of updates', () => {
  const first = warning({ id: 'a' });
  const update = warning({ id: 'b', issued: at(2020, 7, 6, 16), validUntil: at(2020, 7, 7, 16), updates: 'a' });
  const cancel = warning({ id: 'c', issued: at(2020, 7, 7, 7), validUntil: undefined, cancels: 'b' });

  it('links each warning to what it updates or cancels, and back', () => {
    const links = linkWarnings([cancel, first, update]);
    expect(links.previous.get('b')).toBe('a');
    expect(links.previous.get('c')).toBe('b');
    expect(links.next.get('a')).toMatchObject({ id: 'b', action: 'update' });
    expect(links.next.get('b')).toMatchObject({ id: 'c', action: 'cancel' });
    expect(warningChain('b', links)).toEqual(['a', 'b', 'c']);
    expect(warningChain('a', links)).toEqual(['a', 'b', 'c']);
  });

  it('lets the earlier of two competing successors win, whatever the file order', () => {
    const rival = warning({ id: 'z', issued: at(2020, 7, 6, 18), updates: 'a' });
    for (const order of [[first, update, rival], [rival, update, first]]) {
      expect(linkWarnings(order).next.get('a')?.id).toBe('b');
    }
  });

  it('ignores references to unknown warnings and to itself, and survives a cycle', () => {
    const orphan = warning({ id: 'o', updates: 'missing' });
    const self = warning({ id: 's', updates: 's' });
    const links = linkWarnings([orphan, self]);
    expect(links.previous.size).toBe(0);
    const x = warning({ id: 'x', updates: 'y' });
    const y = warning({ id: 'y', updates: 'x', issued: at(2020, 7, 5, 18) });
    const cyc = linkWarnings([x, y]);
    expect(warningChain('x', cyc)).toHaveLength(2);
  });

  it('shows only the latest warning of a chain as in force', () => {
    const inForce = warningsInForce([first, update, cancel], at(2020, 7, 6, 20));
    expect(inForce.map((w) => w.id)).toEqual(['b']);
    expect(warningsInForce([first, update, cancel], at(2020, 7, 7, 7))).toEqual([]);
  });
});

describe('banner order', () => {
  it('puts the most severe first, then the most recent, then by id', () => {
    const now = at(2026, 11, 28, 10);
    const ws = [
      warning({ id: 'blue', level: '蓝色', issued: at(2026, 11, 28, 9), validUntil: at(2026, 11, 29) }),
      warning({ id: 'red-old', level: '红色', issued: at(2026, 11, 28, 1), validUntil: at(2026, 11, 29) }),
      warning({ id: 'yellow', level: '黄色', issued: at(2026, 11, 28, 8), validUntil: at(2026, 11, 29) }),
      warning({ id: 'red-new', level: '红色', issued: at(2026, 11, 28, 5), validUntil: at(2026, 11, 29) }),
      warning({ id: 'orange', level: '橙色', issued: at(2026, 11, 28, 2), validUntil: at(2026, 11, 29) }),
      warning({ id: 'expired', level: '红色', issued: at(2026, 11, 27), validUntil: at(2026, 11, 28, 9) }),
    ];
    expect(warningsInForce(ws, now).map((w) => w.id)).toEqual(['red-new', 'red-old', 'orange', 'yellow', 'blue']);
    expect(compareWarnings(ws[0]!, { ...ws[0]!, id: 'a' })).toBeGreaterThan(0);
  });

  it('words the valid-until time briefly, with the year only when it differs', () => {
    const now = at(2026, 11, 28, 10);
    expect(validUntilText(at(2026, 11, 30, 8), now)).toBe('有效期至11月30日 08:00');
    expect(shortDateTime(at(2027, 1, 2, 8, 5), now)).toBe('2027年1月2日 08:05');
  });
});

describe('level slugs', () => {
  it('are the same in LEVEL_SLUGS (browser) and LEVELS (pages)', () => {
    for (const l of WARNING_LEVELS) expect(LEVEL_SLUGS[l]).toBe(LEVELS[l].slug);
  });
});
