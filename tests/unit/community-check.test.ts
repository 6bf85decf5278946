/**
 * The community content rules against real files: the sample content passes without errors;
 * each broken case is that content with one mistake an editor could make (a grid worker's
 * mobile number, an identity card number, a stale item, a wrong reference) and must give the
 * expected problem naming the file and the field.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCommunity } from '../../src/build/check-community.ts';
import { CONTENT_PATHS } from '../../src/build/content-paths.ts';
import { readDataMap } from '../../src/build/content-files.ts';
import type { ContentProblem } from '../../src/schemas/report.ts';
import { treeEditor, type TreeEditor } from '../helpers/content-tree.ts';

const REPO = resolve(import.meta.dirname, '../..');
const DEPARTMENTS = new Set(readDataMap(REPO, CONTENT_PATHS.departments).entries.keys());
/** A day on which no sample item is overdue but the quarterly finance item of 富康社区. */
const TODAY = '2026-11-28';
const FUKANG = 'content/community/communities/fukang.md';
const FINANCE = 'content/community/disclosure/fukang-caiwu.md';
const MONTHLY = 'content/community/disclosure/fukang-dibao-gongshi.md';
const SERVICE = 'content/community/services/linshi-jiuzhu.md';
const NOTICE = 'content/community/notices/qinghe-2026-qingxue.md';
const ACTIVITIES = 'content/community/activities.yaml';

const trees: string[] = [];
afterAll(() => {
  for (const t of trees) rmSync(t, { recursive: true, force: true });
});

/** The sample's community content (and the catalogue its 微解读 may cite) in a temporary tree, with `edit` applied. */
function tree(edit: (t: TreeEditor) => void = () => {}): string {
  const root = mkdtempSync(join(tmpdir(), 'gongkai-community-'));
  trees.push(root);
  cpSync(join(REPO, 'content/community'), join(root, 'content/community'), { recursive: true });
  cpSync(join(REPO, CONTENT_PATHS.catalogueItems), join(root, CONTENT_PATHS.catalogueItems), { recursive: true });
  edit(treeEditor(root));
  return root;
}

const check = (root: string, today = TODAY) => checkCommunity(root, CONTENT_PATHS, DEPARTMENTS, today);
const errors = (problems: ContentProblem[]) => problems.filter((p) => p.severity === 'error');
const texts = (problems: ContentProblem[]) => problems.map((p) => p.text);

describe('community content check', () => {
  it('the sample content has no errors, and flags exactly the stale item', () => {
    const problems = check(tree());
    expect(errors(problems), texts(problems).join('\n')).toEqual([]);
    expect(problems.map((p) => [p.file, p.field])).toEqual([[FINANCE, 'updated']]);
    expect(problems[0]!.text).toMatch(/^提醒：content\/community\/disclosure\/fukang-caiwu\.md 字段 updated（更新日期）：公开事项“社区财务收支情况”应每季度更新.*2026年10月10日到期，逾期 49 天未更新/);
  });

  it('a monthly item is due one month after its update: not stale on the due day, stale the day after', () => {
    const root = tree();
    expect(check(root, '2026-12-06').filter((p) => p.file === MONTHLY)).toEqual([]);
    const late = check(root, '2026-12-07').filter((p) => p.file === MONTHLY);
    expect(late.map((p) => [p.severity, p.field])).toEqual([['warning', 'updated']]);
    expect(late[0]!.message).toContain('逾期 1 天');
  });

  it('refuses a mobile number as a grid contact, naming the field', () => {
    const root = tree((t) => t.replace(FUKANG, 'contact: 0937-5551111', 'contact: 139 3712 3456'));
    const found = errors(check(root));
    expect(found.length).toBeGreaterThan(0);
    for (const p of found) expect(p.file).toBe(FUKANG);
    expect(found.map((p) => p.field)).toContain('grid › stations › 第1项 › compounds › 第1项 › contact');
    expect(found.some((p) => p.message.includes('139 3712 3456') && p.message.includes('手机号码'))).toBe(true);
    expect(found.some((p) => p.message.includes('只能填写办公电话'))).toBe(true);
  });

  it('refuses a mobile number written anywhere in a field, even in a responsible role', () => {
    const root = tree((t) => t.replace(FUKANG, 'responsible: 楼栋长（退休干部）', 'responsible: 楼栋长王某（13812345678）'));
    const found = errors(check(root));
    expect(found.map((p) => [p.file, p.field])).toEqual([[FUKANG, 'grid › stations › 第1项 › compounds › 第1项 › buildings › 第2项 › responsible']]);
    expect(found[0]!.text).toContain('（责任单位或责任人）');
  });

  it('refuses an identity card number in the text of a notice, with its line', () => {
    const root = tree((t) => t.replace(NOTICE, '到清河网格服务站报名。', '到清河网格服务站报名。联系人身份证 62090219800101123X。'));
    const found = errors(check(root));
    expect(found.map((p) => p.file)).toEqual([NOTICE]);
    expect(found[0]!.message).toMatch(/^正文第 11 行：“62090219800101123X”是居民身份证号码/);
  });

  it('refuses an identity card number in the activities file, naming the entry', () => {
    const root = tree((t) => t.replace(ACTIVITIES, 'schedule: 每周五上午接待（示例）', 'schedule: 每周五上午接待，联系 620902198001011234'));
    const found = errors(check(root));
    expect(found.map((p) => [p.file, p.field])).toEqual([[ACTIVITIES, 'heshilao-xiehui › schedule']]);
  });

  it('refuses a mobile number as a one-time notice contact', () => {
    const root = tree((t) => t.replace(SERVICE, "contact: 0937-5550301", 'contact: 15909371234'));
    const fields = errors(check(root)).map((p) => [p.file, p.field]);
    expect(fields).toContainEqual([SERVICE, 'guide › contact']);
  });

  it('accepts office numbers: landlines with area code and service hotlines', () => {
    const root = tree((t) => t.replace(SERVICE, "contact: 0937-5550301", 'contact: 0937-5550301（工作日），或拨打 12345'));
    expect(errors(check(root))).toEqual([]);
  });

  it('names unknown communities, units and policy documents', () => {
    const root = tree((t) => {
      t.replace(MONTHLY, 'community: fukang', 'community: fukang-x');
      t.replace(SERVICE, 'unit: sz-mzj', 'unit: sz-nowhere');
      t.replace(SERVICE, 'explains: linshi-jiuzhu-yicixing-gaozhidan', 'explains: no-such-document');
      t.replace(ACTIVITIES, 'communities: [qinghe]', 'communities: [qinghe, nowhere]');
    });
    const found = errors(check(root)).map((p) => [p.file, p.field, p.message.replace(/”.*$/, '”')]);
    expect(found).toEqual(
      expect.arrayContaining([
        [MONTHLY, 'community', '找不到编号为“fukang-x”'],
        [SERVICE, 'unit', '找不到编号为“sz-nowhere”'],
        [SERVICE, 'explains', '找不到编号为“no-such-document”'],
        [ACTIVITIES, 'mama-laokedui › communities › 第2项', '找不到编号为“nowhere”'],
      ]),
    );
    expect(found).toHaveLength(4);
  });

  it('refuses a community file named like a section page, and an unknown time limit', () => {
    const root = tree((t) => {
      t.write('content/community/communities/services.md', readFileSync(join(REPO, FUKANG), 'utf8'));
      t.replace(FINANCE, 'frequency: 每季度', 'frequency: 每两周');
    });
    const found = errors(check(root));
    expect(found.map((p) => [p.file, p.field])).toEqual(
      expect.arrayContaining([
        ['content/community/communities/services.md', ''],
        [FINANCE, 'frequency'],
      ]),
    );
    expect(found.find((p) => p.file === FINANCE)!.message).toBe('公开时限应为 每月、每季度、每半年、每年、长期 之一');
  });
});
