/**
 * Administrative areas (行政区划) a warning covers and a resident follows:
 * county (县/区) → township (乡/镇/街道) → village (村/社区), each with its
 * 12-digit statistical area code (统计用区划代码). The code itself carries the
 * hierarchy: digits 1–6 name the county, 7–9 the township, 10–12 the village,
 * so "contains" is a prefix test and no parent field can contradict it. Pure.
 */

export const AREA_LEVELS = ['county', 'township', 'village'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

export const AREA_LEVEL_LABELS: Record<AreaLevel, string> = { county: '县（区）', township: '乡镇（街道）', village: '村（社区）' };

/** The CAP <geocode> valueName under which the codes are published (docs/notices-guide.md). */
export const AREA_CODE_VALUE_NAME = 'CN-STATS-AREA-CODE';

export const AREA_CODE_RE = /^\d{12}$/;

export interface Area {
  code: string;
  name: string;
  level: AreaLevel;
  /** Code of the area above; absent for a county. */
  parent?: string | undefined;
  /** Boundary for CAP <polygon>: "lat,lon" pairs, first = last (CAP 1.2 §3.3.1). */
  polygon?: string | undefined;
}

/** The level of a code, or a reason why it names no county, township or village. */
export function areaLevelOf(code: string): AreaLevel | { problem: string } {
  if (!AREA_CODE_RE.test(code)) return { problem: '区划代码应为 12 位数字（统计用区划代码），例如 341021100000' };
  if (code.slice(4, 6) === '00') return { problem: '区划代码第 5—6 位为 00，是省或市一级，只能登记县（区）及以下的区划' };
  if (code.slice(6) === '000000') return 'county';
  if (code.slice(6, 9) === '000') return { problem: '区划代码第 7—9 位（乡镇）为 000，但第 10—12 位不是 000' };
  return code.slice(9) === '000' ? 'township' : 'village';
}

/** The code of the area directly above (a county has none). */
export function parentCode(code: string, level: AreaLevel): string | undefined {
  if (level === 'township') return `${code.slice(0, 6)}000000`;
  if (level === 'village') return `${code.slice(0, 9)}000`;
  return undefined;
}

/** The code without its trailing zero groups: the prefix every area inside it shares. */
function prefix(code: string): string {
  if (code.slice(6) === '000000') return code.slice(0, 6);
  if (code.slice(9) === '000') return code.slice(0, 9);
  return code;
}

/** `outer` is `inner` or contains it. */
export function areaContains(outer: string, inner: string): boolean {
  return inner.startsWith(prefix(outer));
}

/** Two areas overlap when one contains the other (a county warning reaches a village's followers, and back). */
export function areasOverlap(a: string, b: string): boolean {
  return areaContains(a, b) || areaContains(b, a);
}

/** An editor's entry in content/areas.yaml, keyed by code. */
export interface AreaEntry {
  name: string;
  polygon?: string | undefined;
}

export interface AreaFinding {
  code: string;
  field?: 'name' | 'polygon' | undefined;
  message: string;
}

export interface AreaDirectory {
  byCode: ReadonlyMap<string, Area>;
  /** Counties, then each one's townships, then villages: in code order. */
  list: readonly Area[];
}

/**
 * Builds the directory from the editor's entries. Every township needs its
 * county listed, every village its township; names are unique among siblings
 * (a warning names areas by name). Returns findings for what does not hold;
 * entries with a bad code are left out of the directory.
 */
export function buildAreaDirectory(entries: ReadonlyMap<string, AreaEntry>): { directory: AreaDirectory; findings: AreaFinding[] } {
  const findings: AreaFinding[] = [];
  const byCode = new Map<string, Area>();
  for (const [code, entry] of [...entries].sort(([a], [b]) => a.localeCompare(b))) {
    const level = areaLevelOf(code);
    if (typeof level !== 'string') {
      findings.push({ code, message: level.problem });
      continue;
    }
    byCode.set(code, { code, name: entry.name, level, parent: parentCode(code, level), ...(entry.polygon ? { polygon: entry.polygon } : {}) });
  }
  const siblingNames = new Map<string, string>();
  for (const area of byCode.values()) {
    if (area.parent && !byCode.has(area.parent)) {
      findings.push({ code: area.code, message: `上级区划 ${area.parent} 没有登记，请先登记${area.level === 'township' ? '所属县（区）' : '所属乡镇（街道）'}` });
    }
    const key = `${area.parent ?? ''}/${area.name}`;
    const twin = siblingNames.get(key);
    if (twin) findings.push({ code: area.code, field: 'name', message: `名称“${area.name}”与 ${twin} 重复，同一上级下的区划名称不能相同` });
    else siblingNames.set(key, area.code);
    if (area.polygon !== undefined) {
      const problem = polygonProblem(area.polygon);
      if (problem) findings.push({ code: area.code, field: 'polygon', message: problem });
    }
  }
  return { directory: { byCode, list: [...byCode.values()] }, findings };
}

/**
 * CAP 1.2 §3.2.4: a polygon is at least four WGS 84 "lat,lon" pairs separated
 * by spaces, the first and last the same. Returns what is wrong, or undefined.
 */
export function polygonProblem(polygon: string): string | undefined {
  const points = polygon.trim().split(/\s+/);
  if (points.length < 4) return '边界（polygon）至少需要 4 个点（首尾相同），每个点写作“纬度,经度”，点之间用空格分隔';
  for (const p of points) {
    const m = /^(-?\d{1,2}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)$/.exec(p);
    if (!m || Math.abs(Number(m[1])) > 90 || Math.abs(Number(m[2])) > 180) return `边界点“${p}”格式不正确，应写作“纬度,经度”，例如 29.867,118.433`;
  }
  if (points[0] !== points[points.length - 1]) return '边界（polygon）的第一个点和最后一个点必须相同（闭合）';
  return undefined;
}

/** The full name of an area: 歙县徽城镇 for a township, 歙县徽城镇新安社区 for a village. */
export function areaFullName(area: Area, directory: AreaDirectory): string {
  const names: string[] = [];
  for (let a: Area | undefined = area; a; a = a.parent ? directory.byCode.get(a.parent) : undefined) names.unshift(a.name);
  return names.join('');
}

export type AreaResolution = { ok: true; areas: Area[] } | { ok: false; problems: { ref: string; message: string }[] };

/**
 * The areas a warning names, written by code or by name (徽城镇). A name must
 * be unique in the directory; where two places share it the editor writes
 * the code. Duplicates are dropped, order kept.
 */
export function resolveAreaRefs(refs: readonly string[], directory: AreaDirectory): AreaResolution {
  const problems: { ref: string; message: string }[] = [];
  const out: Area[] = [];
  const seen = new Set<string>();
  for (const raw of refs) {
    const ref = raw.trim();
    let area: Area | undefined;
    if (AREA_CODE_RE.test(ref)) {
      area = directory.byCode.get(ref);
      if (!area) problems.push({ ref, message: `区划代码 ${ref} 未在 content/areas.yaml 中登记` });
    } else {
      const named = directory.list.filter((a) => a.name === ref || areaFullName(a, directory) === ref);
      if (named.length === 1) area = named[0];
      else if (named.length === 0) problems.push({ ref, message: `区划“${ref}”未在 content/areas.yaml 中登记，请核对名称或先登记（可填写名称或 12 位区划代码）` });
      else problems.push({ ref, message: `有 ${named.length} 个区划都叫“${ref}”（${named.map((a) => `${areaFullName(a, directory)} ${a.code}`).join('、')}），请改填区划代码` });
    }
    if (area && !seen.has(area.code)) {
      seen.add(area.code);
      out.push(area);
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, areas: out };
}

/** The followed areas (codes) that a warning covering `covered` reaches. */
export function reachedBy(covered: readonly string[], followed: Iterable<string>): string[] {
  return [...followed].filter((f) => covered.some((c) => areasOverlap(c, f)));
}
