/**
 * Grading of urban black-odorous water (城市黑臭水体) by 《城市黑臭水体整治工作指南》
 * (住房城乡建设部、环境保护部, 2015年8月), 表2-1 城市黑臭水体污染程度分级标准:
 *
 *   特征指标            轻度黑臭       重度黑臭
 *   透明度（cm）        25～10*        <10*
 *   溶解氧（mg/L）      0.2～2.0       <0.2
 *   氧化还原电位（mV）  -200～50       <-200
 *   氨氮（mg/L）        8.0～15        >15
 *   注：*水深不足25cm时，该指标按水深的40%取值。
 *
 * Reading of the table, as implemented here:
 * - A range "a～b" includes both ends; "<" and ">" exclude the value itself. So 25 cm
 *   and 10 cm of transparency are 轻度, 9.9 cm is 重度, 25.1 cm is neither.
 * - A value better than the 轻度 range (transparency > 25 cm, DO > 2.0 mg/L, ORP > 50 mV,
 *   NH₃-N < 8.0 mg/L) does not reach either level: 不黑臭 for that value.
 * - The footnote: where the water is shallower than 25 cm (strictly), both starred
 *   transparency values are replaced by 40% of the depth. The 轻度 range then shrinks to
 *   that single value: below it is 重度, exactly it is 轻度, above it is not black-odorous.
 *   (A 20 cm stream seen to the bottom, transparency 20 cm, is therefore not black-odorous.)
 *
 * A monitoring point (检测点) is judged from all its data (the guide asks for at least three
 * samplings 1–7 days apart), chapter 2 (识别与分级):「某检测点4项理化指标中，1项指标60%以上数据或不少于2项
 * 指标30%以上数据达到"重度黑臭"级别的，该检测点应认定为"重度黑臭"，否则可认定为"轻度黑臭"。」
 * "以上" includes the figure itself (60% exactly counts). The guide judges points of a water
 * body already identified as black-odorous; to tell 轻度 from 不黑臭 after remediation, the same
 * proportions are applied to data at 轻度 or worse: if they are not met, the point is 不黑臭.
 *
 * A water body: 「水体60%以上的检测点被认定为"重度黑臭"的，整个水体应认定为"重度黑臭"」; and
 * 「连续3个以上检测点认定为"重度黑臭"的，检测点之间的区域应认定为"重度黑臭"」(severeStretches).
 * Otherwise the body is 轻度 if any point is black-odorous, and 不黑臭 when no point is.
 *
 * Pure; no clock.
 */

export const INDICATORS = ['transparency', 'dissolvedOxygen', 'orp', 'ammoniaNitrogen'] as const;
export type Indicator = (typeof INDICATORS)[number];

export const INDICATOR_LABELS: Record<Indicator, string> = {
  transparency: '透明度',
  dissolvedOxygen: '溶解氧',
  orp: '氧化还原电位',
  ammoniaNitrogen: '氨氮',
};

export const INDICATOR_UNITS: Record<Indicator, string> = {
  transparency: 'cm',
  dissolvedOxygen: 'mg/L',
  orp: 'mV',
  ammoniaNitrogen: 'mg/L',
};

/** Whether a higher value means cleaner water (transparency, DO, ORP) or dirtier (NH₃-N). */
export const HIGHER_IS_CLEANER: Record<Indicator, boolean> = {
  transparency: true,
  dissolvedOxygen: true,
  orp: true,
  ammoniaNitrogen: false,
};

export const GRADES = ['none', 'mild', 'severe'] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_LABELS: Record<Grade, string> = {
  none: '不黑臭',
  mild: '轻度黑臭',
  severe: '重度黑臭',
};

/** Depth below which (strictly) the transparency thresholds become a share of the depth. */
export const SHALLOW_WATER_DEPTH_CM = 25;
export const SHALLOW_WATER_TRANSPARENCY_SHARE = 0.4;

/**
 * The 轻度 range [low, high] of an indicator, both ends included. For the indicators
 * where higher is cleaner, below `low` is 重度; for ammonia nitrogen, above `high` is.
 */
export interface GradeRange {
  low: number;
  high: number;
}

const STANDARD_RANGES: Record<Indicator, GradeRange> = {
  transparency: { low: 10, high: 25 },
  dissolvedOxygen: { low: 0.2, high: 2.0 },
  orp: { low: -200, high: 50 },
  ammoniaNitrogen: { low: 8.0, high: 15 },
};

/** Whether the footnote applies: a depth is known and it is under 25 cm. */
export function isShallow(depthCm: number | undefined): boolean {
  return depthCm !== undefined && depthCm < SHALLOW_WATER_DEPTH_CM;
}

/** The 轻度 range for an indicator, taking the shallow-water footnote into account for transparency. */
export function mildRange(indicator: Indicator, depthCm?: number): GradeRange {
  if (indicator === 'transparency' && isShallow(depthCm)) {
    // Rounded to 1e-7 cm so that 0.4 × 20.5 is 8.2, not 8.200000000000001.
    const limit = Math.round(depthCm! * SHALLOW_WATER_TRANSPARENCY_SHARE * 1e7) / 1e7;
    return { low: limit, high: limit };
  }
  return STANDARD_RANGES[indicator];
}

/** The grade one measured value reaches. */
export function gradeValue(indicator: Indicator, value: number, depthCm?: number): Grade {
  if (!Number.isFinite(value)) throw new RangeError(`Not a measured value: ${value}`);
  if (depthCm !== undefined && !(Number.isFinite(depthCm) && depthCm > 0)) throw new RangeError(`Not a water depth: ${depthCm}`);
  const { low, high } = mildRange(indicator, depthCm);
  if (HIGHER_IS_CLEANER[indicator]) {
    if (value < low) return 'severe';
    if (value <= high) return 'mild';
    return 'none';
  }
  if (value > high) return 'severe';
  if (value >= low) return 'mild';
  return 'none';
}

/** One sampling at a monitoring point: any of the four indicators, and the depth in cm. */
export interface Sample {
  transparency?: number | undefined;
  dissolvedOxygen?: number | undefined;
  orp?: number | undefined;
  ammoniaNitrogen?: number | undefined;
  depth?: number | undefined;
}

export interface IndicatorTally {
  /** Values measured. */
  total: number;
  /** Values at 重度. */
  severe: number;
  /** Values at 轻度 or 重度. */
  blackOdorous: number;
}

export interface PointGrading {
  grade: Grade;
  tallies: Record<Indicator, IndicatorTally>;
  /** Indicators with 60% or more of their values at 重度, and those with 30% or more. */
  severeMajority: Indicator[];
  severeThirty: Indicator[];
}

/** share ≥ percent/100, in integers (no floating-point edge at exactly 60% or 30%). */
function atLeast(count: number, total: number, percent: number): boolean {
  return total > 0 && count * 100 >= total * percent;
}

function meetsProportions(tallies: Record<Indicator, IndicatorTally>, key: 'severe' | 'blackOdorous'): { majority: Indicator[]; thirty: Indicator[]; met: boolean } {
  const majority = INDICATORS.filter((i) => atLeast(tallies[i][key], tallies[i].total, 60));
  const thirty = INDICATORS.filter((i) => atLeast(tallies[i][key], tallies[i].total, 30));
  return { majority, thirty, met: majority.length >= 1 || thirty.length >= 2 };
}

/**
 * The grade of a monitoring point from its samples (the guide's 60% / 30% rule).
 * Returns undefined when no indicator was measured.
 */
export function classifyPoint(samples: readonly Sample[]): PointGrading | undefined {
  const tallies = Object.fromEntries(INDICATORS.map((i) => [i, { total: 0, severe: 0, blackOdorous: 0 }])) as Record<Indicator, IndicatorTally>;
  for (const s of samples) {
    for (const i of INDICATORS) {
      const v = s[i];
      if (v === undefined) continue;
      const g = gradeValue(i, v, i === 'transparency' ? s.depth : undefined);
      tallies[i].total++;
      if (g === 'severe') tallies[i].severe++;
      if (g !== 'none') tallies[i].blackOdorous++;
    }
  }
  if (INDICATORS.every((i) => tallies[i].total === 0)) return undefined;
  const severe = meetsProportions(tallies, 'severe');
  const grade: Grade = severe.met ? 'severe' : meetsProportions(tallies, 'blackOdorous').met ? 'mild' : 'none';
  return { grade, tallies, severeMajority: severe.majority, severeThirty: severe.thirty };
}

/** The grade of a water body from the grades of its monitoring points. Undefined without any. */
export function classifyWaterBody(pointGrades: readonly Grade[]): Grade | undefined {
  if (pointGrades.length === 0) return undefined;
  const severe = pointGrades.filter((g) => g === 'severe').length;
  if (atLeast(severe, pointGrades.length, 60)) return 'severe';
  if (pointGrades.some((g) => g !== 'none')) return 'mild';
  return 'none';
}

/**
 * Runs of three or more consecutive 重度 points, as [first, last] indexes into the
 * points in their order along the water: the stretch between them is 重度.
 */
export function severeStretches(orderedGrades: readonly (Grade | undefined)[]): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  orderedGrades.forEach((g, i) => {
    if (g === 'severe') {
      if (start < 0) start = i;
    } else {
      if (start >= 0 && i - start >= 3) runs.push([start, i - 1]);
      start = -1;
    }
  });
  if (start >= 0 && orderedGrades.length - start >= 3) runs.push([start, orderedGrades.length - 1]);
  return runs;
}

/**
 * 表2-1 as the guide writes it (8.0, not 8), for the tables and notes pages show;
 * tests check these texts against the thresholds the grading uses.
 */
export const GRADING_TABLE: Record<Indicator, { mild: string; severe: string }> = {
  transparency: { mild: '25～10', severe: '<10' },
  dissolvedOxygen: { mild: '0.2～2.0', severe: '<0.2' },
  orp: { mild: '−200～50', severe: '<−200' },
  ammoniaNitrogen: { mild: '8.0～15', severe: '>15' },
};

/** The three grade bands of an indicator in its own units (standard depth), for charts. */
export function gradeBands(indicator: Indicator): { kind: Grade; from: number; to: number }[] {
  const { low, high } = STANDARD_RANGES[indicator];
  return HIGHER_IS_CLEANER[indicator]
    ? [
        { kind: 'severe', from: -Infinity, to: low },
        { kind: 'mild', from: low, to: high },
        { kind: 'none', from: high, to: Infinity },
      ]
    : [
        { kind: 'none', from: -Infinity, to: low },
        { kind: 'mild', from: low, to: high },
        { kind: 'severe', from: high, to: Infinity },
      ];
}

/** The band edges of an indicator, which a chart's axis always shows. */
export function gradeThresholds(indicator: Indicator): [number, number] {
  const { low, high } = STANDARD_RANGES[indicator];
  return [low, high];
}
