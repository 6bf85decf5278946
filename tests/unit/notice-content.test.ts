/**
 * Notices and events as editors write them: the schema on single files, the
 * cross-file rules (an update or cancellation must refer to an existing,
 * earlier, published warning), and the content checker end to end on real
 * files, naming file and field in Chinese.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { noticeSchema } from '../../src/schemas/notice.ts';
import { eventSchema } from '../../src/schemas/event.ts';
import { checkNoticeRules, type NoticeRuleFacts } from '../../src/lib/notice-rules.ts';
import { checkContent } from '../../src/build/check-content.ts';
import { shanghaiWallClock } from '../../src/lib/time.ts';
import { makeBrokenTree } from '../helpers/content-tree.ts';

const WARNING = {
  title: '山洪灾害红色预警',
  kind: '预警',
  issuer: 'sx-fzb',
  issued: '2020-07-05 17:00',
  hazard: '山洪',
  level: '红色',
  areas: ['徽城镇'],
  validUntil: '2020-07-06 17:00',
};

function issues(data: unknown) {
  const r = noticeSchema.safeParse(data);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('notice schema', () => {
  it('accepts a complete warning and reads times as Beijing time', () => {
    const r = noticeSchema.safeParse({ ...WARNING, channels: ['政府网站', '短信'] });
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data.issued.toISOString()).toBe('2020-07-05T09:00:00.000Z');
    expect(r.data.channels).toEqual(['政府网站', '短信']);
    expect(r.data.draft).toBe(false);
  });

  it('accepts the short level form and a bare-date validity (end of that day)', () => {
    const r = noticeSchema.safeParse({ ...WARNING, level: '黄', validUntil: '2020-07-09' });
    expect(r.success && r.data.level).toBe('黄色');
    expect(r.success && r.data.validUntil?.toISOString()).toBe('2020-07-09T15:59:59.999Z');
  });

  it('requires hazard, level, areas and validity on a warning, each by name', () => {
    const { hazard: _h, level: _l, areas: _a, validUntil: _v, ...bare } = WARNING;
    const found = issues(bare);
    expect(found.map((i) => i.path).sort()).toEqual(['areas', 'hazard', 'level', 'validUntil']);
    expect(found.find((i) => i.path === 'level')?.message).toContain('红色、橙色、黄色 或 蓝色');
  });

  it('rejects unknown levels, hazards and channels, listing the allowed values', () => {
    expect(issues({ ...WARNING, level: '紫色' })[0]?.message).toContain('红色、橙色、黄色、蓝色');
    expect(issues({ ...WARNING, hazard: '海啸' })[0]?.message).toContain('山洪');
    expect(issues({ ...WARNING, channels: ['飞鸽传书'] })[0]).toMatchObject({ path: 'channels.0', message: expect.stringContaining('微信公众号') });
  });

  it('rejects a validity that does not end after the issue time', () => {
    expect(issues({ ...WARNING, validUntil: '2020-07-05 17:00' })).toEqual([{ path: 'validUntil', message: '有效期必须晚于发布时间' }]);
  });

  it('lets a cancellation omit level, hazard, areas — but not carry a validity, nor update at the same time', () => {
    const cancel = { title: '解除山洪灾害红色预警', kind: '预警', issuer: 'sx-fzb', issued: '2020-07-08 07:00', cancels: 'a' };
    expect(issues(cancel)).toEqual([]);
    expect(issues({ ...cancel, validUntil: '2020-07-09' })[0]?.path).toBe('validUntil');
    expect(issues({ ...cancel, updates: 'b' })[0]?.message).toContain('不能同时');
  });

  it('refuses warning fields on other kinds, and a non-warning category on a warning', () => {
    const notice = { title: '关于高考延期的公告', kind: '通知公告', category: '服务信息', issuer: 'sx-jyj', issued: '2020-07-07 06:30' };
    expect(issues(notice)).toEqual([]);
    const found = issues({ ...notice, level: '红色', updates: 'x' });
    expect(found.map((i) => i.path).sort()).toEqual(['level', 'updates']);
    expect(found[0]?.message).toContain('只有预警');
    expect(issues({ ...WARNING, category: '服务信息' })[0]?.path).toBe('category');
  });

  it('requires the concern on a response, raised before the answer', () => {
    const response = { title: '关于停水问题的回应', kind: '回应关切', issuer: 'sx-zf', issued: '2020-07-08 09:00' };
    expect(issues(response)[0]?.path).toBe('concern');
    expect(issues({ ...response, concern: { question: '什么时候恢复供水？', raised: '2020-07-07 20:00', source: '12345热线' } })).toEqual([]);
    expect(issues({ ...response, concern: { question: '什么时候恢复供水？', raised: '2020-07-08 10:00' } })[0]?.message).toContain('不能晚于');
    expect(issues({ title: '一般通知公告', kind: '通知公告', issuer: 'sx-zf', issued: '2020-07-08', concern: { question: '问', raised: '2020-07-07' } })[0]?.path).toBe('concern');
  });

  it('requires a category for a notice in an event unless its kind implies one', () => {
    const base = { title: '道路通行情况通告', kind: '通知公告', issuer: 'sx-jtysj', issued: '2020-07-07 09:00', event: 'e' };
    expect(issues(base)).toEqual([{ path: 'category', message: expect.stringContaining('预警信息、服务信息、卫生信息、重建信息、舆情信息') }]);
    expect(issues({ ...WARNING, event: 'e' })).toEqual([]);
  });

  it('keeps speakers and venue to press conferences, and rejects unknown fields', () => {
    const notice = { title: '关于高考延期的公告', kind: '通知公告', issuer: 'sx-jyj', issued: '2020-07-07 06:30' };
    expect(issues({ ...notice, speakers: ['县长'] })[0]?.path).toBe('speakers');
    expect(issues({ ...notice, kind: '新闻发布会', speakers: ['县长'], venue: '发布厅' })).toEqual([]);
    expect(issues({ ...notice, levle: '红色' })[0]?.message).toBeTruthy();
  });
});

describe('event schema', () => {
  it('accepts an event and refuses one ending before it starts', () => {
    const e = { title: '「7·7」洪涝灾害', summary: '洪涝灾害', starts: '2020-07-06 20:00', ends: '2020-07-07 08:00' };
    expect(eventSchema.safeParse(e).success).toBe(true);
    const r = eventSchema.safeParse({ ...e, ends: '2020-07-06 19:00' });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toEqual(['ends']);
  });
});

describe('checkNoticeRules', () => {
  const at = (d: number, h: number) => shanghaiWallClock(2020, 7, d, h);
  const facts = (over: Partial<NoticeRuleFacts> & { id: string }): NoticeRuleFacts => ({
    file: `content/notices/${over.id}.md`,
    kind: '预警',
    issuer: 'sx-fzb',
    issued: at(5, 17),
    draft: false,
    hazard: '山洪',
    validUntil: at(6, 17),
    ...over,
  });
  const a = facts({ id: 'a' });
  const b = facts({ id: 'b', issued: at(6, 16), validUntil: at(7, 16), updates: 'a' });
  const c = facts({ id: 'c', issued: at(7, 7), validUntil: undefined, cancels: 'b' });
  const run = (notices: NoticeRuleFacts[], events = [{ id: 'e', file: 'content/events/e.md', draft: false }]) =>
    checkNoticeRules({ departments: new Set(['sx-fzb']), events, notices });

  it('finds nothing in a consistent chain', () => {
    expect(run([a, b, c])).toEqual([]);
  });

  it('reports an update or cancellation of a warning that does not exist', () => {
    expect(run([a, { ...b, updates: 'missing' }])).toEqual([
      { file: 'content/notices/b.md', path: ['updates'], severity: 'error', message: expect.stringContaining('找不到编号为“missing”的预警') },
    ]);
    expect(run([a, { ...c, cancels: 'nope' }])[0]).toMatchObject({ path: ['cancels'], message: expect.stringContaining('解除的对象必须是已有的预警') });
  });

  it('reports referring to a notice that is not a warning, or to a cancellation', () => {
    const n = facts({ id: 'n', kind: '通知公告' });
    expect(run([n, { ...b, updates: 'n' }])[0]?.message).toContain('不是预警');
    expect(run([a, b, c, facts({ id: 'd', issued: at(8, 7), updates: 'c', validUntil: at(9, 7) })])[0]?.message).toContain('是解除预警的通知');
  });

  it('requires the update to be issued after what it updates', () => {
    const found = run([a, { ...b, issued: at(5, 17) }]);
    expect(found).toEqual([{ file: 'content/notices/b.md', path: ['issued'], severity: 'error', message: expect.stringContaining('必须晚于') }]);
  });

  it('refuses a second update of the same warning, pointing to the first', () => {
    const rival = facts({ id: 'z', issued: shanghaiWallClock(2020, 7, 6, 16, 30), validUntil: at(7, 18), updates: 'a' });
    const found = run([a, b, rival]);
    expect(found).toEqual([{ file: 'content/notices/z.md', path: ['updates'], severity: 'error', message: expect.stringContaining('已被 content/notices/b.md 更新') }]);
  });

  it('refuses updating a draft from a published notice, and an unknown issuer or event', () => {
    expect(run([{ ...a, draft: true }, b])[0]?.message).toContain('仍是草稿');
    const found = run([{ ...a, issuer: 'sx-nobody', event: 'none' }]);
    expect(found.map((f) => f.path[0])).toEqual(['issuer', 'event']);
    expect(run([{ ...a, event: 'e' }], [{ id: 'e', file: 'content/events/e.md', draft: true }])[0]?.message).toContain('专题“e”仍是草稿');
  });

  it('warns (not errors) when updating an expired warning or changing the hazard', () => {
    const late = run([a, { ...b, issued: at(6, 18) }]);
    expect(late.map((f) => f.severity)).toEqual(['warning']);
    expect(run([a, { ...b, hazard: '暴雨' }]).map((f) => [f.path[0], f.severity])).toEqual([['hazard', 'warning']]);
  });

  it('refuses file names that clash with the list pages, and self-references', () => {
    expect(run([facts({ id: 'level' })])[0]?.message).toContain('与栏目页面地址冲突');
    expect(run([facts({ id: 's', updates: 's' })])[0]?.message).toContain('不能更新自己');
  });
});

describe('checkContent on notice files', () => {
  const trees: string[] = [];
  afterAll(() => {
    for (const t of trees) rmSync(t, { recursive: true, force: true });
  });

  /** The good fixture tree plus a small notices folder; `edit` may change or add files. */
  function tree(files: Record<string, string>): string {
    const root = makeBrokenTree(() => {});
    trees.push(root);
    mkdirSync(join(root, 'content/notices'), { recursive: true });
    mkdirSync(join(root, 'content/events'), { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(root, file), text);
    return root;
  }
  const fm = (lines: string[], body = '正文。') => `---\n${lines.join('\n')}\n---\n\n${body}\n`;
  const GOOD = {
    'content/events/flood.md': fm(['title: 洪涝灾害', 'summary: 洪涝灾害专题', 'starts: 2020-07-06 20:00']),
    'content/notices/a.md': fm(['title: 山洪灾害红色预警', 'kind: 预警', 'issuer: bj-rfb', 'issued: 2020-07-05 17:00', 'event: flood', 'hazard: 山洪', 'level: 红', 'areas: [徽城镇]', 'validUntil: 2020-07-06 17:00']),
    'content/notices/b.md': fm(['title: 解除山洪灾害红色预警', 'kind: 预警', 'issuer: bj-rfb', 'issued: 2020-07-06 07:00', 'event: flood', 'cancels: a']),
    'content/areas.yaml': "'341021000000':\n  name: 歙县\n'341021100000':\n  name: 徽城镇\n",
  };
  const errors = (root: string) => checkContent(root).filter((p) => p.severity === 'error');

  it('passes the good notices', () => {
    expect(errors(tree(GOOD))).toEqual([]);
  });

  it('names file and field of a cancellation of an unknown warning, in Chinese', () => {
    const root = tree({ ...GOOD, 'content/notices/b.md': GOOD['content/notices/b.md'].replace('cancels: a', 'cancels: a-typo') });
    const found = errors(root);
    expect(found).toHaveLength(1);
    expect(found[0]?.text).toMatch(/^错误：content\/notices\/b\.md 字段 cancels（解除的预警）：找不到编号为“a-typo”的预警/);
  });

  it('names the file, code and field of a broken areas file, and the warning area it no longer registers', () => {
    const root = tree({ ...GOOD, 'content/areas.yaml': "'341021000000':\n  name: 歙县\n'341021100000':\n  name: 徽城镇\n  polygon: 29.9,118.4\n'34102110':\n  name: 坏代码\n" });
    expect(errors(root).map((p) => p.text)).toEqual([
      expect.stringMatching(/^错误：content\/areas\.yaml 字段 34102110：区划代码应为 12 位数字/),
      expect.stringMatching(/^错误：content\/areas\.yaml 字段 341021100000 › polygon：边界（polygon）至少需要 4 个点/),
    ]);
    const missing = tree({ ...GOOD, 'content/areas.yaml': "'341021000000':\n  name: 歙县\n" });
    expect(errors(missing).map((p) => p.text)).toEqual([expect.stringMatching(/^错误：content\/notices\/a\.md 字段 areas › 第1项（影响区域）：区划“徽城镇”未在 content\/areas\.yaml 中登记/)]);
  });

  it('labels notice fields with their own names, not those of consultations', () => {
    const root = tree({ ...GOOD, 'content/notices/a.md': GOOD['content/notices/a.md'].replace('kind: 预警', 'kind: 紧急通知') });
    const texts = errors(root).map((p) => p.text);
    expect(texts.some((t) => t.includes('字段 kind（信息类型）'))).toBe(true);
  });

  it('refuses a time written with a time-zone offset', () => {
    const root = tree({ ...GOOD, 'content/notices/a.md': GOOD['content/notices/a.md'].replace('issued: 2020-07-05 17:00', 'issued: 2020-07-05T17:00:00+08:00') });
    expect(errors(root).map((p) => [p.field, p.message])).toEqual([['issued', expect.stringContaining('请勿填写时区')]]);
  });

  it('reports front matter that is not YAML with the file name', () => {
    const root = tree({ ...GOOD, 'content/notices/a.md': '---\ntitle: [未闭合\n---\n' });
    expect(errors(root).some((p) => p.file === 'content/notices/a.md' && p.message.includes('YAML 格式错误'))).toBe(true);
  });
});
