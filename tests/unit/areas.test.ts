/**
 * Administrative areas: levels from the statistical area code, the directory
 * an editor's content/areas.yaml becomes, name resolution for warnings, and
 * which followed areas a warning reaches. Codes and names typed by hand.
 */
import { describe, expect, it } from 'vitest';
import { areaContains, areaFullName, areaLevelOf, areasOverlap, buildAreaDirectory, parentCode, polygonProblem, reachedBy, resolveAreaRefs, type AreaEntry } from '../../src/lib/areas/areas.ts';
import { checkNoticeRules } from '../../src/lib/notice-rules.ts';
import { shanghaiWallClock } from '../../src/lib/time.ts';

const COUNTY = '341021000000';
const HUICHENG = '341021100000';
const XINAN = '341021100001';
const SHENDU = '341021101000';
const OTHER_COUNTY = '341022000000';
const OTHER_HUICHENG = '341022100000';

const entries = (list: [string, AreaEntry][]) => new Map(list);
const sample = entries([
  [COUNTY, { name: '歙县' }],
  [HUICHENG, { name: '徽城镇' }],
  [XINAN, { name: '新安社区' }],
  [SHENDU, { name: '深渡镇' }],
  [OTHER_COUNTY, { name: '休宁县' }],
  [OTHER_HUICHENG, { name: '徽城镇' }],
]);

describe('area codes', () => {
  it('read the level from the code and refuse what is not a county, township or village', () => {
    expect(areaLevelOf(COUNTY)).toBe('county');
    expect(areaLevelOf(HUICHENG)).toBe('township');
    expect(areaLevelOf(XINAN)).toBe('village');
    expect(areaLevelOf('341000000000')).toMatchObject({ problem: expect.stringContaining('省或市') });
    expect(areaLevelOf('341021000001')).toMatchObject({ problem: expect.stringContaining('7—9') });
    expect(areaLevelOf('34102110000')).toMatchObject({ problem: expect.stringContaining('12 位') });
    expect(areaLevelOf('34102110000a')).toMatchObject({ problem: expect.stringContaining('12 位') });
    expect(parentCode(XINAN, 'village')).toBe(HUICHENG);
    expect(parentCode(HUICHENG, 'township')).toBe(COUNTY);
    expect(parentCode(COUNTY, 'county')).toBeUndefined();
  });

  it('contain by prefix: a county its townships and villages, a township its villages, never a neighbour', () => {
    expect(areaContains(COUNTY, XINAN)).toBe(true);
    expect(areaContains(HUICHENG, XINAN)).toBe(true);
    expect(areaContains(HUICHENG, HUICHENG)).toBe(true);
    expect(areaContains(XINAN, HUICHENG)).toBe(false);
    expect(areaContains(HUICHENG, SHENDU)).toBe(false);
    expect(areaContains(COUNTY, OTHER_HUICHENG)).toBe(false);
    expect(areasOverlap(XINAN, COUNTY)).toBe(true);
    expect(areasOverlap(SHENDU, XINAN)).toBe(false);
  });

  it('a warning reaches followers of its areas, of the areas inside them and of the areas around them', () => {
    const followed = [COUNTY, HUICHENG, XINAN, SHENDU, OTHER_COUNTY];
    expect(reachedBy([HUICHENG], followed)).toEqual([COUNTY, HUICHENG, XINAN]);
    expect(reachedBy([COUNTY], followed)).toEqual([COUNTY, HUICHENG, XINAN, SHENDU]);
    expect(reachedBy([XINAN], followed)).toEqual([COUNTY, HUICHENG, XINAN]);
    expect(reachedBy([SHENDU, OTHER_HUICHENG], followed)).toEqual([COUNTY, SHENDU, OTHER_COUNTY]);
    expect(reachedBy([], followed)).toEqual([]);
  });
});

describe('the area directory', () => {
  it('builds from the editor entries with full names', () => {
    const { directory, findings } = buildAreaDirectory(sample);
    expect(findings).toEqual([]);
    expect(directory.list.map((a) => a.code)).toEqual([COUNTY, HUICHENG, XINAN, SHENDU, OTHER_COUNTY, OTHER_HUICHENG]);
    expect(areaFullName(directory.byCode.get(XINAN)!, directory)).toBe('歙县徽城镇新安社区');
  });

  it('reports a missing parent, twin names under one parent, bad codes and bad polygons', () => {
    const { directory, findings } = buildAreaDirectory(
      entries([
        [COUNTY, { name: '歙县' }],
        [XINAN, { name: '新安社区' }],
        [SHENDU, { name: '深渡镇' }],
        ['341021102000', { name: '深渡镇' }],
        ['3410211', { name: '坏代码' }],
        [HUICHENG.replace('100', '103'), { name: '富堨镇', polygon: '29.9,118.4 29.9,118.5 29.8,118.5' }],
      ]),
    );
    expect(findings).toEqual([
      { code: '3410211', message: expect.stringContaining('12 位数字') },
      { code: XINAN, message: expect.stringContaining('上级区划 341021100000 没有登记') },
      { code: '341021102000', field: 'name', message: expect.stringContaining('与 341021101000 重复') },
      { code: '341021103000', field: 'polygon', message: expect.stringContaining('至少需要 4 个点') },
    ]);
    expect(directory.byCode.has('3410211')).toBe(false);
  });

  it('checks polygons: closed, four points at least, latitude and longitude in range', () => {
    expect(polygonProblem('29.9,118.4 29.9,118.5 29.8,118.5 29.9,118.4')).toBeUndefined();
    expect(polygonProblem('29.9,118.4 29.9,118.5 29.8,118.5 29.8,118.4')).toContain('闭合');
    expect(polygonProblem('95,118.4 29.9,118.5 29.8,118.5 95,118.4')).toContain('95,118.4');
    expect(polygonProblem('29.9;118.4 29.9,118.5 29.8,118.5 29.9;118.4')).toContain('格式不正确');
  });

  it('resolves a warning area by name, full name or code; an ambiguous or unknown name is an error', () => {
    const { directory } = buildAreaDirectory(sample);
    expect(resolveAreaRefs(['深渡镇', '歙县徽城镇', XINAN, '深渡镇'], directory)).toEqual({ ok: true, areas: [directory.byCode.get(SHENDU), directory.byCode.get(HUICHENG), directory.byCode.get(XINAN)] });
    const result = resolveAreaRefs(['徽城镇', '桃源镇', '341021199000'], directory);
    expect(result).toEqual({
      ok: false,
      problems: [
        { ref: '徽城镇', message: expect.stringContaining('有 2 个区划都叫“徽城镇”（歙县徽城镇 341021100000、休宁县徽城镇 341022100000），请改填区划代码') },
        { ref: '桃源镇', message: expect.stringContaining('未在 content/areas.yaml 中登记') },
        { ref: '341021199000', message: '区划代码 341021199000 未在 content/areas.yaml 中登记' },
      ],
    });
  });
});

describe('warning areas in the content check', () => {
  const at = (d: number, h: number) => shanghaiWallClock(2020, 7, d, h);
  const notice = { id: 'a', file: 'content/notices/a.md', kind: '预警', issuer: 'sx-fzb', issued: at(5, 17), validUntil: at(6, 17), draft: false, hazard: '山洪' };
  const run = (areas: string[], areaDirectory: ReturnType<typeof buildAreaDirectory>['directory'] | null) =>
    checkNoticeRules({ departments: new Set(['sx-fzb']), events: [], notices: [{ ...notice, areas }], areaDirectory });

  it('accepts registered areas and names the field of each one that is not', () => {
    const { directory } = buildAreaDirectory(sample);
    expect(run(['深渡镇', '歙县'], directory)).toEqual([]);
    expect(run(['深渡镇', '桃源镇'], directory)).toEqual([{ file: 'content/notices/a.md', path: ['areas', 1], severity: 'error', message: expect.stringContaining('区划“桃源镇”未在 content/areas.yaml 中登记') }]);
    expect(run(['深渡镇'], null)).toEqual([{ file: 'content/notices/a.md', path: ['areas'], severity: 'error', message: expect.stringContaining('请先在 content/areas.yaml 中登记') }]);
  });
});
