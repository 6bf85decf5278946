/**
 * Reads editors' files from content/ exactly as Astro's loaders see them
 * (js-yaml, the same front matter delimiters), for checks that run outside Astro.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import yaml from 'js-yaml';

export interface ContentFile {
  /** Path relative to the project root with forward slashes, for messages. */
  file: string;
  id: string;
  data: unknown;
  body: string;
  rawFrontmatter: string;
}

const FRONTMATTER_RE = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/;

export class ContentParseError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(message);
    this.file = file;
  }
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function yamlError(file: string, e: unknown): ContentParseError {
  const mark = (e as { mark?: { line: number; column: number } }).mark;
  const where = mark ? `第 ${mark.line + 1} 行第 ${mark.column + 1} 列` : '';
  const reason = (e as { reason?: string }).reason ?? String(e);
  return new ContentParseError(file, `YAML 格式错误${where ? `（${where}）` : ''}：${reason}。常见原因：冒号后缺少空格、缩进不一致、引号未闭合`);
}

/** Markdown and MDX files of one collection folder; the id is the file name without extension. */
export function readEntries(root: string, folder: string): ContentFile[] {
  const dir = resolve(root, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.(md|mdx)$/.test(name) && !name.startsWith('_'))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      const file = toPosix(relative(root, path));
      const text = readFileSync(path, 'utf8');
      const m = FRONTMATTER_RE.exec(text);
      if (!m) throw new ContentParseError(file, '文件开头缺少以 --- 包围的字段区（front matter）');
      let data: unknown;
      try {
        data = yaml.load(m[1] ?? '');
      } catch (e) {
        throw yamlError(file, e);
      }
      return { file, id: name.replace(/\.(md|mdx)$/, ''), data: data ?? {}, body: text.slice(m[0].length), rawFrontmatter: m[1] ?? '' };
    });
}

/** A YAML data file holding a map from id to entry. */
export function readDataMap(root: string, path: string): { file: string; entries: Map<string, unknown> } {
  const file = toPosix(path);
  let data: unknown;
  try {
    data = yaml.load(readFileSync(resolve(root, path), 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ContentParseError(file, '文件不存在');
    throw yamlError(file, e);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new ContentParseError(file, '应为“编号: 内容”的映射，每个编号一项');
  }
  return { file, entries: new Map(Object.entries(data)) };
}
