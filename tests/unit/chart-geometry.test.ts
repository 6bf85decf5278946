/** Build-time chart geometry: scales, nice ticks, month ticks, paths, markers and bands. */
import { describe, expect, it } from 'vitest';
import {
  buildTimeChart,
  formatTick,
  linePath,
  linearScale,
  markerPath,
  monthTickLabel,
  monthTicks,
  niceStep,
  niceTicks,
  stepDecimals,
  thin,
} from '../../src/lib/chart-geometry.ts';
import { gradeBands, gradeThresholds } from '../../src/lib/black-odorous.ts';

describe('linearScale', () => {
  it('maps the domain onto the range, inverted ranges included', () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(100)).toBe(0);
    expect(y(25)).toBe(150);
    expect(y(-50)).toBe(300);
  });
  it('a zero-width domain maps to the middle; infinite bounds are refused', () => {
    expect(linearScale([5, 5], [0, 10])(5)).toBe(5);
    expect(() => linearScale([0, Infinity], [0, 1])).toThrow(RangeError);
  });
});

describe('nice ticks', () => {
  it('steps of 1, 2, 2.5 and 5 times a power of ten', () => {
    expect(niceStep(100, 5)).toBe(20);
    expect(niceStep(10, 4)).toBe(2.5);
    expect(niceStep(0.9, 5)).toBeCloseTo(0.2);
    expect(niceStep(430, 5)).toBe(100);
    expect(() => niceStep(0)).toThrow(RangeError);
  });

  it('covers the interval with whole steps, negative values included', () => {
    expect(niceTicks(0, 83)).toEqual({ min: 0, max: 100, step: 20, ticks: [0, 20, 40, 60, 80, 100] });
    expect(niceTicks(-260, 170)).toEqual({ min: -300, max: 200, step: 100, ticks: [-300, -200, -100, 0, 100, 200] });
    expect(niceTicks(0, 1.8).ticks).toEqual([0, 0.5, 1, 1.5, 2]);
  });

  it('a value that is already a tick is not pushed to the next one', () => {
    expect(niceTicks(0, 80).max).toBe(80);
    expect(niceTicks(0.2, 0.6).ticks).toEqual([0.2, 0.3, 0.4, 0.5, 0.6]);
  });

  it('widens a single value and refuses a reversed interval', () => {
    const t = niceTicks(5, 5);
    expect(t.min).toBeLessThan(5);
    expect(t.max).toBeGreaterThan(5);
    expect(niceTicks(0, 0).ticks).toContain(0);
    expect(() => niceTicks(3, 1)).toThrow(RangeError);
  });

  it('labels with the decimals of the step and a true minus sign', () => {
    expect(stepDecimals(0.25)).toBe(2);
    expect(stepDecimals(2.5)).toBe(1);
    expect(stepDecimals(50)).toBe(0);
    expect(formatTick(-200, 100)).toBe('−200');
    expect(formatTick(1, 0.5)).toBe('1.0');
    expect(formatTick(0, 100)).toBe('0');
  });
});

describe('month ticks', () => {
  it('all month starts when few, from the first whole month', () => {
    expect(monthTicks('2026-01-10', '2026-04-02')).toEqual(['2026-02-01', '2026-03-01', '2026-04-01']);
    expect(monthTicks('2026-01-01', '2026-02-15')).toEqual(['2026-01-01', '2026-02-01']);
  });

  it('thins a year to every third month, aligned on January', () => {
    expect(monthTicks('2025-10-08', '2026-11-10', 6)).toEqual(['2026-01-01', '2026-04-01', '2026-07-01', '2026-10-01']);
  });

  it('inside one month there is none', () => {
    expect(monthTicks('2026-03-02', '2026-03-20')).toEqual([]);
    expect(() => monthTicks('2026-03-20', '2026-03-02')).toThrow(RangeError);
  });

  it('labels the year under the first tick and under January', () => {
    expect(monthTickLabel('2025-10-01', true)).toEqual(['10月', '2025年']);
    expect(monthTickLabel('2026-01-01', false)).toEqual(['1月', '2026年']);
    expect(monthTickLabel('2026-04-01', false)).toEqual(['4月']);
  });

  it('thin keeps the first item and at most max items', () => {
    expect(thin([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([1, 4, 7]);
    expect(thin([1, 2], 6)).toEqual([1, 2]);
    expect(thin([], 6)).toEqual([]);
  });
});

describe('paths and markers', () => {
  it('a polyline rounded to 0.1', () => {
    expect(linePath([{ x: 1.234, y: 5 }, { x: 10, y: 20.06 }])).toBe('M1.2 5L10 20.1');
    expect(linePath([])).toBe('');
  });
  it('distinct closed shapes centred on the point', () => {
    expect(markerPath('square', 10, 10, 3)).toBe('M7 7h6v6h-6Z');
    expect(markerPath('circle', 10, 10, 3)).toBe('M7 10a3 3 0 1 0 6 0a3 3 0 1 0 -6 0Z');
    expect(markerPath('diamond', 10, 10, 3)).toBe('M10 6.1L13.9 10L10 13.9L6.1 10Z');
    expect(markerPath('triangle', 10, 10, 3)).toMatch(/^M10 6.4L.*Z$/);
  });
});

describe('buildTimeChart', () => {
  const margin = { top: 10, right: 10, bottom: 40, left: 50 };
  const series = [
    { key: 'p1', label: '上游', points: [{ date: '2025-10-08', value: 6 }, { date: '2026-11-10', value: 62 }, { date: '2026-04-10', value: 30 }] },
    { key: 'p2', label: '下游', points: [{ date: '2025-10-08', value: 4 }, { date: '2026-11-10', value: 55 }] },
  ];
  const chart = buildTimeChart({
    width: 400,
    height: 240,
    margin,
    series,
    bands: gradeBands('transparency'),
    include: gradeThresholds('transparency'),
    floor: 0,
  });

  it('spans the sampling dates on x and a nice interval from zero on y', () => {
    expect(chart.start).toBe('2025-10-08');
    expect(chart.end).toBe('2026-11-10');
    expect(chart.yTicks.map((t) => t.value)).toEqual([0, 20, 40, 60, 80]);
    expect(chart.yTicks[0]!.y).toBe(200);
    expect(chart.yTicks[4]!.y).toBe(10);
  });

  it('draws each series in date order, first point at the left edge and last at the right', () => {
    const p1 = chart.series[0]!;
    expect(p1.markers.map((m) => m.date)).toEqual(['2025-10-08', '2026-04-10', '2026-11-10']);
    expect(p1.markers[0]!.x).toBe(50);
    expect(p1.markers[2]!.x).toBe(390);
    // value 62 of 0..80 over 190 px from y=200
    expect(p1.markers[2]!.y).toBeCloseTo(200 - (62 / 80) * 190, 1);
    expect(p1.path.startsWith('M50 ')).toBe(true);
    expect(chart.series.map((s) => s.shape)).toEqual(['circle', 'square']);
  });

  it('clips the grade bands to the axis: 重度 0–10, 轻度 10–25, 不黑臭 25–80', () => {
    const px = (v: number) => 200 - (v / 80) * 190;
    // Coordinates are rounded to 0.1.
    const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(0.051);
    expect(chart.bands.map((b) => b.kind)).toEqual(['severe', 'mild', 'none']);
    const [severe, mild, none] = chart.bands;
    near(severe!.y, px(10));
    near(severe!.y + severe!.height, 200);
    near(mild!.y, px(25));
    expect(none!.y).toBe(10);
  });

  it('keeps the band edges on the axis although the data stay below them', () => {
    const c = buildTimeChart({ width: 400, height: 240, margin, series: [{ key: 'a', label: 'a', points: [{ date: '2026-01-01', value: 3 }, { date: '2026-02-01', value: 4 }] }], include: [10, 25], floor: 0 });
    expect(c.yTicks.at(-1)!.value).toBeGreaterThanOrEqual(25);
  });

  it('a single sampling day gets a month of room and a day label', () => {
    const c = buildTimeChart({ width: 400, height: 240, margin, series: [{ key: 'a', label: 'a', points: [{ date: '2026-03-10', value: -120 }] }], include: [-200, 50] });
    expect(c.series[0]!.markers[0]!.x).toBe(220);
    expect(c.xTicks.length).toBeGreaterThan(0);
    expect(c.yTicks[0]!.label).toBe('−200');
  });

  it('refuses an empty chart, non-numbers and margins that leave no plot', () => {
    expect(() => buildTimeChart({ width: 400, height: 240, margin, series: [] })).toThrow(RangeError);
    expect(() => buildTimeChart({ width: 400, height: 240, margin, series: [{ key: 'a', label: 'a', points: [{ date: '2026-01-01', value: Number.NaN }] }] })).toThrow(RangeError);
    expect(() => buildTimeChart({ width: 40, height: 240, margin, series: series })).toThrow(RangeError);
  });
});
