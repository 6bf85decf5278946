import { describe, expect, it } from 'vitest';
import { extractArticles, parseChineseNumeral, toChineseNumeral } from '../../src/lib/articles.ts';

describe('Chinese numerals', () => {
  it.each([
    ['一', 1],
    ['九', 9],
    ['十', 10],
    ['十一', 11],
    ['二十', 20],
    ['二十九', 29],
    ['一百', 100],
    ['一百零五', 105],
    ['一百〇五', 105],
    ['一百一十', 110],
    ['一百十', 110],
    ['两百', 200],
    ['九百九十九', 999],
    ['一千零一', 1001],
    ['一千零一十', 1010],
    ['12', 12],
  ])('parses %s as %i', (text, n) => {
    expect(parseChineseNumeral(text)).toBe(n);
  });

  it('returns NaN for text that is not a numeral', () => {
    for (const text of ['第一', '一条', 'abc', '1二', '壹']) expect(parseChineseNumeral(text), text).toBeNaN();
  });

  it.each([
    [0, '零'],
    [1, '一'],
    [10, '十'],
    [11, '十一'],
    [20, '二十'],
    [100, '一百'],
    [105, '一百零五'],
    [110, '一百一十'],
    [1001, '一千零一'],
    [1010, '一千零一十'],
    [1100, '一千一百'],
    [9999, '九千九百九十九'],
  ])('writes %i as %s', (n, text) => {
    expect(toChineseNumeral(n)).toBe(text);
  });

  it('round-trips every article number up to 9999', () => {
    for (let n = 1; n <= 9999; n++) {
      if (parseChineseNumeral(toChineseNumeral(n)) !== n) throw new Error(`${n} → ${toChineseNumeral(n)}`);
    }
  });

  it('refuses numbers it cannot write', () => {
    for (const n of [-1, 1.5, 10000, Number.NaN]) expect(() => toChineseNumeral(n), String(n)).toThrow(RangeError);
  });
});

describe('extractArticles', () => {
  it('finds articles written in bold, as headings, plain, indented with full-width spaces, or in Arabic digits', () => {
    const md = [
      '## 第一章 总则',
      '',
      '**第一条** 为了规范管理，制定本办法。',
      '',
      '### 第二条 适用范围',
      '',
      '第三条　本办法自发布之日起施行。',
      '',
      '　　第四条　全角空格缩进的条文。',
      '',
      '__第五条__ 另一种粗体。',
      '',
      '** 第六条 ** 粗体内有空格。',
      '',
      '#### **第七条**',
      '',
      '第8条 阿拉伯数字。',
      '',
      '第一百零一条 最后一条。',
    ].join('\n');
    expect(extractArticles(md)).toEqual([
      { number: 1, label: '第一条' },
      { number: 2, label: '第二条' },
      { number: 3, label: '第三条' },
      { number: 4, label: '第四条' },
      { number: 5, label: '第五条' },
      { number: 6, label: '第六条' },
      { number: 7, label: '第七条' },
      { number: 8, label: '第八条' },
      { number: 101, label: '第一百零一条' },
    ]);
  });

  it('ignores chapters, sections, references inside a sentence, quotes and list items', () => {
    const md = [
      '## 第一章 总则',
      '### 第一节 一般规定',
      '依照本办法第三条的规定执行。',
      '> 第十条 引用的他法条文',
      '- 第十一条 列表项',
      '第零条 不存在的条',
    ].join('\n');
    expect(extractArticles(md)).toEqual([]);
  });

  it('keeps the first of duplicates, in order of first appearance', () => {
    const md = '**第二条** 甲\n\n**第一条** 乙\n\n第二条 重复\n\n第2条 同号不同写法\n\n**第三条** 丙';
    expect(extractArticles(md).map((a) => a.number)).toEqual([2, 1, 3]);
  });

  it('returns nothing for a body without articles', () => {
    expect(extractArticles('')).toEqual([]);
    expect(extractArticles('征求意见稿全文见附件。')).toEqual([]);
  });
});
