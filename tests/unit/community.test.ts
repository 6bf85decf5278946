/** Pure community rules: time limits of disclosure items, private numbers, grid contacts. */
import { describe, expect, it } from 'vitest';
import { addMonths, disclosureTiming } from '../../src/lib/community/community.ts';
import { findPrivateNumbers, isOfficeNumber } from '../../src/lib/community/private-numbers.ts';
import { gridLevelCounts, gridWithContacts } from '../../src/lib/community/grid.ts';

describe('disclosure time limits', () => {
  it('adds months, a missing day becoming the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-03-01', 12)).toBe('2027-03-01');
  });

  it('an item is overdue from the day after its due day', () => {
    expect(disclosureTiming('2026-07-10', '每季度', '2026-10-10')).toEqual({ due: '2026-10-10', overdue: false, daysOverdue: 0 });
    expect(disclosureTiming('2026-07-10', '每季度', '2026-10-11')).toEqual({ due: '2026-10-10', overdue: true, daysOverdue: 1 });
    expect(disclosureTiming('2026-03-01', '长期', '2027-03-02').overdue).toBe(true);
    expect(disclosureTiming('2026-03-01', '每半年', '2026-09-01').overdue).toBe(false);
  });
});

describe('private numbers', () => {
  it('finds mobile numbers however they are written', () => {
    for (const text of ['13812345678', '联系 138 1234 5678', '+86 138-1234-5678', '１３８１２３４５６７８']) {
      expect(findPrivateNumbers(text).map((n) => n.kind), text).toEqual(['mobile']);
    }
  });

  it('finds identity card numbers of 18 digits (X last) and 15 digits', () => {
    expect(findPrivateNumbers('身份证号 62090219800101123X').map((n) => [n.kind, n.value])).toEqual([['id-number', '62090219800101123X']]);
    expect(findPrivateNumbers('620902198001011234。').map((n) => n.kind)).toEqual(['id-number']);
    expect(findPrivateNumbers('旧证 620902800101123').map((n) => n.kind)).toEqual(['id-number']);
  });

  it('leaves office numbers, document numbers, dates and amounts alone', () => {
    for (const text of ['0937-5550301', '（0937）5550301', '12345', '肃政发〔2020〕12号', '2026-11-28', '保障金额 1234567 元', '索引号 000019674/2020-00318']) {
      expect(findPrivateNumbers(text), text).toEqual([]);
    }
  });

  it('an office number is a landline with area code or a short hotline, and nothing private', () => {
    expect(isOfficeNumber('0937-5550301')).toBe(true);
    expect(isOfficeNumber('12345')).toBe(true);
    expect(isOfficeNumber('0937-5550301 或 13812345678')).toBe(false);
    expect(isOfficeNumber('5550301')).toBe(false);
    expect(isOfficeNumber('13812345678')).toBe(false);
    expect(isOfficeNumber('')).toBe(false);
  });
});

describe('grid', () => {
  const grid = gridWithContacts({
    name: '党总支',
    responsible: '书记',
    contact: '0937-1',
    unitResponsible: '单元长',
    stations: [{ name: '一站', responsible: '网格长', contact: '0937-2', compounds: [{ name: '小区', responsible: '物业', buildings: [{ name: '1 号楼', responsible: '楼栋长', units: 3 }] }] }],
  });

  it('a level without a contact answers with the nearest contact above it', () => {
    const compound = grid.children[0]!.children[0]!;
    expect([compound.contact, compound.ownContact]).toEqual(['0937-2', false]);
    expect(compound.children[0]!.children.map((u) => [u.name, u.responsible, u.contact])).toEqual([
      ['1 单元', '单元长', '0937-2'],
      ['2 单元', '单元长', '0937-2'],
      ['3 单元', '单元长', '0937-2'],
    ]);
  });

  it('counts the five levels', () => {
    expect(Object.values(gridLevelCounts(grid))).toEqual([1, 1, 1, 1, 3]);
  });
});
