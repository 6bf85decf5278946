import { describe, expect, it } from 'vitest';
import { findEmptyColumns } from '../../src/lib/empty-columns.ts';

const page = (main: string, outside = '') => `<!doctype html><html lang="zh-CN"><head><title>t</title></head><body>${outside}<main id="main"><h1>栏目</h1>${main}</main></body></html>`;
const rules = (html: string) => findEmptyColumns(html).map((f) => `${f.rule} ${f.element}`);

describe('findEmptyColumns', () => {
  it('passes a list with items and a list page that says it is empty', () => {
    expect(rules(page('<ul class="card-list"><li><a href="/a/">一</a></li></ul>'))).toEqual([]);
    expect(rules(page('<section><h2>信息列表</h2><p>本类目下暂无公开信息。</p><p>共 0 条，第 1/1 页</p></section>'))).toEqual([]);
  });

  it('finds empty lists, tables, description lists and selects anywhere in the body', () => {
    expect(rules(page('<ul class="card-list"></ul>'))).toEqual(['empty-list ul.card-list', 'empty-page main']);
    expect(rules(page('<p>导语</p><ul class="card-list"></ul>'))).toEqual(['empty-list ul.card-list']);
    expect(rules(page('<p>说明</p>', '<nav><ol id="menu">  </ol></nav>'))).toEqual(['empty-list ol#menu']);
    expect(rules(page('<table><thead><tr><th>部门</th></tr></thead><tbody></tbody></table>'))).toEqual(['empty-list table']);
    expect(rules(page('<p>导语</p><dl class="meta"><div></div></dl>'))).toEqual(['empty-list dl.meta']);
    expect(rules(page('<form><label for="s">年份</label><select id="s"></select></form>'))).toEqual(['empty-list select#s']);
  });

  it('passes a table with body rows and no thead, and a dl whose terms are wrapped', () => {
    expect(rules(page('<table><tr><th>部门</th><td>1</td></tr></table>'))).toEqual([]);
    expect(rules(page('<dl><div><dt>电话</dt><dd>010-1</dd></div></dl>'))).toEqual([]);
  });

  it('skips what is hidden until a script fills it', () => {
    expect(rules(page('<p>搜索</p><section hidden><h2>结果</h2><ol data-results></ol></section>'))).toEqual([]);
    expect(rules(page('<p>x</p><template><ul></ul></template>'))).toEqual([]);
  });

  it('finds a column heading with nothing under it', () => {
    expect(rules(page('<p>导语</p><h2 id="a">相关文件</h2><h2 id="b">联系方式</h2><p>电话</p>'))).toEqual(['empty-column h2#a']);
    expect(rules(page('<p>导语</p><section><h2 id="a">相关文件</h2>  </section>'))).toEqual(['empty-column h2#a']);
    expect(rules(page('<p>导语</p><section><header><h2 id="a">相关文件</h2></header><div class="x"></div></section>'))).toEqual(['empty-column h2#a']);
    expect(rules(page('<p>导语</p><h2 id="a">最后一栏</h2>'))).toEqual(['empty-column h2#a']);
  });

  it('accepts a column whose content has its own headings, and item titles that are links', () => {
    expect(rules(page('<section><h2>征求意见稿全文</h2><div class="prose"><h2>第一章</h2><p>第一条</p></div></section>'))).toEqual([]);
    expect(rules(page('<h2>栏目</h2><h3>小节</h3><p>内容</p>'))).toEqual([]);
    expect(rules(page('<ul><li><h3><a href="/x/">标题</a></h3></li></ul>'))).toEqual([]);
    expect(rules(page('<div><h2>图表</h2></div><svg role="img" aria-label="图"></svg>'))).toEqual([]);
  });

  it('finds a zero count that is not explained', () => {
    expect(rules(page('<section id="list"><h2>意见征集（共 0 项）</h2><nav><p>共 0 条，第 1/1 页</p></nav></section>'))).toEqual(['unexplained-zero section#list']);
    expect(rules(page('<section id="list"><h2>意见征集（共 0 项）</h2><p>本部门暂无意见征集。</p></section>'))).toEqual([]);
    // Zero inside other numbers is not a zero count.
    expect(rules(page('<p>共 10 条，合计 205 项</p>'))).toEqual([]);
  });

  it('finds a page with nothing but its heading', () => {
    expect(rules(page(''))).toEqual(['empty-page main']);
    expect(rules(page('<div class="x"> </div>'))).toEqual(['empty-page main']);
    expect(rules('<html><body><main><header><h1>标题</h1></header></main></body></html>')).toEqual(['empty-page main']);
    expect(rules('<html><body><main><header><h1>标题</h1><p>导语</p></header></main></body></html>')).toEqual([]);
    expect(rules(page('<img src="/a.png" alt="图">'))).toEqual([]);
  });
});
