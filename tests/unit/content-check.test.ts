/**
 * The content checker against real files: the good fixture tree passes; each broken
 * case is the good tree with one mistake an editor could make, written as a file,
 * and must give exactly the expected errors, naming file and field in Chinese.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkContent } from '../../src/build/check-content.ts';
import { GOOD_TREE, makeBrokenTree, type TreeEditor } from '../helpers/content-tree.ts';

const REPO = resolve(import.meta.dirname, '../..');
const CONSULTATION = 'content/consultations/rfb-pingshi-liyong.md';
const MAJOR = 'content/consultations/sfj-xingzheng-chufa-cailiang.md';
const FEEDBACK = 'content/feedback/rfb-pingshi-liyong.md';

const trees: string[] = [];
afterAll(() => {
  for (const t of trees) rmSync(t, { recursive: true, force: true });
});
function tree(edit: (t: TreeEditor) => void): string {
  const root = makeBrokenTree(edit);
  trees.push(root);
  return root;
}

interface Expected {
  file: string;
  field: string;
  /** Key words of the Chinese message, each must appear. */
  words: string[];
}
interface Case {
  name: string;
  edit: (t: TreeEditor) => void;
  errors: Expected[];
  /** For YAML errors: the file line the message must name (replaces LINE in the words). */
  line?: (root: string) => number;
}

const CASES: Case[] = [
  {
    name: 'missing required field (explanation)',
    edit: (t) => t.replace(CONSULTATION, 'explanation: |\n  为规范本市人民防空工程平时利用管理，起草了本办法。\n', ''),
    errors: [{ file: CONSULTATION, field: 'explanation', words: ['请填写起草说明'] }],
  },
  {
    name: 'missing required date (opens)',
    edit: (t) => t.replace(CONSULTATION, 'opens: 2020-07-29 09:00\n', ''),
    errors: [{ file: CONSULTATION, field: 'opens', words: ['缺少必填字段', '2020-07-29 09:00'] }],
  },
  {
    name: 'wrong enum value (kind)',
    edit: (t) => t.replace(CONSULTATION, 'kind: 行政规范性文件', 'kind: 规范性文件'),
    errors: [{ file: CONSULTATION, field: 'kind', words: ['文件类别应为', '行政规范性文件、重大行政决策、其他'] }],
  },
  {
    name: 'wrong enum value (stage)',
    edit: (t) => t.replace(CONSULTATION, 'stage: 草案审议', 'stage: 征求意见'),
    errors: [{ file: CONSULTATION, field: 'stage', words: ['参与阶段应为', '需求征集、草案审议、执行评价、调整完善'] }],
  },
  {
    name: 'bad date format (slashes)',
    edit: (t) => t.replace(CONSULTATION, 'closes: 2020-08-28', 'closes: 2020/08/28'),
    errors: [{ file: CONSULTATION, field: 'closes', words: ['时间格式不正确', '2020-07-29 09:00'] }],
  },
  {
    name: 'impossible date (31 September), which YAML would roll over to 1 October',
    edit: (t) => t.replace(CONSULTATION, 'closes: 2020-08-28', 'closes: 2020-09-31'),
    errors: [{ file: CONSULTATION, field: 'closes', words: ['时间格式不正确'] }],
  },
  {
    name: 'impossible time of day (25:00:00)',
    edit: (t) => t.replace(CONSULTATION, 'opens: 2020-07-29 09:00', 'opens: 2020-07-29 25:00:00'),
    errors: [{ file: CONSULTATION, field: 'opens', words: ['时间格式不正确'] }],
  },
  {
    name: 'bad feedback date (Chinese date, impossible date)',
    edit: (t) => {
      t.replace(FEEDBACK, 'published: 2020-09-20', 'published: 2020年9月20日');
      t.replace('content/feedback/sfj-xingzheng-chufa-cailiang.md', 'published: 2020-09-30', 'published: 2020-02-30');
    },
    errors: [
      { file: FEEDBACK, field: 'published', words: ['日期格式不正确', '2020-08-28'] },
      { file: 'content/feedback/sfj-xingzheng-chufa-cailiang.md', field: 'published', words: ['日期格式不正确'] },
    ],
  },
  {
    name: 'explicit time zone (+08:00)',
    edit: (t) => t.replace(CONSULTATION, 'opens: 2020-07-29 09:00', 'opens: 2020-07-29T09:00:00+08:00'),
    errors: [{ file: CONSULTATION, field: 'opens', words: ['请勿填写时区', '北京时间'] }],
  },
  {
    name: 'explicit time zone (Z, quoted)',
    edit: (t) => t.replace(CONSULTATION, 'closes: 2020-08-28', 'closes: "2020-08-28T15:59:59Z"'),
    errors: [
      { file: CONSULTATION, field: 'closes', words: ['请勿填写时区'] },
      { file: CONSULTATION, field: 'closes', words: ['时间格式不正确'] },
    ],
  },
  {
    name: 'closes before opens',
    edit: (t) => t.replace(CONSULTATION, 'closes: 2020-08-28', 'closes: 2020-07-20'),
    errors: [{ file: CONSULTATION, field: 'closes', words: ['征集截止时间必须晚于征集开始时间'] }],
  },
  {
    name: 'closes at the opening instant',
    edit: (t) => t.replace(CONSULTATION, 'closes: 2020-08-28', 'closes: 2020-07-29 09:00'),
    errors: [{ file: CONSULTATION, field: 'closes', words: ['征集截止时间必须晚于征集开始时间'] }],
  },
  {
    // Opens Wed 07-29 09:00; 07-30 … 08-06 holds 6 working days.
    name: 'window too short without a reason (6 working days)',
    edit: (t) => t.replace(CONSULTATION, 'closes: 2020-08-28', 'closes: 2020-08-06'),
    errors: [{ file: CONSULTATION, field: 'closes', words: ['不得少于7个工作日', '国办发〔2018〕37号', '当前仅6个工作日', 'shortWindowReason'] }],
  },
  {
    name: '重大行政决策 window of 29 days',
    edit: (t) => t.replace(MAJOR, 'closes: 2020-09-30', 'closes: 2020-09-29'),
    errors: [{ file: MAJOR, field: 'closes', words: ['重大行政决策征求意见期限不得少于30日', '当前仅29日'] }],
  },
  {
    name: 'unknown department',
    edit: (t) => t.replace(CONSULTATION, 'department: bj-rfb', 'department: bj-renfang'),
    errors: [{ file: CONSULTATION, field: 'department', words: ['找不到编号为“bj-renfang”的部门', 'content/departments.yaml'] }],
  },
  {
    name: 'unknown policy area (second in the list)',
    edit: (t) => t.replace(CONSULTATION, 'policyAreas: [shehui-guanli, qieshen-liyi]', 'policyAreas: [shehui-guanli, qieshen]'),
    errors: [{ file: CONSULTATION, field: 'policyAreas › 第2项', words: ['找不到编号为“qieshen”的政策领域'] }],
  },
  {
    name: 'feedback for an unknown consultation',
    edit: (t) => t.replace(FEEDBACK, 'consultation: rfb-pingshi-liyong', 'consultation: rfb-pingshi-liyong-2020'),
    errors: [{ file: FEEDBACK, field: 'consultation', words: ['找不到编号为“rfb-pingshi-liyong-2020”的意见征集'] }],
  },
  {
    // Files are read in name order: the new file sorts first ('-' < '.'), so the original is the second report.
    name: 'two feedback reports for one consultation',
    edit: (t) => t.write('content/feedback/rfb-pingshi-liyong-buchong.md', t.read(FEEDBACK).replace('published: 2020-09-20', 'published: 2020-09-25')),
    errors: [{ file: FEEDBACK, field: 'consultation', words: ['已有反馈 content/feedback/rfb-pingshi-liyong-buchong.md', '只能有一份'] }],
  },
  {
    name: 'feedback dated before the close',
    edit: (t) => t.replace(FEEDBACK, 'published: 2020-09-20', 'published: 2020-08-27'),
    errors: [{ file: FEEDBACK, field: 'published', words: ['早于征集截止日期（2020年8月28日）'] }],
  },
  {
    name: '未采纳 without a reason',
    edit: (t) => t.replace(FEEDBACK, '    reason: 人防工程不具备居住条件，用于居住存在安全隐患\n', ''),
    errors: [{ file: FEEDBACK, field: 'viewpoints › 第3项 › reason', words: ['采纳情况为“未采纳”时必须说明理由'] }],
  },
  {
    name: '部分采纳 without a reason',
    edit: (t) => t.replace(FEEDBACK, '    reason: 备案材料已精简，现场核查环节涉及安全不宜取消\n', ''),
    errors: [{ file: FEEDBACK, field: 'viewpoints › 第2项 › reason', words: ['采纳情况为“部分采纳”时必须说明理由'] }],
  },
  {
    name: 'unknown extra field (a typo of a field name)',
    edit: (t) => t.replace(CONSULTATION, 'closes: 2020-08-28\n', 'closes: 2020-08-28\ndeadline: 2020-08-28\n'),
    errors: [{ file: CONSULTATION, field: '', words: ['不认识的字段', 'deadline'] }],
  },
  {
    name: 'unknown field inside channels',
    edit: (t) => t.replace(CONSULTATION, '  online: true\n', '  online: true\n  wechat: renfang\n'),
    errors: [{ file: CONSULTATION, field: 'channels', words: ['不认识的字段', 'wechat'] }],
  },
  {
    name: 'YAML syntax error in front matter (bad indentation)',
    edit: (t) => t.replace(CONSULTATION, '  email: rfb-zhengji@example.gov.cn\n  post:', '   email: rfb-zhengji@example.gov.cn\n  post:'),
    errors: [{ file: CONSULTATION, field: '', words: ['YAML 格式错误', '第 LINE 行'] }],
    line: (root) => lineOf(root, CONSULTATION, '   email: rfb-zhengji@example.gov.cn'),
  },
  {
    // A department copied to add a new one, its id left unchanged.
    name: 'YAML error in departments.yaml (duplicated id): no cascade of "missing department" errors',
    edit: (t) => t.replace('content/departments.yaml', 'bj-whly:\n', 'bj-sfj:\n'),
    errors: [{ file: 'content/departments.yaml', field: '', words: ['YAML 格式错误', '第 LINE 行', 'duplicated mapping key'] }],
    line: (root) => lineOf(root, 'content/departments.yaml', '  name: 北京市文化和旅游局') - 1,
  },
  {
    name: 'file without front matter',
    edit: (t) => t.write('content/consultations/rfb-pingshi-liyong.md', t.read(CONSULTATION).replace(/^---\n/, '')),
    errors: [{ file: CONSULTATION, field: '', words: ['缺少以 --- 包围的字段区'] }],
  },
  {
    name: 'missing attachment file',
    edit: (t) => t.replace(CONSULTATION, 'file: /files/consultations/rfb-draft.pdf', 'file: /files/consultations/rfb-draft-v2.pdf'),
    errors: [{ file: CONSULTATION, field: 'attachments › 第1项 › file', words: ['找不到附件文件 public/files/consultations/rfb-draft-v2.pdf'] }],
  },
  {
    name: 'attachment in an unsupported format',
    edit: (t) => t.replace(CONSULTATION, 'file: /files/consultations/rfb-draft.pdf', 'file: /files/consultations/rfb-draft.pages'),
    errors: [{ file: CONSULTATION, field: 'attachments › 第1项 › file', words: ['附件格式“.pages”不受支持'] }],
  },
  {
    name: 'department entry with a bad e-mail address (not a missing department for its consultations)',
    edit: (t) => t.replace('content/departments.yaml', 'email: sfj-zhengji@example.gov.cn', 'email: sfj-zhengji@example'),
    errors: [{ file: 'content/departments.yaml', field: 'bj-sfj › email', words: ['电子邮箱格式不正确'] }],
  },
  {
    name: 'invalid consultation: its feedback is not reported as pointing nowhere',
    edit: (t) => t.replace(MAJOR, 'kind: 重大行政决策', 'kind: 重大决策'),
    errors: [{ file: MAJOR, field: 'kind', words: ['文件类别应为'] }],
  },
  {
    name: 'YAML error in site.yaml (tab indentation)',
    edit: (t) => t.replace('content/site.yaml', '  name: 测试市政务公开领导小组办公室', '\tname: 测试市政务公开领导小组办公室'),
    errors: [{ file: 'content/site.yaml', field: '', words: ['YAML 格式错误', '第 LINE 行', 'tab'] }],
    line: (root) => lineOf(root, 'content/site.yaml', '\tname: 测试市政务公开领导小组办公室'),
  },
  {
    name: 'Markdown table with column alignment (its style attribute is blocked by the CSP)',
    edit: (t) => t.replace(CONSULTATION, '\n---\n', '\n---\n\n| 项目 | 金额 |\n| :--- | ---: |\n| 一 | 1 |\n\n'),
    errors: [{ file: CONSULTATION, field: '', words: ['正文第 LINE 行', '对齐写法', '请去掉冒号'] }],
    line: (root) => lineOf(root, CONSULTATION, '| :--- | ---: |'),
  },
  {
    name: 'site.yaml missing',
    edit: (t) => t.remove('content/site.yaml'),
    errors: [{ file: 'content/site.yaml', field: '', words: ['文件不存在'] }],
  },
  {
    name: 'site.yaml with a malformed 网站标识码',
    edit: (t) => t.replace('content/site.yaml', 'siteCode: "1100000001"', 'siteCode: "110000"'),
    errors: [{ file: 'content/site.yaml', field: 'siteCode', words: ['网站标识码应为 10 位字母或数字'] }],
  },
];

/** Line (1-based) of the first line of `file` in `root` containing `text`. */
function lineOf(root: string, file: string, text: string): number {
  return readFileSync(join(root, file), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
}

describe('checkContent on the good tree', () => {
  it('finds no problem at all (no errors, no warnings)', () => {
    expect(checkContent(GOOD_TREE).map((p) => p.text)).toEqual([]);
  });

  it('also passes in a copy outside the repository', () => {
    expect(checkContent(tree(() => {})).map((p) => p.text)).toEqual([]);
  });
});

describe('checkContent on broken trees', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const root = tree(c.edit);
    const problems = checkContent(root);
    const errors = problems.filter((p) => p.severity === 'error');
    expect(
      errors.map((e) => ({ file: e.file, field: e.field })),
      errors.map((e) => e.text).join('\n'),
    ).toEqual(c.errors.map((x) => ({ file: x.file, field: x.field })));
    c.errors.forEach((x, i) => {
      const error = errors[i]!;
      for (const w of x.words) {
        const words = c.line ? w.replace('LINE', String(c.line(root))) : w;
        expect(error.message, error.text).toContain(words);
      }
      // The line an editor reads names the file and, when there is one, the field.
      expect(error.text.startsWith(`错误：${x.file}`)).toBe(true);
      if (x.field) expect(error.text).toContain(`字段 ${x.field}`);
    });
    expect(problems.filter((p) => p.severity === 'warning')).toEqual([]);
  });

  it('accepts the 7th working day, and a short window when a reason is given', () => {
    expect(checkContent(tree((t) => t.replace(CONSULTATION, 'closes: 2020-08-28', 'closes: 2020-08-07')))).toEqual([]);
    const withReason = tree((t) =>
      t.replace(CONSULTATION, 'closes: 2020-08-28\n', 'closes: 2020-08-06\nshortWindowReason: 上位法将于2020年9月1日起施行，需在施行前出台配套办法\n'),
    );
    expect(checkContent(withReason)).toEqual([]);
  });

  it('accepts feedback published on the closing day (the good tree has one) and a bare date for 00:00', () => {
    expect(readFileSync(join(GOOD_TREE, 'content/feedback/sfj-xingzheng-chufa-cailiang.md'), 'utf8')).toContain('published: 2020-09-30');
    expect(checkContent(tree((t) => t.replace(MAJOR, 'opens: 2020-09-01 00:00', 'opens: 2020-09-01')))).toEqual([]);
  });

  it('only warns when the holiday arrangement of the year is not yet published', () => {
    const root = tree((t) => {
      t.replace(CONSULTATION, 'opens: 2020-07-29 09:00', 'opens: 2027-03-01 09:00');
      t.replace(CONSULTATION, 'closes: 2020-08-28', 'closes: 2027-03-31');
      t.replace(FEEDBACK, 'published: 2020-09-20', 'published: 2027-04-10');
    });
    const problems = checkContent(root);
    expect(problems.map((p) => [p.severity, p.file, p.field])).toEqual([['warning', CONSULTATION, 'closes']]);
    expect(problems[0]!.text).toContain('提醒：');
    expect(problems[0]!.message).toContain('法定节假日安排尚未公布');
  });

  it('ignores files whose names start with an underscore, as the build does', () => {
    expect(checkContent(tree((t) => t.write('content/consultations/_template.md', 'title: 不是有效的字段区\n')))).toEqual([]);
  });
});

describe('node scripts/check-content.ts', () => {
  const script = resolve(REPO, 'scripts/check-content.ts');

  it('exits 0 on the good tree', () => {
    const out = execFileSync(process.execPath, [script, GOOD_TREE], { encoding: 'utf8' });
    expect(out).toContain('内容检查通过');
  });

  it('exits 1 and prints every problem with its file and field', () => {
    const root = tree((t) => {
      t.replace(CONSULTATION, 'kind: 行政规范性文件', 'kind: 规范性文件');
      t.replace(FEEDBACK, '    reason: 人防工程不具备居住条件，用于居住存在安全隐患\n', '');
    });
    const run = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`错误：${CONSULTATION} 字段 kind（文件类别）：文件类别应为`);
    expect(run.stdout).toContain(`错误：${FEEDBACK} 字段 viewpoints › 第3项 › reason（理由）：采纳情况为“未采纳”时必须说明理由`);
    expect(run.stdout).toContain('内容检查未通过：2 处错误');
  });

  it('takes the content root from GONGKAI_CONTENT_ROOT too', () => {
    const root = tree((t) => t.replace(CONSULTATION, 'department: bj-rfb', 'department: bj-renfang'));
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', cwd: tmpdir(), env: { ...process.env, GONGKAI_CONTENT_ROOT: root } });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('找不到编号为“bj-renfang”的部门');
  });
});
