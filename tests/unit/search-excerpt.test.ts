/** Excerpts under search results: from the body, at a phrase boundary, a phrase highlighted as one run. Inputs typed as Pagefind gives them. */
import { describe, expect, it } from 'vitest';
import { bodyText, markedWords, readableExcerpt, type ExcerptPart } from '../../src/lib/search-excerpt.ts';

const show = (parts: ExcerptPart[]) => parts.map((p) => (p.marked ? `[${p.text}]` : p.text)).join('');

describe('the body of a result', () => {
  it('leaves out the title the result line shows, and reads Pagefind’s block joins after Chinese as spaces', () => {
    expect(bodyText('8条黑臭水体主体工程完工. 截至8月31日，8条水体主体工程完工。 本期完成工程量. 玉带溪 岸带修复. 3.7 km.', '8条黑臭水体主体工程完工')).toBe(
      '截至8月31日，8条水体主体工程完工。 本期完成工程量 玉带溪 岸带修复 3.7 km.',
    );
    expect(bodyText('Rules. See 3.7 km.', 'Other')).toBe('Rules. See 3.7 km.');
  });

  it('takes the words Pagefind marked, unescaped', () => {
    expect(markedWords('<mark>8</mark><mark>条</mark>黑<mark>a&lt;b</mark><mark>8</mark>')).toEqual(['8', '条', 'a<b']);
  });
});

describe('a readable excerpt', () => {
  const content =
    '8条黑臭水体主体工程完工. 截至8月31日，玉带溪、谢家河、龙凼沟、史家河、蟠龙沟、桐梓坝沟、白马溪、梅家山水库8条水体主体工程完工。本期完成的工程量附后。 小青龙河、乐贤溪、黄桷湖仍在施工，各水体进度见水体页面。';
  const pagefind = '<mark>8</mark><mark>条</mark><mark>黑</mark><mark>臭</mark><mark>水体</mark>主体工程完工. 发布日期2026年<mark>8</mark>月31日';

  it('starts at a phrase boundary before the first match, not mid-phrase', () => {
    const text = show(readableExcerpt({ content, title: '8条黑臭水体主体工程完工', pagefindExcerpt: pagefind, query: '8条黑臭水体' }));
    expect(text.startsWith('…梅家山水库[8条水体]主体工程完工。')).toBe(true);
    expect(text).not.toContain('发布日期');
  });

  it('starts at the sentence when it began shortly before the match', () => {
    const text = show(readableExcerpt({ content: '第一句。各水体进度见水体页面，详见附件。', pagefindExcerpt: '<mark>附件</mark>', query: '附件' }));
    expect(text).toBe('…各水体进度见水体页面，详见[附件]。');
  });

  it('highlights a phrase as one run, however Pagefind split it', () => {
    const parts = readableExcerpt({ content: '按照《城市黑臭水体整治工作指南》要求开展调查。', pagefindExcerpt: '<mark>黑</mark><mark>臭</mark><mark>水体</mark>', query: '黑臭水体' });
    expect(parts.filter((p) => p.marked).map((p) => p.text)).toEqual(['黑臭水体']);
    expect(show(parts)).toBe('按照《城市[黑臭水体]整治工作指南》要求开展调查。');
  });

  it('leaves a lone character of a longer query unmarked, but not a one-character query', () => {
    const parts = readableExcerpt({ content: '黑龙江的黑臭水体治理。', pagefindExcerpt: '<mark>黑</mark><mark>臭</mark><mark>水体</mark>', query: '黑臭水体' });
    expect(show(parts)).toBe('黑龙江的[黑臭水体]治理。');
    expect(show(readableExcerpt({ content: '黑龙江的黑臭水体治理。', pagefindExcerpt: '<mark>黑</mark>', query: '黑' }))).toBe('[黑]龙江的[黑]臭水体治理。');
  });

  it('marks each occurrence, ignoring case, and cuts a long body with … at a boundary', () => {
    const long = `${'前文内容没有关键词，'.repeat(8)}这里提到ETC服务，${'后文继续说明，'.repeat(20)}`;
    const text = show(readableExcerpt({ content: long, pagefindExcerpt: '<mark>etc</mark>', query: 'etc', length: 30 }));
    expect(text).toMatch(/^…这里提到\[ETC\]服务，/);
    expect(text.endsWith('…')).toBe(true);
    expect(text.length).toBeLessThan(30 + 20 + 10);
  });

  it('opens the body when only the title matched, and gives nothing for an empty page', () => {
    expect(show(readableExcerpt({ content: '标题. 正文第一句。', title: '标题', pagefindExcerpt: '<mark>标题</mark>', query: '标题' }))).toBe('正文第一句。');
    expect(readableExcerpt({ content: '标题', title: '标题', pagefindExcerpt: '', query: '标题' })).toEqual([]);
  });
});
