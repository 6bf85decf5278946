/**
 * The remediation checks against real files: the good fixture tree passes; each broken
 * case is that tree with one mistake an editor could make, and must give exactly the
 * expected problems, naming the file and the field (key and its Chinese label).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRemediation } from '../../src/build/check-remediation.ts';
import { checkContent } from '../../src/build/check-content.ts';
import { CONTENT_PATHS } from '../../src/build/content-paths.ts';

const GOOD = resolve(import.meta.dirname, '../fixtures/remediation-good');
const UNITS = new Set(['nj-zjj', 'nj-szq']);
const RIVER = 'content/remediation/water-bodies/yudaixi.md';
const LAKE = 'content/remediation/water-bodies/meijiashan.md';
const MONITORING = 'content/remediation/posts/2026-04-20-jiance.md';
const WORKS = 'content/remediation/posts/2026-05-31-jinzhan.md';
const SURVEY = 'content/remediation/surveys/2026-10-pingyi.md';
const PROJECT = 'content/remediation/project.md';

const trees: string[] = [];
afterAll(() => {
  for (const t of trees) rmSync(t, { recursive: true, force: true });
});

interface Editor {
  replace(file: string, from: string, to: string): void;
  write(file: string, text: string): void;
  remove(file: string): void;
}

function broken(edit: (t: Editor) => void): string {
  const root = mkdtempSync(join(tmpdir(), 'gongkai-remediation-'));
  trees.push(root);
  cpSync(GOOD, root, { recursive: true });
  edit({
    replace(file, from, to) {
      const text = readFileSync(join(root, file), 'utf8');
      const count = text.split(from).length - 1;
      if (count !== 1) throw new Error(`${file}: expected exactly one ${JSON.stringify(from)}, found ${count}`);
      writeFileSync(join(root, file), text.replace(from, () => to));
    },
    write: (file, text) => writeFileSync(join(root, file), text),
    remove: (file) => rmSync(join(root, file)),
  });
  return root;
}

interface Expected {
  file: string;
  /** formatPath of the field, e.g. `measurements › 第2项 › point`. */
  field: string;
  words: string[];
  severity?: 'error' | 'warning';
}

const CASES: { name: string; edit: (t: Editor) => void; problems: Expected[] }[] = [
  {
    name: 'a river without its length',
    edit: (t) => t.replace(RIVER, 'lengthKm: 6.8\n', ''),
    problems: [{ file: RIVER, field: 'lengthKm', words: ['河流型水体须填写河道长度（公里）', 'lengthKm: 6.8'] }],
  },
  {
    name: 'a lake given a length instead of an area',
    edit: (t) => t.replace(LAKE, 'areaHa: 4.5', 'lengthKm: 1.2'),
    problems: [
      { file: LAKE, field: 'areaHa', words: ['湖库型水体须填写水域面积（公顷）'] },
      { file: LAKE, field: 'lengthKm', words: ['湖库型水体填写面积（areaHa），不填长度'] },
    ],
  },
  {
    name: 'a length with three decimals (totals would not add up)',
    edit: (t) => t.replace(RIVER, 'lengthKm: 6.8', 'lengthKm: 6.825'),
    problems: [{ file: RIVER, field: 'lengthKm', words: ['河道长度最多保留两位小数'] }],
  },
  {
    name: 'an unknown water-body type',
    edit: (t) => t.replace(RIVER, 'type: 河流', 'type: 河道'),
    problems: [{ file: RIVER, field: 'type', words: ['水体类型应为 河流、湖库 之一'] }],
  },
  {
    name: 'a milestone phase that is not one of the five',
    edit: (t) => t.replace(RIVER, 'phase: 效果评议', 'phase: 验收'),
    problems: [{ file: RIVER, field: 'milestones › 第4项 › phase', words: ['阶段应为 排查识别、方案制定、工程实施、效果评议、长效管理 之一'] }],
  },
  {
    name: 'a milestone date written with slashes',
    edit: (t) => t.replace(RIVER, 'planned: 2026-08-31', 'planned: 2026/08/31'),
    problems: [{ file: RIVER, field: 'milestones › 第3项 › planned', words: ['日期格式不正确', '2020-08-28'] }],
  },
  {
    name: 'two monitoring points with the same id',
    edit: (t) => t.replace(RIVER, '{ id: zhongduan, name: 中段 }', '{ id: shangyou, name: 中段 }'),
    // The body is unusable until fixed: posts referring to it are not reported as well.
    problems: [{ file: RIVER, field: 'monitoringPoints › 第2项 › id', words: ['监测点编号“shangyou”重复'] }],
  },
  {
    name: 'a sampling at a point the water body does not have',
    edit: (t) => t.replace(MONITORING, 'point: zhongduan', 'point: xiayou'),
    problems: [{ file: MONITORING, field: 'measurements › 第2项 › point', words: ['玉带溪', '没有编号为“xiayou”的监测点', '已有监测点：shangyou、zhongduan、rujiangkou'] }],
  },
  {
    name: 'a responsible unit missing from departments.yaml',
    edit: (t) => t.replace(RIVER, 'unit: nj-szq', 'unit: nj-dxq'),
    problems: [{ file: RIVER, field: 'unit', words: ['找不到编号为“nj-dxq”的责任单位', 'content/departments.yaml'] }],
  },
  {
    name: 'an unknown field (typo)',
    edit: (t) => t.replace(RIVER, 'chief: 王××', 'cheif: 王××'),
    problems: [{ file: RIVER, field: '', words: ['不认识的字段：cheif'] }],
  },
  {
    name: 'a measurement out of physical range (DO typed as percent saturation)',
    edit: (t) => t.replace(MONITORING, 'dissolvedOxygen: 1.5', 'dissolvedOxygen: 85'),
    problems: [{ file: MONITORING, field: 'measurements › 第1项 › dissolvedOxygen', words: ['溶解氧不能大于 30 mg/L', '请核对数值和单位'] }],
  },
  {
    name: 'a measurement with no indicator at all',
    edit: (t) => t.replace(MONITORING, ', depth: 18, transparency: 8 }', ', depth: 18 }'),
    problems: [{ file: MONITORING, field: 'measurements › 第3项', words: ['至少填写一项监测指标'] }],
  },
  {
    name: 'a multi-body post whose row does not say which body',
    edit: (t) => t.replace(MONITORING, '{ waterBody: meijiashan, point: beian,', '{ point: beian,'),
    problems: [{ file: MONITORING, field: 'measurements › 第3项 › waterBody', words: ['每条数据须用 waterBody 写明所属水体编号'] }],
  },
  {
    name: 'a row for a body the post does not list',
    edit: (t) => t.replace(MONITORING, 'waterBodies: [yudaixi, meijiashan]', 'waterBodies: [yudaixi]'),
    problems: [{ file: MONITORING, field: 'measurements › 第3项 › waterBody', words: ['水体“meijiashan”不在本条信息的 waterBodies（涉及水体）中'] }],
  },
  {
    name: 'a sampling date after the publication date',
    edit: (t) => t.replace(WORKS, 'sampled: 2026-05-28', 'sampled: 2026-06-02'),
    problems: [{ file: WORKS, field: 'measurements › 第1项 › sampled', words: ['采样日期（2026-06-02）不能晚于发布日期（2026-05-31）'] }],
  },
  {
    name: 'a post naming a water body that does not exist',
    edit: (t) => t.replace(MONITORING, 'waterBodies: [yudaixi, meijiashan]', 'waterBodies: [yudaixi, meijiashan, xiejiahe]'),
    problems: [{ file: MONITORING, field: 'waterBodies › 第3项', words: ['找不到编号为“xiejiahe”的水体', 'content/remediation/water-bodies/'] }],
  },
  {
    name: 'a second body added to a single-body post: its rows must now say which body',
    edit: (t) => t.replace(WORKS, 'waterBodies: [yudaixi]', 'waterBodies: [yudaixi, meijiashan]'),
    problems: [
      { file: WORKS, field: 'quantities › 第1项 › waterBody', words: ['每条数据须用 waterBody 写明所属水体编号'] },
      { file: WORKS, field: 'quantities › 第2项 › waterBody', words: ['waterBody'] },
      { file: WORKS, field: 'measurements › 第1项 › waterBody', words: ['waterBody'] },
    ],
  },
  {
    name: 'the same sampling published twice',
    edit: (t) =>
      t.replace(WORKS, '  - { point: rujiangkou, sampled: 2026-05-28, dissolvedOxygen: 2.5 }', '  - { point: rujiangkou, sampled: 2026-05-28, dissolvedOxygen: 2.5 }\n  - { point: rujiangkou, sampled: 2026-05-28, dissolvedOxygen: 2.6 }'),
    problems: [{ file: WORKS, field: 'measurements › 第2项', words: ['2026-05-28的数据已在', '同一次采样只能发布一次'] }],
  },
  {
    name: 'works beyond the plan, and an item not planned (warnings)',
    edit: (t) => t.replace(WORKS, '  - { item: 截污管网, amount: 2.1 }', '  - { item: 截污管网, amount: 5 }\n  - { item: 岸带修复, amount: 1 }'),
    problems: [
      { file: WORKS, field: 'quantities › 第2项 › item', words: ['计划工程量（plannedQuantities）中没有“岸带修复”'], severity: 'warning' },
      { file: RIVER, field: 'plannedQuantities', words: ['“截污管网”各条进展信息累计完成 5 km，超过计划量 4.2 km'], severity: 'warning' },
    ],
  },
  {
    name: 'an unknown works item',
    edit: (t) => t.replace(WORKS, 'item: 清淤疏浚, amount: 12000', 'item: 清淤, amount: 12000'),
    problems: [{ file: WORKS, field: 'quantities › 第2项 › item', words: ['工程量项目应为 截污管网、排口整治、清淤疏浚、岸带修复、生态补水 之一'] }],
  },
  {
    name: 'a post file name that collides with the list addresses',
    edit: (t) => {
      t.write('content/remediation/posts/page.md', '---\ntitle: 工程进展情况\npublished: 2026-06-01\nphase: 工程实施\n---\n\n正文。\n');
    },
    problems: [{ file: 'content/remediation/posts/page.md', field: '', words: ['文件名“page”与栏目页面地址冲突'] }],
  },
  {
    name: 'more satisfied respondents than respondents',
    edit: (t) => t.replace(SURVEY, '{ waterBody: meijiashan, respondents: 80, satisfied: 72 }', '{ waterBody: meijiashan, respondents: 80, satisfied: 81 }'),
    problems: [{ file: SURVEY, field: 'results › 第2项 › satisfied', words: ['满意人数（81）不能多于该水体的有效问卷数（80）'] }],
  },
  {
    name: 'per-body samples adding up to more than the survey',
    edit: (t) => t.replace(SURVEY, 'respondents: 200', 'respondents: 190'),
    problems: [{ file: SURVEY, field: 'results', words: ['各水体有效问卷数之和（200）超过了有效问卷总数（190）'] }],
  },
  {
    name: 'a survey ending before it starts',
    edit: (t) => t.replace(SURVEY, 'to: 2026-10-25', 'to: 2026-10-01'),
    problems: [{ file: SURVEY, field: 'to', words: ['调查结束日期（2026-10-01）不能早于开始日期（2026-10-12）'] }],
  },
  {
    name: 'a draft water body referred to by published files',
    edit: (t) => t.replace(LAKE, 'district: 市中区', 'district: 市中区\ndraft: true'),
    problems: [
      { file: MONITORING, field: 'waterBodies › 第2项', words: ['水体“梅家山水库”仍是草稿'] },
      { file: SURVEY, field: 'results › 第2项 › waterBody', words: ['水体“梅家山水库”仍是草稿'] },
    ],
  },
  {
    name: 'no project file while water bodies exist',
    edit: (t) => t.remove(PROJECT),
    problems: [{ file: PROJECT, field: '', words: ['缺少治理项目说明文件'] }],
  },
  {
    name: 'a lead unit missing from departments.yaml',
    edit: (t) => t.replace(PROJECT, 'leadUnit: nj-zjj', 'leadUnit: nj-fgw'),
    problems: [{ file: PROJECT, field: 'leadUnit', words: ['找不到编号为“nj-fgw”的牵头单位'] }],
  },
  {
    name: 'a broken water body does not cascade into "not found" in posts',
    edit: (t) => t.replace(LAKE, 'areaHa: 4.5', 'areaHa: 大约四公顷'),
    problems: [{ file: LAKE, field: 'areaHa', words: ['水域面积应填写数字（单位：公顷）'] }],
  },
  {
    name: 'YAML that does not parse names the file and line',
    edit: (t) => t.replace(WORKS, 'phase: 工程实施', 'phase:工程实施\n  bad: [unclosed'),
    problems: [{ file: WORKS, field: '', words: ['YAML 格式错误', '第 '] }],
  },
];

describe('remediation checks', () => {
  it('the good tree passes', () => {
    expect(checkRemediation(GOOD, CONTENT_PATHS, UNITS)).toEqual([]);
  });

  it('a content root without content/remediation passes', () => {
    const root = mkdtempSync(join(tmpdir(), 'gongkai-remediation-empty-'));
    trees.push(root);
    expect(checkRemediation(root, CONTENT_PATHS, UNITS)).toEqual([]);
  });

  it.each(CASES)('$name', ({ edit, problems }) => {
    const found = checkRemediation(broken(edit), CONTENT_PATHS, UNITS);
    expect(found.map((p) => `${p.file} [${p.field}]`).sort()).toEqual(problems.map((p) => `${p.file} [${p.field}]`).sort());
    for (const expected of problems) {
      const match = found.find((p) => p.file === expected.file && p.field === expected.field && expected.words.every((w) => p.message.includes(w)));
      expect(match, `${expected.file} ${expected.field}: ${expected.words.join(' / ')}\n${found.map((p) => p.text).join('\n')}`).toBeDefined();
      expect(match!.severity).toBe(expected.severity ?? 'error');
    }
  });

  it('names fields with the labels of their folder', () => {
    const found = checkRemediation(
      broken((t) => {
        t.replace(RIVER, 'lengthKm: 6.8\n', '');
        t.replace(MONITORING, 'dissolvedOxygen: 1.5', 'dissolvedOxygen: 85');
        t.replace(SURVEY, 'to: 2026-10-25', 'to: 2026-10-01');
        t.replace(PROJECT, 'leadUnit: nj-zjj', 'leadUnit: nj-fgw');
      }),
      CONTENT_PATHS,
      UNITS,
    );
    const texts = found.map((p) => p.text);
    expect(texts).toContain(`错误：${RIVER} 字段 lengthKm（河道长度（公里））：河流型水体须填写河道长度（公里），例如 lengthKm: 6.8`);
    expect(texts.some((t) => t.startsWith(`错误：${MONITORING} 字段 measurements › 第1项 › dissolvedOxygen（溶解氧（mg/L））：`))).toBe(true);
    expect(texts.some((t) => t.startsWith(`错误：${SURVEY} 字段 to（调查结束日期）：`))).toBe(true);
    expect(texts.some((t) => t.startsWith(`错误：${PROJECT} 字段 leadUnit（牵头单位）：`))).toBe(true);
  });

  it('the sample site content passes the whole content check', () => {
    const problems = checkContent(resolve(import.meta.dirname, '../..')).filter((p) => p.file.startsWith('content/remediation/'));
    expect(problems.map((p) => p.text)).toEqual([]);
  });
});
