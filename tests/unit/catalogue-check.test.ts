/**
 * The catalogue checks against real files: the good fixture tree passes; each
 * broken case is that tree with one editor mistake written into a file and must
 * give exactly the expected errors, naming file and field in Chinese.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCatalogue } from '../../src/build/check-catalogue.ts';
import { CONTENT_PATHS } from '../../src/build/content-paths.ts';

const GOOD = resolve(import.meta.dirname, '../fixtures/catalogue-good');
const DEPARTMENTS = new Set(['jtb', 'jtb-glj', 'sz-mzj']);
const ITEMS = 'content/catalogue/items';
const TOPICS = 'content/catalogue/topics.yaml';
const ORGS = 'content/catalogue/organisations.yaml';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

interface Editor {
  replace(file: string, from: string, to: string): void;
  write(file: string, text: string): void;
  remove(file: string): void;
}

function broken(edit: (e: Editor) => void): string {
  const root = mkdtempSync(join(tmpdir(), 'gongkai-catalogue-'));
  roots.push(root);
  cpSync(GOOD, root, { recursive: true });
  edit({
    replace(file, from, to) {
      const text = readFileSync(join(root, file), 'utf8');
      if (text.split(from).length !== 2) throw new Error(`${file}: expected exactly one ${JSON.stringify(from)}`);
      writeFileSync(join(root, file), text.replace(from, () => to));
    },
    write: (file, text) => writeFileSync(join(root, file), text),
    remove: (file) => rmSync(join(root, file)),
  });
  return root;
}

const errorsOf = (root: string) => checkCatalogue(root, CONTENT_PATHS, DEPARTMENTS).filter((p) => p.severity === 'error');

interface Case {
  name: string;
  edit: (e: Editor) => void;
  /** file, field (as formatPath writes it), key words of the message */
  errors: [string, string, string[]][];
}

const item = (id: string) => `${ITEMS}/${id}.md`;

const cases: Case[] = [
  {
    name: 'a topic code that is not in the tree',
    edit: (e) => e.replace(item('notice'), 'topics: [zt11]', 'topics: [zt99]'),
    errors: [[item('notice'), 'topics › 第1项', ['主题分类中没有编码为“zt99”', TOPICS]]],
  },
  {
    name: 'an industry code from another tree',
    edit: (e) => e.replace(item('rule-2016'), 'industries: [hy0203]', 'industries: [zt0201]'),
    errors: [[item('rule-2016'), 'industries › 第1项', ['行业分类中没有编码为“zt0201”']]],
  },
  {
    name: 'an issuing body that is not a department',
    edit: (e) => e.replace(item('notice'), 'issuer: jtb-glj', 'issuer: jtb-gonglu'),
    errors: [[item('notice'), 'issuer', ['找不到编号为“jtb-gonglu”的发布机构', 'departments.yaml']]],
  },
  {
    name: 'an issuer without an organisation node, and no organisations given',
    edit: (e) => e.replace(item('guide'), 'organisations: [jg04]\n', ''),
    errors: [[item('guide'), 'organisations', ['没有对应发布机构“sz-mzj”的类目', 'department: sz-mzj']]],
  },
  {
    name: 'an amended document that does not name its successor',
    edit: (e) => e.replace(item('rule-2016'), 'replacedBy: rule-2020\n', ''),
    errors: [[item('rule-2016'), 'replacedBy', ['已修改', '必须在 replacedBy 中填写']]],
  },
  {
    name: 'a successor that does not exist',
    edit: (e) => e.replace(item('rule-2016'), 'replacedBy: rule-2020', 'replacedBy: rule-2021'),
    errors: [[item('rule-2016'), 'replacedBy', ['找不到编号为“rule-2021”的目录文件']]],
  },
  {
    name: 'a successor published before the document it replaces',
    edit: (e) => e.replace(item('notice'), 'topics: [zt11]', 'topics: [zt11]\nvalidity: 废止\nreplacedBy: rule-2016'),
    errors: [[item('notice'), 'replacedBy', ['“rule-2016”发布于2016年1月29日，早于本文件的发布日期2020年10月30日']]],
  },
  {
    name: 'a valid document that names a successor',
    edit: (e) => e.replace(item('rule-2016'), 'validity: 已修改', 'validity: 有效'),
    errors: [[item('rule-2016'), 'validity', ['不能标为“有效”']]],
  },
  {
    name: 'a replacement cycle',
    edit: (e) => e.replace(item('rule-2020'), 'related: [notice]', 'related: [notice]\nvalidity: 废止\nreplacedBy: rule-2016'),
    errors: [
      [item('rule-2020'), 'replacedBy', ['早于本文件的发布日期']],
      [item('rule-2016'), 'replacedBy', ['循环', 'rule-2016 → rule-2020 → rule-2016']],
    ],
  },
  {
    name: 'a 成文日期 after the 发布日期',
    edit: (e) => e.replace(item('rule-2020'), 'written: 2020-06-30', 'written: 2020-07-09'),
    errors: [[item('rule-2020'), 'written', ['成文日期（2020-07-09）不能晚于发布日期（2020-07-08）']]],
  },
  {
    name: 'a 施行日期 before the 成文日期',
    edit: (e) => e.replace(item('rule-2020'), 'effective: 2020-09-01', 'effective: 2020-06-01'),
    errors: [[item('rule-2020'), 'effective', ['施行日期（2020-06-01）不能早于成文日期（2020-06-30）']]],
  },
  {
    name: 'an impossible date',
    edit: (e) => e.replace(item('notice'), 'published: 2020-10-30', 'published: 2020-02-30'),
    errors: [[item('notice'), 'published', ['日期']]],
  },
  {
    name: 'an interpretation that names no document',
    edit: (e) => e.replace(item('reading'), 'interprets: [rule-2020]\n', ''),
    errors: [[item('reading'), 'interprets', ['政策解读必须写明所解读的文件']]],
  },
  {
    name: 'an interpretation of an interpretation',
    edit: (e) =>
      e.write(
        item('reading-2'),
        '---\ntitle: 解读的解读\nkind: 图文解读\nissuer: jtb-glj\npublished: 2020-07-09\ntopics: [zt0501]\ninterprets: [reading]\n---\n\n正文\n',
      ),
    errors: [[item('reading-2'), 'interprets › 第1项', ['“reading”本身是政策解读']]],
  },
  {
    name: 'interprets on a document that is not an interpretation',
    edit: (e) => e.replace(item('notice'), 'topics: [zt11]', 'topics: [zt11]\ninterprets: [rule-2020]'),
    errors: [[item('notice'), 'interprets', ['只有政策解读、图文解读可以填写所解读的文件']]],
  },
  {
    name: 'a 规章 without its 令号',
    edit: (e) => e.replace(item('rule-2016'), 'documentNumber: 交通运输部令2016年第1号\n', ''),
    errors: [[item('rule-2016'), 'documentNumber', ['规章必须填写文号']]],
  },
  {
    name: 'two documents with one 文号',
    edit: (e) => e.replace(item('rule-2020'), '交通运输部令2020年第5号', '交通运输部令2016年第1号'),
    errors: [[item('rule-2020'), 'documentNumber', ['文号“交通运输部令2016年第1号”与', 'rule-2016.md 相同']]],
  },
  {
    name: 'a service guide without materials',
    edit: (e) => e.replace(item('guide'), '  materials:\n    - name: 临时救助申请审批表\n      copies: 原件 1 份\n', ''),
    errors: [[item('guide'), 'guide › materials', ['缺少必填字段']]],
  },
  {
    name: 'a service guide on a notice',
    edit: (e) => {
      const guide = readFileSync(join(GOOD, item('guide')), 'utf8');
      const block = guide.slice(guide.indexOf('guide:\n'), guide.indexOf('---\n\n'));
      e.replace(item('notice'), 'topics: [zt11]\n', `topics: [zt11]\n${block}`);
    },
    errors: [[item('notice'), 'guide', ['只有办事指南可以填写 guide']]],
  },
  {
    name: 'a service guide’s related policy that is not in the catalogue',
    edit: (e) => e.replace(item('guide'), '    - rule-2020\n', '    - rule-2030\n'),
    errors: [[item('guide'), 'guide › policies › 第1项', ['找不到编号为“rule-2030”的目录文件']]],
  },
  {
    name: 'a misspelt field',
    edit: (e) => e.replace(item('notice'), 'issuer: jtb-glj', 'issuer: jtb-glj\ndocumentNo: 公告2020年第1号'),
    errors: [[item('notice'), '', ['不认识的字段：documentNo']]],
  },
  {
    name: 'a link to a draft from a published item',
    edit: (e) => e.replace(item('notice'), 'topics: [zt11]', 'topics: [zt11]\ndraft: true'),
    errors: [[item('rule-2020'), 'related › 第1项', ['“notice”仍是草稿']]],
  },
  {
    name: 'a missing attachment file',
    edit: (e) => e.remove('public/files/catalogue/rule-2020.pdf'),
    errors: [[item('rule-2020'), 'attachments › 第1项 › file', ['找不到附件文件 public/files/catalogue/rule-2020.pdf']]],
  },
  {
    name: 'a pinned 索引号 used twice',
    edit: (e) => {
      e.replace(item('notice'), 'topics: [zt11]', 'topics: [zt11]\nindexNumber: "100000001/2020-00009"');
      e.replace(item('reading'), 'topics: [zt0501]', 'topics: [zt0501]\nindexNumber: "100000001/2020-00009"');
    },
    errors: [[item('reading'), 'indexNumber', ['索引号“100000001/2020-00009”与', '不能重复']]],
  },
  {
    name: 'a file name that cannot be an address',
    edit: (e) => e.write(`${ITEMS}/Notice 2.md`, readFileSync(join(GOOD, item('notice')), 'utf8').replace('文号', '')),
    errors: [[`${ITEMS}/Notice 2.md`, '', ['文件名（即编号）只能包含小写英文字母']]],
  },
  {
    name: 'a tree node whose parent does not exist',
    edit: (e) => e.replace(TOPICS, 'parent: zt05', 'parent: zt50'),
    errors: [
      [TOPICS, 'zt0501 › parent', ['找不到上级类目“zt50”']],
      [item('reading'), 'topics › 第1项', ['没有编码为“zt0501”']],
    ],
  },
  {
    name: 'a cycle in a tree',
    edit: (e) => e.replace(TOPICS, 'zt11:\n  name: 收费公路\n  order: 11\n', 'zt11:\n  name: 收费公路\n  order: 11\n  parent: zt1101\nzt1101:\n  name: 收费公路政策\n  order: 1\n  parent: zt11\n'),
    errors: [
      [TOPICS, 'zt11 › parent', ['循环']],
      [TOPICS, 'zt1101 › parent', ['循环']],
      [item('notice'), 'topics › 第1项', ['没有编码为“zt11”']],
    ],
  },
  {
    name: 'a code YAML reads as a number',
    edit: (e) => e.replace(TOPICS, 'zt11:', '0111:'),
    errors: [
      [TOPICS, '111', ['分类编码应以小写字母开头']],
      [item('notice'), 'topics › 第1项', ['没有编码为“zt11”']],
    ],
  },
  {
    name: 'a top organisation without its 机构代码, and one typed as a number',
    edit: (e) => {
      e.replace(ORGS, '  indexCode: "200000001"\n', '');
      e.replace(ORGS, 'indexCode: "100000001"', 'indexCode: 100000001');
    },
    errors: [
      [ORGS, 'jg01 › indexCode', ['加引号']],
      [ORGS, 'jg04 › indexCode', ['顶层机构类目必须填写 indexCode']],
    ],
  },
  {
    name: 'an annual report whose file name is not its year, published before the year ended',
    edit: (e) => e.replace('content/disclosure/annual-reports/2020.md', 'year: 2020\npublished: 2021-01-29', 'year: 2021\npublished: 2021-06-01'),
    errors: [
      ['content/disclosure/annual-reports/2020.md', 'year', ['文件名应为年度', '2021.md']],
      ['content/disclosure/annual-reports/2020.md', 'published', ['2021 年度报告应在年度结束后发布']],
    ],
  },
  {
    name: 'a column page that takes a reserved address',
    edit: (e) => e.write('content/disclosure/topics.md', '---\ntitle: 主题\norder: 9\n---\n\n正文\n'),
    errors: [['content/disclosure/topics.md', '', ['保留的网址']]],
  },
  {
    name: 'a 规章 offered only as PDF',
    edit: (e) => e.replace(item('rule-2020'), '  - title: 决定全文（Word版）\n    file: /files/catalogue/rule-2020.docx\n', ''),
    errors: [[item('rule-2020'), 'attachments', ['规章和行政规范性文件须同时提供 PDF 版和 Word 版', '缺少Word版']]],
  },
  {
    name: 'a 规章 with no download at all',
    edit: (e) => e.replace(item('rule-2016'), /attachments:[^]*?(?=---)/.exec(readFileSync(join(GOOD, item('rule-2016')), 'utf8'))![0], ''),
    errors: [[item('rule-2016'), 'attachments', ['缺少PDF版和Word版']]],
  },
  {
    name: 'a Word text given as a .wps file does not count as Word',
    edit: (e) => {
      e.replace(item('rule-2020'), 'rule-2020.docx', 'rule-2020.wps');
      e.write('public/files/catalogue/rule-2020.wps', 'wps');
    },
    errors: [[item('rule-2020'), 'attachments', ['缺少Word版']]],
  },
];

describe('catalogue check', () => {
  it('passes the good fixture tree without a warning', () => {
    expect(checkCatalogue(GOOD, CONTENT_PATHS, DEPARTMENTS)).toEqual([]);
  });

  it('passes a content root without any catalogue', () => {
    const root = mkdtempSync(join(tmpdir(), 'gongkai-empty-'));
    roots.push(root);
    expect(checkCatalogue(root, CONTENT_PATHS, DEPARTMENTS)).toEqual([]);
  });

  for (const c of cases.filter((c) => c.errors.length > 0)) {
    it(`reports ${c.name}`, () => {
      const errors = errorsOf(broken(c.edit));
      expect(errors.map((p) => [p.file, p.field])).toEqual(c.errors.map(([file, field]) => [file, field]));
      errors.forEach((p, i) => {
        for (const word of c.errors[i]![2]) expect(p.text).toContain(word);
        expect(p.text).toMatch(/^错误：/);
      });
    });
  }

  it('warns, without failing, when a document takes effect before it is published', () => {
    const problems = checkCatalogue(
      broken((e) => e.replace(item('rule-2020'), 'effective: 2020-09-01', 'effective: 2020-07-01')),
      CONTENT_PATHS,
      DEPARTMENTS,
    );
    expect(problems.map((p) => [p.severity, p.file, p.field])).toEqual([['warning', item('rule-2020'), 'effective']]);
    expect(problems[0]?.text).toContain('施行日期（2020年7月1日）早于发布日期（2020年7月8日）');
  });

  it('names the field with its Chinese label', () => {
    const [p] = errorsOf(broken((e) => e.replace(item('notice'), 'issuer: jtb-glj', 'issuer: jtb-gonglu')));
    expect(p?.text).toContain('字段 issuer（发布机构）');
  });
});
