import { describe, expect, it } from 'vitest';
import { assignIndexNumbers, formatIndexNumber } from '../../src/lib/catalogue-index-number.ts';

describe('索引号', () => {
  it('formats 机构代码/年份-五位流水号', () => {
    expect(formatIndexNumber('000019674', 2020, 318)).toBe('000019674/2020-00318');
    expect(formatIndexNumber('000019674', 2020, 123456)).toBe('000019674/2020-123456');
    expect(() => formatIndexNumber('000019674', 2020, 0)).toThrow(RangeError);
  });

  it('counts per 机构代码 and year, by 发布日期 then file name, whatever the input order', () => {
    const numbers = assignIndexNumbers([
      { id: 'c', orgCode: 'A00001', published: '2020-05-01' },
      { id: 'b', orgCode: 'A00001', published: '2020-01-02' },
      { id: 'a', orgCode: 'A00001', published: '2020-05-01' },
      { id: 'z', orgCode: 'A00001', published: '2019-12-31' },
      { id: 'y', orgCode: 'B00002', published: '2020-01-01' },
    ]);
    expect(Object.fromEntries(numbers)).toEqual({
      b: 'A00001/2020-00001',
      a: 'A00001/2020-00002',
      c: 'A00001/2020-00003',
      z: 'A00001/2019-00001',
      y: 'B00002/2020-00001',
    });
  });

  it('keeps pinned numbers and skips them when counting', () => {
    const numbers = assignIndexNumbers([
      { id: 'paper', orgCode: 'A00001', published: '2020-03-01', pinned: 'A00001/2020-00002' },
      { id: 'first', orgCode: 'A00001', published: '2020-01-01' },
      { id: 'second', orgCode: 'A00001', published: '2020-02-01' },
    ]);
    expect(numbers.get('paper')).toBe('A00001/2020-00002');
    expect(numbers.get('first')).toBe('A00001/2020-00001');
    expect(numbers.get('second')).toBe('A00001/2020-00003');
    expect(new Set(numbers.values()).size).toBe(3);
  });

  it('is unique over a large catalogue', () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ id: `i${i}`, orgCode: i % 3 ? 'A00001' : 'B00002', published: `20${10 + (i % 10)}-0${1 + (i % 9)}-1${i % 10}` }));
    expect(new Set(assignIndexNumbers(items).values()).size).toBe(5000);
  });
});
