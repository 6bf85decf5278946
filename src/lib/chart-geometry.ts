/**
 * Geometry of the monitoring charts, computed at build time: scales, "nice" ticks,
 * month ticks, line paths, marker shapes and horizontal bands. The .astro component
 * only draws what this returns, so the browser gets plain SVG and no chart library.
 * Pure; SVG coordinates are rounded to 0.1 so the markup stays small and stable.
 */
import { addDays, daysBetween, type CalendarDate } from './time.ts';

export interface Scale {
  (value: number): number;
  domain: readonly [number, number];
  range: readonly [number, number];
}

/** Maps [d0, d1] linearly onto [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (![d0, d1, r0, r1].every(Number.isFinite)) throw new RangeError('Scale bounds must be finite');
  const span = d1 - d0;
  const scale = ((value: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0))) as Scale;
  scale.domain = domain;
  scale.range = range;
  return scale;
}

/** Round to one decimal place for SVG output. */
export function round1(n: number): number {
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? 0 : r;
}

const NICE_STEPS = [1, 2, 2.5, 5, 10];

/** A step of 1, 2, 2.5 or 5 × 10^k that cuts `span` into about `target` intervals. */
export function niceStep(span: number, target = 5): number {
  if (!(span > 0) || !Number.isFinite(span)) throw new RangeError(`Not a positive span: ${span}`);
  if (!(target >= 1)) throw new RangeError(`Not a tick count: ${target}`);
  const raw = span / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = NICE_STEPS.find((s) => s * power >= raw - 1e-12) ?? 10;
  return step * power;
}

/** Decimal places a step needs (0.25 → 2, 2.5 → 1, 50 → 0). */
export function stepDecimals(step: number): number {
  for (let d = 0; d <= 10; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-9) return d;
  return 10;
}

export interface NiceTicks {
  /** The domain extended outwards to whole steps. */
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

/** Ticks at whole multiples of a nice step, covering [min, max]. */
export function niceTicks(min: number, max: number, target = 5): NiceTicks {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) throw new RangeError(`Not an interval: ${min}..${max}`);
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceTicks(min - pad, max + pad, target);
  }
  const step = niceStep(max - min, target);
  const decimals = stepDecimals(step);
  const fix = (n: number) => Number(n.toFixed(decimals));
  const lo = fix(Math.floor(min / step + 1e-9) * step);
  const hi = fix(Math.ceil(max / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step * 1e-9; i++) ticks.push(fix(lo + i * step));
  return { min: lo, max: hi, step, ticks };
}

/** A tick label: fixed decimals, and a true minus sign (−) for negative values. */
export function formatTick(value: number, step: number): string {
  const text = Math.abs(value).toFixed(stepDecimals(step));
  return value < 0 && Number(text) !== 0 ? `−${text}` : text;
}

/**
 * First days of months from `start` to `end` inclusive, keeping every k-th month
 * (k as small as possible) so that there are at most `maxTicks`. January is kept
 * whenever the thinning allows, so year changes stay visible.
 */
export function monthTicks(start: CalendarDate, end: CalendarDate, maxTicks = 6): CalendarDate[] {
  if (daysBetween(start, end) < 0) throw new RangeError(`End before start: ${start}..${end}`);
  if (!(maxTicks >= 1)) throw new RangeError(`Not a tick count: ${maxTicks}`);
  const months: CalendarDate[] = [];
  let [y, m] = start.split('-').map(Number) as [number, number];
  if (!start.endsWith('-01')) m += 1;
  for (;;) {
    if (m > 12) {
      y += 1;
      m = 1;
    }
    const d = `${y}-${String(m).padStart(2, '0')}-01`;
    if (d > end) break;
    months.push(d);
    m += 1;
  }
  for (let k = 1; k <= 12; k++) {
    // Align the kept months on January (month index 0 mod k) when k divides 12.
    const kept = 12 % k === 0 ? months.filter((d) => (Number(d.slice(5, 7)) - 1) % k === 0) : months.filter((_, i) => i % k === 0);
    if (kept.length <= maxTicks && (kept.length > 0 || months.length === 0)) return kept;
  }
  return months.filter((d) => d.endsWith('-01-01')).slice(0, maxTicks);
}

/** "3月", with the year under January and under the first tick: ["1月", "2026年"]. */
export function monthTickLabel(date: CalendarDate, first: boolean): string[] {
  const month = Number(date.slice(5, 7));
  return first || month === 1 ? [`${month}月`, `${date.slice(0, 4)}年`] : [`${month}月`];
}

/** Every k-th item (k as small as possible) so that at most `max` remain; keeps the first. */
export function thin<T>(items: readonly T[], max: number): T[] {
  if (!(max >= 1)) throw new RangeError(`Not a count: ${max}`);
  const k = Math.ceil(items.length / max) || 1;
  return items.filter((_, i) => i % k === 0);
}

export interface Point {
  x: number;
  y: number;
}

/** `M10 20L30 40…`: a polyline through the points; empty for no points. */
export function linePath(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round1(p.x)} ${round1(p.y)}`).join('');
}

export const MARKER_SHAPES = ['circle', 'square', 'triangle', 'diamond'] as const;
export type MarkerShape = (typeof MARKER_SHAPES)[number];

/** A marker centred on (x, y) with "radius" r, as a path; shapes tell series apart without colour. */
export function markerPath(shape: MarkerShape, x: number, y: number, r: number): string {
  const [cx, cy] = [round1(x), round1(y)];
  const q = round1(r);
  switch (shape) {
    case 'circle':
      return `M${round1(cx - q)} ${cy}a${q} ${q} 0 1 0 ${round1(2 * q)} 0a${q} ${q} 0 1 0 ${round1(-2 * q)} 0Z`;
    case 'square':
      return `M${round1(cx - q)} ${round1(cy - q)}h${round1(2 * q)}v${round1(2 * q)}h${round1(-2 * q)}Z`;
    case 'triangle':
      return `M${cx} ${round1(cy - q * 1.2)}L${round1(cx + q * 1.1)} ${round1(cy + q * 0.8)}L${round1(cx - q * 1.1)} ${round1(cy + q * 0.8)}Z`;
    case 'diamond':
      return `M${cx} ${round1(cy - q * 1.3)}L${round1(cx + q * 1.3)} ${cy}L${cx} ${round1(cy + q * 1.3)}L${round1(cx - q * 1.3)} ${cy}Z`;
  }
}

export interface ChartSeriesInput {
  key: string;
  label: string;
  points: readonly { date: CalendarDate; value: number }[];
}

/** A horizontal band in data units; ±Infinity reaches the edge of the plot. */
export interface BandInput<K extends string = string> {
  kind: K;
  from: number;
  to: number;
}

export interface TimeChartInput<K extends string = string> {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  series: readonly ChartSeriesInput[];
  bands?: readonly BandInput<K>[];
  /** Values the y axis must show even without data there (band edges, zero). */
  include?: readonly number[];
  /** Lower bound the y axis never goes below (0 for quantities that cannot be negative). */
  floor?: number;
  yTickTarget?: number;
  maxXTicks?: number;
}

export interface TimeChartGeometry<K extends string = string> {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  xTicks: { x: number; date: CalendarDate; label: string[] }[];
  yTicks: { y: number; value: number; label: string }[];
  bands: { kind: K; y: number; height: number; from: number; to: number }[];
  series: { key: string; label: string; shape: MarkerShape; path: string; markers: { x: number; y: number; date: CalendarDate; value: number; d: string }[] }[];
  /** First and last sampling dates on the x axis. */
  start: CalendarDate;
  end: CalendarDate;
}

/** Dates on x, values on y, bands behind: everything the SVG needs. Throws on an empty chart. */
export function buildTimeChart<K extends string>(input: TimeChartInput<K>): TimeChartGeometry<K> {
  const points = input.series.flatMap((s) => s.points);
  if (points.length === 0) throw new RangeError('A chart needs at least one value');
  for (const p of points) if (!Number.isFinite(p.value)) throw new RangeError(`Not a value: ${p.value}`);
  const dates = points.map((p) => p.date).sort();
  const start = dates[0]!;
  const end = dates[dates.length - 1]!;
  const [xStart, xEnd] = start === end ? [addDays(start, -15), addDays(end, 15)] : [start, end];

  const values = [...points.map((p) => p.value), ...(input.include ?? []).filter(Number.isFinite)];
  let lo = Math.min(...values);
  const hi = Math.max(...values);
  if (input.floor !== undefined) lo = Math.max(input.floor, lo);
  const ticks = niceTicks(lo, hi, input.yTickTarget ?? 5);
  const yMin = input.floor !== undefined ? Math.max(input.floor, ticks.min) : ticks.min;

  const plot = {
    left: input.margin.left,
    top: input.margin.top,
    right: input.width - input.margin.right,
    bottom: input.height - input.margin.bottom,
  };
  if (plot.right <= plot.left || plot.bottom <= plot.top) throw new RangeError('Margins leave no room for the plot');
  const x = linearScale([0, daysBetween(xStart, xEnd)], [plot.left, plot.right]);
  const y = linearScale([yMin, ticks.max], [plot.bottom, plot.top]);
  const xOf = (d: CalendarDate) => x(daysBetween(xStart, d));

  const bands = (input.bands ?? []).flatMap((b) => {
    const from = Math.max(b.from, yMin);
    const to = Math.min(b.to, ticks.max);
    if (!(to > from)) return [];
    // Both edges rounded first, so that adjacent bands meet without a gap.
    const top = round1(y(to));
    return [{ kind: b.kind, y: top, height: round1(round1(y(from)) - top), from: b.from, to: b.to }];
  });

  const maxXTicks = input.maxXTicks ?? 6;
  const months = monthTicks(xStart, xEnd, maxXTicks);
  // Within a single month there is no month start to mark: label the sampling days instead.
  const xTicks =
    months.length > 0
      ? months.map((date, i) => ({ x: round1(xOf(date)), date, label: monthTickLabel(date, i === 0) }))
      : thin([...new Set(dates)], maxXTicks).map((date) => ({ x: round1(xOf(date)), date, label: [`${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`] }));
  return {
    width: input.width,
    height: input.height,
    plot,
    xTicks,
    yTicks: ticks.ticks.filter((v) => v >= yMin).map((v) => ({ y: round1(y(v)), value: v, label: formatTick(v, ticks.step) })),
    bands,
    series: input.series.map((s, i) => {
      const shape = MARKER_SHAPES[i % MARKER_SHAPES.length]!;
      const sorted = [...s.points].sort((a, b) => a.date.localeCompare(b.date));
      const markers = sorted.map((p) => {
        const [mx, my] = [xOf(p.date), y(p.value)];
        return { x: round1(mx), y: round1(my), date: p.date, value: p.value, d: markerPath(shape, mx, my, 3.5) };
      });
      return { key: s.key, label: s.label, shape, path: linePath(markers), markers };
    }),
    start,
    end,
  };
}
