/**
 * Finds empty lists and empty columns (空白栏目) in a built page: a list or
 * column a visitor sees with nothing in it. Government site inspections count
 * these as faults; an empty list is acceptable only when the page says plainly
 * that there is nothing (e.g. "暂无").
 *
 * Rules (what a visitor sees without JavaScript; elements inside [hidden] or
 * <template> are skipped because they are not shown):
 * - empty-list: a ul/ol/menu without items, a dl without terms, a table
 *   without body rows, a select without options, anywhere in the body.
 * - empty-column: a heading in <main> (not itself a link, so not an item
 *   title) with nothing under it: nothing else in the section it heads, or
 *   nothing before the next heading of the same or a higher level.
 * - unexplained-zero: a count of zero ("共 0 条") in a column that does not
 *   also say that it is empty (暂无, 尚无, 没有 …).
 * - empty-page: <main> with nothing but its heading.
 */
import { parse, NodeType, type HTMLElement, type Node } from 'node-html-parser';

export type EmptyColumnRule = 'empty-list' | 'empty-column' | 'unexplained-zero' | 'empty-page';

export interface EmptyColumnFinding {
  rule: EmptyColumnRule;
  /** A short CSS-like description of the element, e.g. ul.card-list or h2#items-title. */
  element: string;
  detail: string;
}

/** Words with which a Chinese government page says a list is empty. */
export const EMPTY_STATEMENT = /暂无|尚无|暂未|尚未|暂时没有|目前没有|没有|无相关|无任何|为空|空白/;
const ZERO_COUNT = /(?:共|合计|总计|累计|计)\s*0\s*(?:条|项|篇|个|件|份|次|家|期|人)/;
const SUBSTANTIVE_ELEMENTS = new Set(['img', 'svg', 'picture', 'video', 'audio', 'iframe', 'object', 'embed', 'canvas', 'input', 'select', 'textarea', 'button', 'meter', 'progress']);
const HEADING = /^h([1-6])$/;

const tagOf = (el: HTMLElement) => (el.rawTagName ?? '').toLowerCase();
const isElement = (n: Node): n is HTMLElement => n.nodeType === NodeType.ELEMENT_NODE;

function describe(el: HTMLElement): string {
  const id = el.getAttribute('id');
  const cls = (el.getAttribute('class') ?? '').split(/\s+/).filter(Boolean).slice(0, 2);
  return `${tagOf(el)}${id ? `#${id}` : ''}${cls.map((c) => `.${c}`).join('')}`;
}

function isShown(el: HTMLElement): boolean {
  for (let n: HTMLElement | null = el; n && tagOf(n) !== ''; n = n.parentNode as HTMLElement | null) {
    if (n.hasAttribute('hidden') || tagOf(n) === 'template') return false;
  }
  return true;
}

/** Text or a non-text thing a visitor perceives (image, control, chart). */
function hasSubstance(node: Node, skip?: HTMLElement): boolean {
  if (node === skip) return false;
  if (node.nodeType === NodeType.TEXT_NODE) return node.text.replace(/\s+/g, '') !== '';
  if (!isElement(node)) return false;
  const tag = tagOf(node);
  if (node.hasAttribute('hidden') || tag === 'template' || tag === 'script' || tag === 'style') return false;
  if (SUBSTANTIVE_ELEMENTS.has(tag)) return true;
  return node.childNodes.some((child) => hasSubstance(child, skip));
}

const childElements = (el: HTMLElement, tags: readonly string[]) => el.childNodes.filter((n): n is HTMLElement => isElement(n) && tags.includes(tagOf(n)));

function emptyLists(body: HTMLElement): EmptyColumnFinding[] {
  const findings: EmptyColumnFinding[] = [];
  for (const el of body.querySelectorAll('ul, ol, menu, dl, table, select')) {
    if (!isShown(el)) continue;
    const tag = tagOf(el);
    let empty: boolean;
    let what: string;
    if (tag === 'dl') {
      // Terms may be wrapped in <div> (allowed by HTML).
      empty = el.querySelectorAll('dt').length === 0;
      what = 'description list without terms';
    } else if (tag === 'table') {
      empty = !el.querySelectorAll('tr').some((tr) => tr.closest('table') === el && tagOf(tr.parentNode as HTMLElement) !== 'thead');
      what = 'table without body rows';
    } else if (tag === 'select') {
      empty = el.querySelectorAll('option').length === 0;
      what = 'select without options';
    } else {
      empty = childElements(el, ['li']).length === 0;
      what = 'list without items';
    }
    if (empty) findings.push({ rule: 'empty-list', element: describe(el), detail: what });
  }
  return findings;
}

/** The elements after `heading` up to the next heading of the same or a higher level, in document order. */
function columnContent(heading: HTMLElement, level: number): Node[] {
  const content: Node[] = [];
  let node: HTMLElement | null = heading;
  // Walk forward through siblings; when a parent ends, the column continues in the parent's later siblings,
  // unless the parent is a sectioning element (the column ends with its section).
  while (node) {
    let sibling: Node | null = nextSibling(node);
    while (sibling) {
      if (isElement(sibling)) {
        const h = HEADING.exec(tagOf(sibling));
        if (h && Number(h[1]) <= level) return content;
        const inner = sibling.querySelector('h1, h2, h3, h4, h5, h6');
        if (inner && Number(HEADING.exec(tagOf(inner))![1]) <= level && !hasSubstanceBefore(sibling, inner)) return content;
      }
      content.push(sibling);
      sibling = nextSibling(sibling);
    }
    const parent = node.parentNode as HTMLElement | null;
    if (!parent || ['section', 'article', 'main', 'aside', 'nav', 'body', 'li', 'td', 'th', 'details', 'header', 'footer'].includes(tagOf(parent))) break;
    node = parent;
  }
  return content;
}

function nextSibling(node: Node): Node | null {
  const parent = node.parentNode;
  if (!parent) return null;
  const siblings = parent.childNodes;
  const i = siblings.indexOf(node);
  return i >= 0 && i + 1 < siblings.length ? siblings[i + 1]! : null;
}

/** Whether `container` has substance before its descendant `stop` (document order). */
function hasSubstanceBefore(container: HTMLElement, stop: HTMLElement): boolean {
  let found = false;
  let done = false;
  const visit = (n: Node) => {
    if (done || found) return;
    if (n === stop) {
      done = true;
      return;
    }
    if (n.nodeType === NodeType.TEXT_NODE) {
      if (n.text.trim() !== '') found = true;
      return;
    }
    if (!isElement(n) || n.hasAttribute('hidden')) return;
    if (SUBSTANTIVE_ELEMENTS.has(tagOf(n)) && !n.querySelector('h1, h2, h3, h4, h5, h6')) {
      found = true;
      return;
    }
    n.childNodes.forEach(visit);
  };
  container.childNodes.forEach(visit);
  return found;
}

function emptyColumns(main: HTMLElement): EmptyColumnFinding[] {
  const findings: EmptyColumnFinding[] = [];
  for (const heading of main.querySelectorAll('h2, h3, h4, h5, h6')) {
    if (!isShown(heading) || heading.querySelector('a')) continue;
    const level = Number(HEADING.exec(tagOf(heading))![1]);
    // The heading of a section: the column is the whole section (its content may have headings of its own).
    const section = heading.closest('section, article');
    const headsSection = section !== null && section !== main && section.querySelector('h1, h2, h3, h4, h5, h6') === heading;
    const empty = headsSection ? !hasSubstance(section, heading) : !columnContent(heading, level).some((n) => hasSubstance(n));
    if (empty) {
      findings.push({ rule: 'empty-column', element: describe(heading), detail: `heading “${heading.text.trim()}” has nothing under it` });
    }
  }
  return findings;
}

/** The smallest section around `el` (section, article, or main itself). */
const columnOf = (el: HTMLElement, main: HTMLElement) => el.closest('section, article') ?? main;

const visibleText = (el: HTMLElement): string => {
  let text = '';
  const visit = (n: Node) => {
    if (n.nodeType === NodeType.TEXT_NODE) text += n.text;
    else if (isElement(n) && !n.hasAttribute('hidden') && !['template', 'script', 'style'].includes(tagOf(n))) n.childNodes.forEach(visit);
  };
  visit(el);
  return text.replace(/\s+/g, ' ');
};

function unexplainedZeros(main: HTMLElement): EmptyColumnFinding[] {
  const findings: EmptyColumnFinding[] = [];
  const seen = new Set<HTMLElement>();
  for (const el of main.querySelectorAll('*')) {
    if (!isShown(el)) continue;
    const own = el.childNodes.filter((n) => n.nodeType === NodeType.TEXT_NODE).map((n) => n.text).join('');
    const zero = ZERO_COUNT.exec(own);
    if (!zero) continue;
    const column = columnOf(el, main);
    if (seen.has(column)) continue;
    seen.add(column);
    if (!EMPTY_STATEMENT.test(visibleText(column))) {
      findings.push({ rule: 'unexplained-zero', element: describe(column), detail: `says “${zero[0]}” but not that the list is empty (e.g. 暂无…)` });
    }
  }
  return findings;
}

/** Like hasSubstance, but the page's own <h1> does not count. */
function hasSubstanceBesidesH1(node: Node): boolean {
  if (isElement(node) && tagOf(node) === 'h1') return false;
  if (isElement(node) && node.querySelector('h1')) return !node.hasAttribute('hidden') && node.childNodes.some((n) => hasSubstanceBesidesH1(n));
  return hasSubstance(node);
}

function emptyPage(main: HTMLElement): EmptyColumnFinding[] {
  return main.childNodes.some((n) => hasSubstanceBesidesH1(n)) ? [] : [{ rule: 'empty-page', element: 'main', detail: 'the page has nothing but its heading' }];
}

/** Every empty list or column of a page. Pages without <main> are checked for empty lists only. */
export function findEmptyColumns(html: string): EmptyColumnFinding[] {
  const root = parse(html, { comment: false });
  const body = root.querySelector('body') ?? root;
  const main = body.querySelector('main');
  const findings = emptyLists(body);
  if (main) findings.push(...emptyColumns(main), ...unexplainedZeros(main), ...emptyPage(main));
  return findings;
}
