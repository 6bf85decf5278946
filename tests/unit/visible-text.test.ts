/**
 * The visible-text rule and bidirectional controls, as every intake applies
 * them: the pure rule, then comments, reports, subscriptions, file names,
 * mail headers and CSV cells.
 */
import { describe, expect, it } from 'vitest';
import { checkFreeText, hasBidiControl, visibleLength, withoutBidiControls } from '../../src/lib/visible-text.ts';
import { validateComment, type CommentTarget } from '../../src/lib/comment-submission.ts';
import { validateReport } from '../../src/lib/report-submission.ts';
import { checkEmail } from '../../src/lib/subscriptions.ts';
import { safeAttachmentName } from '../../src/lib/attachment-type.ts';
import { headerLine } from '../../src/lib/mail-header.ts';
import { csvCell } from '../../src/lib/csv.ts';

/** Text that shows nothing, one kind each, typed by code point. */
const INVISIBLE: Record<string, string> = {
  'zero-width space': '\u200B'.repeat(6),
  'word joiner': '\u2060'.repeat(6),
  'Hangul filler': '\u3164'.repeat(6),
  'Hangul choseong, jungseong and half-width fillers': '\u115F\u1160\uFFA0\u115F\u1160\uFFA0',
  'soft hyphen': '\u00AD'.repeat(6),
  'combining marks alone': '\u0301\u0308\u0301\u0308\u0301\u0308',
  'combining marks on spaces': ' \u0301 \u0308 \u0301',
  'bidirectional controls': '\u202E\u202D\u2066\u2069\u200E\u200F\u061C',
  'variation selectors and tags': '\uFE0F\u{E0041}\u{E0042}\uFE0E\u{E007F}\uFE0F',
  'Braille blank': '\u2800'.repeat(6),
  'zero-width joiner and non-joiner': '\u200D\u200C\u200D\u200C\u200D',
  'byte order marks': '\uFEFF\u200B\uFEFF\u200B\uFEFF',
};

const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];

describe('what a reader sees', () => {
  it('counts nothing in text that shows nothing', () => {
    for (const [kind, text] of Object.entries(INVISIBLE)) expect(visibleLength(text), kind).toBe(0);
  });

  it('counts grapheme clusters that show a letter, number, punctuation or symbol', () => {
    expect(visibleLength('意见很好。')).toBe(5);
    expect(visibleLength('e\u0301')).toBe(1);
    expect(visibleLength('👨‍👩‍👧')).toBe(1);
    expect(visibleLength('\u{1F1E8}\u{1F1F3}')).toBe(1);
    expect(visibleLength('a\u200Bb\u00AD')).toBe(2);
    expect(visibleLength('第 12 条★')).toBe(5);
    expect(visibleLength('\u3000\u3000 \t')).toBe(0);
  });

  it('orders problems: empty, control, bidi (single-line only), invisible, too short, too long', () => {
    const line = { singleLine: true, minVisible: 2, maxChars: 5 };
    expect(checkFreeText('', line)).toMatchObject({ ok: false, problem: 'empty' });
    expect(checkFreeText('张三\n李四', line)).toMatchObject({ ok: false, problem: 'control' });
    expect(checkFreeText('张\u202E三', line)).toMatchObject({ ok: false, problem: 'bidi' });
    expect(checkFreeText('\u200B\u200B', line)).toMatchObject({ ok: false, problem: 'invisible' });
    expect(checkFreeText('张\u200B', line)).toMatchObject({ ok: false, problem: 'too-short', visible: 1 });
    expect(checkFreeText('张三李四王五', line)).toMatchObject({ ok: false, problem: 'too-long', chars: 6 });
    expect(checkFreeText('张三', line)).toEqual({ ok: true, visible: 2 });
    const text = { singleLine: false, minVisible: 2, maxChars: 50 };
    expect(checkFreeText('第一行\n第二行', text)).toEqual({ ok: true, visible: 6 });
    expect(checkFreeText('شكرا \u061C 谢谢', text)).toMatchObject({ ok: true });
    expect(checkFreeText('\u202E\u202C', text)).toMatchObject({ ok: false, problem: 'invisible' });
  });

  it('knows every bidirectional control and removes only those', () => {
    for (const c of BIDI) {
      expect(hasBidiControl(`a${c}b`), c.codePointAt(0)!.toString(16)).toBe(true);
      expect(withoutBidiControls(`a${c}b`)).toBe('ab');
    }
    expect(hasBidiControl('a\u200Bb\u200Dc')).toBe(false);
  });
});

const target: CommentTarget = { articleComments: false, articles: [] };
const comment = (extra: Record<string, string>) =>
  new Map(Object.entries({ consultation: 'test-open', text: '建议增加夜间开放时间。', submitterType: '个人', consent: 'yes', ...extra }));
const codes = (r: { ok: boolean; errors?: { code: string; field: string }[] }) => (r.ok ? [] : (r.errors ?? []).map((e) => `${e.field}:${e.code}`));

describe('comments', () => {
  it('refuses a text made only of invisible characters, whatever the kind', () => {
    for (const [kind, text] of Object.entries(INVISIBLE)) {
      expect(codes(validateComment(comment({ text }), target)), kind).toEqual(['text:text-invisible']);
    }
  });

  it('counts only visible characters towards the minimum', () => {
    expect(codes(validateComment(comment({ text: '好\u200B\u200B\u200B\u200B\u200B\u200B' }), target))).toEqual(['text:text-too-short']);
    expect(codes(validateComment(comment({ text: '很好的建议\u200B' }), target))).toEqual([]);
  });

  it('refuses bidirectional controls and invisible text in the name and contact, with a clear message', () => {
    for (const c of BIDI) {
      const r = validateComment(comment({ name: `张三${c}`, contact: `138${c}00138000` }), target);
      expect(codes(r)).toEqual(['name:name-bidi', 'contact:contact-bidi']);
      if (!r.ok) expect(r.errors[0]?.message).toContain('改变文字方向');
    }
    expect(codes(validateComment(comment({ name: '\u3164\u200B', contact: '\u2060' }), target))).toEqual(['name:name-invisible', 'contact:contact-invalid']);
  });
});

describe('reports', () => {
  const report = (extra: Record<string, string>) =>
    new Map(Object.entries({ kind: '水体黑臭', what: '河面有大量漂浮垃圾。', where: '东门桥下', seen: '2026-11-27', ...extra }));
  const context = { waterBodies: new Set<string>(), today: '2026-11-28' as const };

  it('refuses a description or a place made only of invisible characters', () => {
    for (const [kind, text] of Object.entries(INVISIBLE)) {
      expect(codes(validateReport(report({ what: text }), context)), kind).toEqual(['what:what-invisible']);
    }
    expect(codes(validateReport(report({ where: '\u200B\u3164\u00AD' }), context))).toEqual(['where:where-invisible']);
    expect(codes(validateReport(report({ what: '臭\u200B\u200B\u200B\u200B\u200B' }), context))).toEqual(['what:what-too-short']);
  });

  it('refuses bidirectional controls in the place and the contact', () => {
    expect(codes(validateReport(report({ where: '东门\u202E桥下', contact: 'a\u202E@example.com' }), context))).toEqual(['where:where-bidi', 'contact:contact-bidi']);
  });
});

describe('subscriptions', () => {
  it('refuses an address of invisible characters or with a bidirectional control', () => {
    expect(checkEmail('\u200B\u2060')).toEqual({ ok: false, message: '请填写电子邮箱地址。' });
    const bidi = checkEmail('zhang\u202Esan@example.com');
    expect(bidi.ok).toBe(false);
    if (!bidi.ok) expect(bidi.message).toContain('改变文字方向');
  });
});

describe('where bidirectional controls are removed', () => {
  it('file names: `\\u202Efdp.exe` is stored without the override, with the extension of its content', () => {
    expect(safeAttachmentName('意见\u202Efdp.exe', 'pdf')).toBe('意见fdp.pdf');
    expect(safeAttachmentName('\u202Efdp.pdf', 'pdf')).toBe('fdp.pdf');
    expect(safeAttachmentName('\u2066\u2067意见\u2068\u200E.pdf', 'pdf')).toBe('意见.pdf');
    expect(safeAttachmentName('\u200B\u3164.pdf', 'pdf')).toBe('附件.pdf');
  });

  it('mail headers and CSV cells never carry them', () => {
    for (const c of BIDI) {
      expect(hasBidiControl(headerLine(`关于${c}意见的回执`))).toBe(false);
      expect(hasBidiControl(csvCell(`张三${c}`))).toBe(false);
    }
    expect(csvCell('\u202E=1+1')).toBe(`"'=1+1"`);
    expect(headerLine('附件\u202Efdp.exe')).toBe('附件fdp.exe');
  });
});
