/**
 * `npm run new`: the written drafts parse, pass the content check as they are,
 * carry every schema field with sensible defaults, and every refusal leaves the
 * tree untouched with one Chinese line.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkContent } from '../../src/build/check-content.ts';
import { readEntries } from '../../src/build/content-files.ts';
import { earliestClosingDay, nextWorkingDay, renderScaffold, ScaffoldError, writeScaffold } from '../../src/build/scaffold.ts';
import { checkCommentWindow } from '../../src/lib/comment-window.ts';
import { officialCalendar } from '../../src/lib/official-calendar.ts';
import { addDays, endOfShanghaiDay, shanghaiDate, toShanghaiIso } from '../../src/lib/time.ts';
import { channelsSchema, consultationSchema, postalChannel } from '../../src/schemas/consultation.ts';
import { feedbackSchema, RECEIPT_CHANNELS, viewpointSchema } from '../../src/schemas/feedback.ts';

const REPO = resolve(import.meta.dirname, '../..');
const FIXTURE = join(REPO, 'tests/fixtures/content-good');
/** A Saturday: the next working day is Monday 2026-11-30. */
const NOW = new Date('2026-11-28T10:00:00+08:00');

const trees: string[] = [];
afterAll(() => {
  for (const t of trees) rmSync(t, { recursive: true, force: true });
});

function freshTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'gongkai-scaffold-'));
  cpSync(FIXTURE, root, { recursive: true });
  trees.push(root);
  return root;
}

function listing(root: string): string[] {
  return ['content/consultations', 'content/feedback'].flatMap((d) => readdirSync(join(root, d)).map((f) => `${d}/${f}`)).sort();
}

function entry(root: string, folder: string, id: string) {
  const found = readEntries(root, folder).find((e) => e.id === id);
  if (!found) throw new Error(`${id} not found in ${folder}`);
  return found;
}

/** Each key appears as a field line, possibly commented out (`# key:`), so the editor sees it. */
function expectKeys(text: string, keys: readonly string[]) {
  for (const key of keys) expect(text, key).toMatch(new RegExp(`^\\s*(?:#\\s*)?(?:-\\s+)?${key}:`, 'm'));
}

describe('npm run new -- consultation', () => {
  it('writes a draft that parses and passes the content check unchanged', () => {
    const root = freshTree();
    const result = writeScaffold({ root, kind: 'consultation', name: 'renfang-jingbao-guanli', now: NOW });
    expect(result.file).toBe('content/consultations/renfang-jingbao-guanli.md');
    expect(readFileSync(join(root, result.file), 'utf8')).toBe(result.text);

    const data = consultationSchema.parse(entry(root, 'content/consultations', 'renfang-jingbao-guanli').data);
    expect(data.draft).toBe(true);
    expect(data.kind).toBe('行政规范性文件');
    expect(toShanghaiIso(data.opens)).toBe('2026-11-30T09:00:00+08:00');
    expect(data.closes.getTime()).toBe(endOfShanghaiDay('2026-12-09').getTime());

    expect(checkContent(root)).toEqual([]);
  });

  it('lists every field, the department and policy-area ids, and explains them in Chinese', () => {
    const { text } = renderScaffold({ root: freshTree(), kind: 'consultation', name: 'x-1', now: NOW });
    expectKeys(text, Object.keys(consultationSchema.shape));
    expectKeys(text, [...Object.keys(channelsSchema.shape), ...Object.keys(postalChannel.shape), 'text', 'links', 'file']);
    expect(text).toMatch(/^#\s+bj-rfb\s+北京市人民防空办公室$/m);
    expect(text).toMatch(/^#\s+yingshang-huanjing\s+营商环境$/m);
    expect(text).toContain('北京时间');
    expect(text).not.toMatch(/^(?:opens|closes):.*(?:[+-]\d\d:?\d\d|Z)\s*$/m);
    // Each field is introduced by a Chinese explanation line.
    expect(text.match(/^# 【[^】]+】/gm)?.length).toBeGreaterThanOrEqual(16);
  });

  it('opens on the next working day at 09:00 and closes on the earliest day that meets 7 working days, holidays included', () => {
    // 2026-09-30 evening: 10-01…10-07 are 国庆 holidays, 10-08 the first working day after.
    const root = freshTree();
    const now = new Date('2026-09-30T18:00:00+08:00');
    writeScaffold({ root, kind: 'consultation', name: 'guoqing', now });
    const data = consultationSchema.parse(entry(root, 'content/consultations', 'guoqing').data);
    expect(toShanghaiIso(data.opens)).toBe('2026-10-08T09:00:00+08:00');
    // Counted from 10-09: 10-09, 10-10 (调休上班), 10-12 … 10-16.
    expect(shanghaiDate(data.closes)).toBe('2026-10-16');
    const window = checkCommentWindow({ kind: data.kind, opens: data.opens, closes: data.closes }, officialCalendar);
    expect(window).toMatchObject({ length: 7, meetsMinimum: true, calendarKnown: true });
    const dayEarlier = checkCommentWindow({ kind: data.kind, opens: data.opens, closes: endOfShanghaiDay('2026-10-15') }, officialCalendar);
    expect(dayEarlier.meetsMinimum).toBe(false);
    expect(checkContent(root)).toEqual([]);
  });

  it('says so when the holiday arrangement of the window is not yet published', () => {
    const root = freshTree();
    const known = writeScaffold({ root, kind: 'consultation', name: 'known', now: NOW });
    expect(known.notes.join('\n')).not.toContain('尚未公布');
    const unknown = writeScaffold({ root, kind: 'consultation', name: 'unknown', now: new Date('2026-12-28T10:00:00+08:00') });
    expect(unknown.notes.join('\n')).toContain('节假日安排尚未公布');
    // Still a valid draft: the checker warns about the calendar, nothing more.
    expect(checkContent(root).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('computes defaults with the official calendar', () => {
    expect(nextWorkingDay('2026-02-13', officialCalendar)).toBe('2026-02-14'); // 春节前调休的星期六
    expect(nextWorkingDay('2026-02-14', officialCalendar)).toBe('2026-02-24');
    const opens = new Date('2026-12-01T00:00:00+08:00');
    // Opening at 00:00 counts the opening day: 12-01 … 12-09.
    expect(earliestClosingDay('行政规范性文件', opens, officialCalendar)).toBe('2026-12-09');
    // 重大行政决策: 30 days counted from the opening day at 00:00.
    expect(earliestClosingDay('重大行政决策', opens, officialCalendar)).toBe(addDays('2026-12-01', 29));
    expect(earliestClosingDay('其他', opens, officialCalendar)).toBe('2026-12-01');
  });
});

describe('npm run new -- feedback', () => {
  it('writes a draft report for a closed consultation that passes the content check', () => {
    const root = freshTree();
    const result = writeScaffold({ root, kind: 'feedback', name: 'whly-guoqing-lvyou', now: NOW });
    expect(result.file).toBe('content/feedback/whly-guoqing-lvyou.md');
    const data = feedbackSchema.parse(entry(root, 'content/feedback', 'whly-guoqing-lvyou').data);
    expect(data).toMatchObject({ consultation: 'whly-guoqing-lvyou', published: '2026-11-28', draft: true });
    // Only the consultation's channels (online) and meetings are active; the others are shown commented out.
    expect(Object.keys(data.received).sort()).toEqual(['meeting', 'online']);
    expect(result.text).toMatch(/^\s+# email: 0/m);
    expect(result.text).toContain('2020年11月13日'); // due date: 2020-10-14 + 30 days
    expectKeys(result.text, [...Object.keys(feedbackSchema.shape), ...RECEIPT_CHANNELS, ...Object.keys(viewpointSchema.shape)]);
    expect(checkContent(root)).toEqual([]);
  });

  it('dates the report no earlier than the closing day when the consultation is still open', () => {
    const root = freshTree();
    const result = writeScaffold({ root, kind: 'feedback', name: 'whly-guoqing-lvyou', now: new Date('2020-10-01T10:00:00+08:00') });
    expect(feedbackSchema.parse(entry(root, 'content/feedback', 'whly-guoqing-lvyou').data).published).toBe('2020-10-14');
    expect(result.notes.join('\n')).toContain('尚未截止');
    expect(checkContent(root)).toEqual([]);
  });

  it('takes the feedback period from site.yaml', () => {
    const root = freshTree();
    const site = join(root, 'content/site.yaml');
    writeFileSync(site, readFileSync(site, 'utf8').replace(/^feedbackDays:.*$/m, '') + '\nfeedbackDays: 15\n');
    const { text } = renderScaffold({ root, kind: 'feedback', name: 'whly-guoqing-lvyou', now: NOW });
    expect(text).toContain('2020年10月29日');
    expect(text).toContain('征集结束后 15 日内');
  });
});

describe('refusals', () => {
  function refusal(root: string, kind: 'consultation' | 'feedback', name: string): string {
    const before = listing(root);
    let message = '';
    try {
      writeScaffold({ root, kind, name, now: NOW });
    } catch (e) {
      expect(e).toBeInstanceOf(ScaffoldError);
      message = (e as Error).message;
    }
    expect(message, `${kind} ${name} should be refused`).not.toBe('');
    expect(message).not.toContain('\n');
    expect(listing(root)).toEqual(before);
    return message;
  }

  it('refuses an existing consultation, whatever its extension, and leaves it untouched', () => {
    const root = freshTree();
    const path = join(root, 'content/consultations/rfb-pingshi-liyong.md');
    const original = readFileSync(path, 'utf8');
    expect(refusal(root, 'consultation', 'rfb-pingshi-liyong')).toContain('已存在');
    expect(readFileSync(path, 'utf8')).toBe(original);
    expect(refusal(root, 'consultation', 'whly-guoqing-lvyou')).toContain('whly-guoqing-lvyou.mdx');
  });

  it.each(['', 'Renfang', 'renfang_jingbao', '-renfang', 'renfang-', 'ren--fang', '../renfang', 'a/b', '人防', 'renfang.md', `a${'b'.repeat(80)}`])(
    'refuses the invalid file name %j',
    (slug) => {
      expect(refusal(freshTree(), 'consultation', slug)).toMatch(/文件名/);
    },
  );

  it('refuses an unknown or malformed consultation id for feedback', () => {
    const root = freshTree();
    expect(refusal(root, 'feedback', 'no-such-consultation')).toContain('找不到编号为“no-such-consultation”的意见征集');
    expect(refusal(root, 'feedback', '../content/site')).toContain('不符合要求');
    expect(refusal(root, 'feedback', '')).toContain('请提供意见征集编号');
  });

  it('refuses a second report for a consultation, under its own name or another', () => {
    const root = freshTree();
    expect(refusal(root, 'feedback', 'rfb-pingshi-liyong')).toContain('已存在');
    writeFileSync(
      join(root, 'content/feedback/guoqing-fankui.md'),
      '---\nconsultation: whly-guoqing-lvyou\npublished: 2020-11-01\nreceived: {}\nviewpoints:\n  - summary: 观点\n    disposition: 采纳\n---\n',
    );
    expect(refusal(root, 'feedback', 'whly-guoqing-lvyou')).toContain('已有反馈 content/feedback/guoqing-fankui.md');
  });

  it('refuses feedback for a consultation whose file has errors, pointing to npm run check', () => {
    const root = freshTree();
    const path = join(root, 'content/consultations/whly-guoqing-lvyou.mdx');
    writeFileSync(path, readFileSync(path, 'utf8').replace('kind: 行政规范性文件', 'kind: 规范性文件'));
    expect(refusal(root, 'feedback', 'whly-guoqing-lvyou')).toContain('npm run check');
  });
});

describe('scripts/new.ts', () => {
  function run(root: string, ...args: string[]) {
    return spawnSync(process.execPath, [join(REPO, 'scripts/new.ts'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GONGKAI_CONTENT_ROOT: root, GONGKAI_NOW: '2026-11-28T10:00:00+08:00' },
    });
  }

  it('writes the draft, says where, and the checker script accepts the tree', () => {
    const root = freshTree();
    const made = run(root, 'consultation', 'renfang-jingbao-guanli');
    expect(made.status).toBe(0);
    expect(made.stdout).toContain('已创建 content/consultations/renfang-jingbao-guanli.md');
    expect(made.stdout).toContain('2026年11月30日 09:00 至 2026年12月9日 24:00');
    const check = spawnSync(process.execPath, [join(REPO, 'scripts/check-content.ts'), root], { encoding: 'utf8' });
    expect(check.stdout).toContain('内容检查通过');
    expect(check.status).toBe(0);
  });

  it.each([
    [['consultation', 'rfb-pingshi-liyong'], '已存在'],
    [['consultation', 'Bad_Slug'], '不符合要求'],
    [['feedback', 'nope'], '找不到编号为“nope”的意见征集'],
    [['notice', 'x'], '不认识的类型“notice”'],
    [[], '用法'],
    [['consultation', 'a', 'b'], '参数过多'],
  ])('refuses %j with exit code 1 and one line', (args, words) => {
    const result = run(freshTree(), ...args);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(words);
  });
});
