/**
 * Grading by 《城市黑臭水体整治工作指南》表2-1: every threshold on both sides, the
 * shallow-water footnote, and the 60% / 30% rule for a monitoring point.
 */
import { describe, expect, it } from 'vitest';
import {
  classifyPoint,
  classifyWaterBody,
  GRADING_TABLE,
  gradeBands,
  gradeValue,
  mildRange,
  severeStretches,
  type Grade,
  type Indicator,
  type Sample,
} from '../../src/lib/black-odorous.ts';

describe('gradeValue: the thresholds of 表2-1', () => {
  const cases: [Indicator, number, Grade][] = [
    // 透明度 25～10 cm 轻度, <10 重度 (ends of a range are included)
    ['transparency', 25.1, 'none'],
    ['transparency', 25, 'mild'],
    ['transparency', 17, 'mild'],
    ['transparency', 10, 'mild'],
    ['transparency', 9.9, 'severe'],
    ['transparency', 0, 'severe'],
    // 溶解氧 0.2～2.0 mg/L 轻度, <0.2 重度
    ['dissolvedOxygen', 2.01, 'none'],
    ['dissolvedOxygen', 2.0, 'mild'],
    ['dissolvedOxygen', 0.2, 'mild'],
    ['dissolvedOxygen', 0.19, 'severe'],
    // 氧化还原电位 −200～50 mV 轻度, <−200 重度
    ['orp', 50.1, 'none'],
    ['orp', 50, 'mild'],
    ['orp', -200, 'mild'],
    ['orp', -200.1, 'severe'],
    // 氨氮 8.0～15 mg/L 轻度, >15 重度 (higher is dirtier)
    ['ammoniaNitrogen', 7.99, 'none'],
    ['ammoniaNitrogen', 8.0, 'mild'],
    ['ammoniaNitrogen', 15, 'mild'],
    ['ammoniaNitrogen', 15.01, 'severe'],
  ];
  it.each(cases)('%s = %d → %s', (indicator, value, grade) => {
    expect(gradeValue(indicator, value)).toBe(grade);
  });

  it('depth does not change the other indicators', () => {
    expect(gradeValue('dissolvedOxygen', 0.19, 10)).toBe('severe');
    expect(gradeValue('ammoniaNitrogen', 8.0, 10)).toBe('mild');
  });

  it('refuses values that are not numbers and depths that are not positive', () => {
    expect(() => gradeValue('orp', Number.NaN)).toThrow(RangeError);
    expect(() => gradeValue('transparency', 10, 0)).toThrow(RangeError);
    expect(() => gradeValue('transparency', 10, -5)).toThrow(RangeError);
  });
});

describe('gradeValue: water shallower than 25 cm (注：按水深的40%取值)', () => {
  it('at exactly 25 cm deep the standard thresholds apply', () => {
    expect(mildRange('transparency', 25)).toEqual({ low: 10, high: 25 });
    expect(gradeValue('transparency', 24, 25)).toBe('mild');
    expect(gradeValue('transparency', 9.9, 25)).toBe('severe');
  });

  it('at 20 cm deep both thresholds become 8 cm: below is 重度, exactly is 轻度, above is not black-odorous', () => {
    expect(mildRange('transparency', 20)).toEqual({ low: 8, high: 8 });
    expect(gradeValue('transparency', 7.9, 20)).toBe('severe');
    expect(gradeValue('transparency', 8, 20)).toBe('mild');
    expect(gradeValue('transparency', 8.1, 20)).toBe('none');
    // Seen to the bottom: not black-odorous although under the standard 10 cm.
    expect(gradeValue('transparency', 20, 20)).toBe('none');
  });

  it('40% of a fractional depth has no floating-point residue', () => {
    expect(mildRange('transparency', 20.5)).toEqual({ low: 8.2, high: 8.2 });
    expect(gradeValue('transparency', 8.2, 20.5)).toBe('mild');
    expect(mildRange('transparency', 24.9).high).toBe(9.96);
  });

  it('without a depth, the standard thresholds apply', () => {
    expect(gradeValue('transparency', 9, undefined)).toBe('severe');
  });
});

describe('classifyPoint: 1项指标60%以上或不少于2项指标30%以上数据达到重度', () => {
  const severe: Sample = { transparency: 5, dissolvedOxygen: 0.1, orp: -250, ammoniaNitrogen: 18 };
  const mild: Sample = { transparency: 15, dissolvedOxygen: 1, orp: -100, ammoniaNitrogen: 10 };
  const clean: Sample = { transparency: 60, dissolvedOxygen: 5, orp: 150, ammoniaNitrogen: 1 };

  it('no data: no grade', () => {
    expect(classifyPoint([])).toBeUndefined();
    expect(classifyPoint([{ depth: 50 }])).toBeUndefined();
  });

  it('one indicator with 3 of 5 values (60%) at 重度 → 重度; 2 of 5 (40%) alone → 轻度', () => {
    const dox = (v: number): Sample => ({ dissolvedOxygen: v });
    expect(classifyPoint([dox(0.1), dox(0.1), dox(0.1), dox(1), dox(1)])?.grade).toBe('severe');
    expect(classifyPoint([dox(0.1), dox(0.1), dox(1), dox(1), dox(1)])?.grade).toBe('mild');
  });

  it('two indicators with 3 of 10 values (30%) each at 重度 → 重度; one of them at 2 of 10 → 轻度', () => {
    const make = (severeOrp: number, severeNh3: number): Sample[] =>
      Array.from({ length: 10 }, (_, i) => ({ orp: i < severeOrp ? -250 : -100, ammoniaNitrogen: i < severeNh3 ? 20 : 10 }));
    const at30 = classifyPoint(make(3, 3))!;
    expect(at30.grade).toBe('severe');
    expect(at30.severeThirty).toEqual(['orp', 'ammoniaNitrogen']);
    expect(at30.severeMajority).toEqual([]);
    expect(classifyPoint(make(3, 2))?.grade).toBe('mild');
  });

  it('counts each indicator over its own measurements (a missing value is not a clean one)', () => {
    // Transparency measured only twice, both 重度: 100% of its data.
    const samples: Sample[] = [
      { transparency: 5, dissolvedOxygen: 1 },
      { transparency: 6, dissolvedOxygen: 1 },
      { dissolvedOxygen: 1 },
      { dissolvedOxygen: 1 },
    ];
    const g = classifyPoint(samples)!;
    expect(g.tallies.transparency).toEqual({ total: 2, severe: 2, blackOdorous: 2 });
    expect(g.grade).toBe('severe');
  });

  it('applies the shallow-water rule per sample', () => {
    // 8 cm of transparency: 重度 in deep water, not black-odorous in 15 cm of water (threshold 6 cm).
    const deep = classifyPoint([{ transparency: 8, depth: 100 }, { transparency: 8, depth: 100 }, { transparency: 8, depth: 100 }]);
    const shallow = classifyPoint([{ transparency: 8, depth: 15 }, { transparency: 8, depth: 15 }, { transparency: 8, depth: 15 }]);
    expect(deep?.grade).toBe('severe');
    expect(shallow?.grade).toBe('none');
  });

  it('after remediation: clean data → 不黑臭; a single 轻度 reading among clean ones does not make the point black-odorous', () => {
    expect(classifyPoint([clean, clean, clean])?.grade).toBe('none');
    expect(classifyPoint([clean, clean, clean, clean, mild])?.grade).toBe('none');
    // 轻度 in 2 of 3 samplings (67%) on every indicator → 轻度.
    expect(classifyPoint([mild, mild, clean])?.grade).toBe('mild');
    expect(classifyPoint([severe, severe, mild])?.grade).toBe('severe');
  });
});

describe('classifyWaterBody and severe stretches', () => {
  it('60% or more of the points 重度 → 重度', () => {
    expect(classifyWaterBody(['severe', 'severe', 'severe', 'mild', 'mild'])).toBe('severe');
    expect(classifyWaterBody(['severe', 'severe', 'mild', 'mild', 'mild'])).toBe('mild');
    expect(classifyWaterBody(['severe', 'severe', 'none'])).toBe('severe');
    expect(classifyWaterBody(['severe', 'none', 'none'])).toBe('mild');
    expect(classifyWaterBody(['none', 'none'])).toBe('none');
    expect(classifyWaterBody([])).toBeUndefined();
  });

  it('连续3个以上检测点重度: the stretches between them', () => {
    expect(severeStretches(['severe', 'severe', 'mild', 'severe', 'severe', 'severe'])).toEqual([[3, 5]]);
    expect(severeStretches(['severe', 'severe', 'severe', 'severe', 'none'])).toEqual([[0, 3]]);
    expect(severeStretches(['severe', 'severe', undefined, 'severe'])).toEqual([]);
    expect(severeStretches([])).toEqual([]);
  });
});

describe('gradeBands', () => {
  it('places 重度 below the range for transparency, DO and ORP and above it for ammonia nitrogen', () => {
    expect(gradeBands('orp')).toEqual([
      { kind: 'severe', from: -Infinity, to: -200 },
      { kind: 'mild', from: -200, to: 50 },
      { kind: 'none', from: 50, to: Infinity },
    ]);
    expect(gradeBands('ammoniaNitrogen')[2]).toEqual({ kind: 'severe', from: 15, to: Infinity });
  });
});

describe('GRADING_TABLE: the texts pages show say what the grading does', () => {
  const num = (t: string) => Number(t.replace('−', '-'));
  it.each(['transparency', 'dissolvedOxygen', 'orp', 'ammoniaNitrogen'] as const)('%s', (indicator) => {
    const { mild, severe } = GRADING_TABLE[indicator];
    const [a, b] = mild.split('～').map(num) as [number, number];
    const { low, high } = mildRange(indicator);
    expect([Math.min(a, b), Math.max(a, b)]).toEqual([low, high]);
    // Both ends of the printed range are 轻度; the printed 重度 bound is not itself 重度.
    expect(gradeValue(indicator, a)).toBe('mild');
    expect(gradeValue(indicator, b)).toBe('mild');
    const bound = num(severe.slice(1));
    expect(gradeValue(indicator, bound)).toBe('mild');
    expect(gradeValue(indicator, severe.startsWith('<') ? bound - 0.01 : bound + 0.01)).toBe('severe');
  });
});
