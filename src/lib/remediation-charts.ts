/**
 * What a water body's monitoring chart shows for one indicator: the geometry
 * (chart-geometry.ts) with the grade bands of 表2-1 behind the lines, a text
 * description for screen readers, and the same data as table rows. Pure.
 */
import { GRADE_LABELS, INDICATOR_LABELS, INDICATOR_UNITS, gradeBands, gradeThresholds, gradeValue, type Grade, type Indicator } from './black-odorous.ts';
import { buildTimeChart, type TimeChartGeometry } from './chart-geometry.ts';
import type { Measurement } from './remediation.ts';
import { formatChineseDate, type CalendarDate } from './time.ts';

/** The chart's own coordinate system; the SVG scales to the page width. */
export const CHART_SIZE = { width: 400, height: 250, margin: { top: 12, right: 12, bottom: 46, left: 48 } } as const;

export interface IndicatorTableRow {
  date: CalendarDate;
  /** One cell per monitoring point, in the points' order; undefined where not measured that day. */
  cells: ({ value: number; grade: Grade; shallow: boolean } | undefined)[];
}

export interface IndicatorChart {
  indicator: Indicator;
  label: string;
  unit: string;
  /** 玉带溪透明度变化 */
  title: string;
  /** One sentence per point: first and latest value and grade. */
  description: string;
  geometry: TimeChartGeometry<Grade>;
  points: { id: string; name: string }[];
  rows: IndicatorTableRow[];
  /** Whether any value was judged with the shallow-water rule (the bands show the standard thresholds). */
  anyShallow: boolean;
}

/** "9.5 cm", "−120 mV" */
export function formatReading(value: number, unit: string): string {
  const text = Number(value.toFixed(2)).toString();
  return `${value < 0 ? `−${text.slice(1)}` : text} ${unit}`;
}

/** The chart of one indicator at one water body; undefined when it was never measured there. */
export function indicatorChart(input: {
  bodyName: string;
  indicator: Indicator;
  points: readonly { id: string; name: string }[];
  measurements: readonly Measurement[];
}): IndicatorChart | undefined {
  const { indicator } = input;
  const label = INDICATOR_LABELS[indicator];
  const unit = INDICATOR_UNITS[indicator];
  const measured = input.measurements.filter((m) => m[indicator] !== undefined && input.points.some((p) => p.id === m.point));
  if (measured.length === 0) return undefined;
  const points = input.points.filter((p) => measured.some((m) => m.point === p.id));

  const geometry = buildTimeChart<Grade>({
    ...CHART_SIZE,
    series: points.map((p) => ({
      key: p.id,
      label: p.name,
      points: measured.filter((m) => m.point === p.id).map((m) => ({ date: m.sampled, value: m[indicator]! })),
    })),
    bands: gradeBands(indicator),
    include: gradeThresholds(indicator),
    // Transparency, oxygen and ammonia cannot be negative; ORP can.
    floor: indicator === 'orp' ? undefined : 0,
  });

  const dates = [...new Set(measured.map((m) => m.sampled))].sort();
  let anyShallow = false;
  const rows = dates.map((date) => ({
    date,
    cells: points.map((p) => {
      const m = measured.find((x) => x.point === p.id && x.sampled === date);
      if (!m) return undefined;
      const depth = indicator === 'transparency' ? m.depth : undefined;
      const shallow = depth !== undefined && depth < 25;
      anyShallow ||= shallow;
      return { value: m[indicator]!, grade: gradeValue(indicator, m[indicator]!, depth), shallow };
    }),
  }));

  const sentences = points.map((p, i) => {
    const own = rows.flatMap((r) => (r.cells[i] ? [{ date: r.date, ...r.cells[i]! }] : []));
    const first = own[0]!;
    const last = own.at(-1)!;
    const firstText = `${formatChineseDate(first.date)}为${formatReading(first.value, unit)}（${GRADE_LABELS[first.grade]}）`;
    return own.length === 1
      ? `${p.name}：${firstText}。`
      : `${p.name}：${firstText}，${formatChineseDate(last.date)}为${formatReading(last.value, unit)}（${GRADE_LABELS[last.grade]}）。`;
  });
  return {
    indicator,
    label,
    unit,
    title: `${input.bodyName}${label}变化`,
    description: `${formatChineseDate(dates[0]!)}至${formatChineseDate(dates.at(-1)!)}共${dates.length}个采样日、${points.length}个监测点的${label}（${unit}）。${sentences.join('')}`,
    geometry,
    points: [...points],
    rows,
    anyShallow,
  };
}
