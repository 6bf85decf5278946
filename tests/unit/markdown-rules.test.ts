import { describe, expect, it } from 'vitest';
import { alignedTableRows } from '../../src/lib/markdown-rules.ts';

describe('alignedTableRows', () => {
  it('finds delimiter rows with alignment colons, with or without outer pipes', () => {
    const body = ['| 项目 | 金额 |', '| :--- | ---: |', '| 一 | 1 |', '', 'a | b', ':-:|---', '1 | 2'].join('\n');
    expect(alignedTableRows(body)).toEqual([2, 6]);
  });

  it('leaves plain tables, rules, headings, colons in text and code blocks alone', () => {
    const body = [
      '| 项目 | 金额 |',
      '| --- | --- |',
      '| 时间: 上午 | 1 |',
      '',
      '标题',
      '---',
      '',
      '```markdown',
      '| a | b |',
      '| :-- | --: |',
      '```',
      '',
      '~~~',
      '| a | b |',
      '|:--|',
      '~~~',
    ].join('\n');
    expect(alignedTableRows(body)).toEqual([]);
  });
});
