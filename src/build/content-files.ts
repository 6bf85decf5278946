/**
 * Reads editors' files from content/ exactly as Astro's loaders see them
 * (js-yaml, the same front matter delimiters), for checks that run outside Astro.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import yaml from 'js-yaml';
import { isCalendarDate } from '../lib/time.ts';
import { isKeepingCheckedFiles, keepCheckedFolder, type CheckedFile } from './checked-files.ts';

export interface ContentFile {
  /** Path relative to the project root with forward slashes, for messages. */
  file: string;
  id: string;
  data: unknown;
  body: string;
  rawFrontmatter: string;
}

const FRONTMATTER_RE = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/;

/**
 * YAML timestamps that name a real moment. js-yaml builds `2020-02-30` as 1 March and
 * `25:00:00` as the next day without a word; left as strings, the schemas reject them.
 */
const TIMESTAMP_PARTS_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2}))?/;
function isRealTimestamp(text: string): boolean {
  const m = TIMESTAMP_PARTS_RE.exec(text);
  if (!m) return false;
  const date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isCalendarDate(date) && (m[4] === undefined || (Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6]) <= 59));
}
// js-yaml exports its built-in types at runtime; @types/js-yaml does not declare them.
const yamlTimestamp = (yaml as unknown as { types: { timestamp: yaml.Type } }).types.timestamp;
const strictTimestamp = new yaml.Type('tag:yaml.org,2002:timestamp', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && yamlTimestamp.resolve(data) && isRealTimestamp(data),
  construct: yamlTimestamp.construct,
  instanceOf: Date,
  represent: yamlTimestamp.represent ?? undefined,
});
/** The YAML schema for reading editors' files (replaces the default timestamp type). */
export const CONTENT_YAML_SCHEMA = yaml.DEFAULT_SCHEMA.extend({ implicit: [strictTimestamp] });

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

/** `firstLine`: the file line (1-based) on which the YAML text starts (2 in front matter, after `---`). */
function yamlError(file: string, e: unknown, firstLine = 1): ContentParseError {
  const mark = (e as { mark?: { line: number; column: number } }).mark;
  const where = mark ? `第 ${mark.line + firstLine} 行第 ${mark.column + 1} 列` : '';
  const reason = (e as { reason?: string }).reason ?? String(e);
  return new ContentParseError(file, `YAML 格式错误${where ? `（${where}）` : ''}：${reason}。常见原因：冒号后缺少空格、缩进不一致、引号未闭合`);
}

/**
 * Markdown and MDX files of one collection folder; the id is the file name without extension.
 * Without `onError` the first unreadable file throws; with it, each unreadable file is
 * reported and skipped, so one broken file does not hide the others.
 */
export function readEntries(root: string, folder: string, onError?: (error: ContentParseError, id: string) => void): ContentFile[] {
  const dir = resolve(root, folder);
  if (!existsSync(dir)) return [];
  const files: ContentFile[] = [];
  // In a build, the files go on to the collections' loader (checked-files.ts) when every one of them parsed.
  const kept = isKeepingCheckedFiles() ? new Map<string, CheckedFile>() : undefined;
  let whole = true;
  for (const name of readdirSync(dir).filter((n) => /\.(md|mdx)$/.test(n) && !n.startsWith('_')).sort()) {
    const id = name.replace(/\.(md|mdx)$/, '');
    try {
      const { entry, checked } = readEntry(root, join(dir, name), id);
      files.push(entry);
      kept?.set(name, checked);
    } catch (e) {
      if (!(e instanceof ContentParseError) || !onError) throw e;
      whole = false;
      onError(e, id);
    }
  }
  if (kept && whole) keepCheckedFolder(dir, kept);
  return files;
}

function readEntry(root: string, path: string, id: string): { entry: ContentFile; checked: CheckedFile } {
  const file = toPosix(relative(root, path));
  const text = readFileSync(path, 'utf8');
  const m = FRONTMATTER_RE.exec(text);
  if (!m) throw new ContentParseError(file, '文件开头缺少以 --- 包围的字段区（front matter）');
  let data: unknown;
  try {
    data = yaml.load(m[1] ?? '', { schema: CONTENT_YAML_SCHEMA });
  } catch (e) {
    // The YAML starts on line 2, after the opening ---.
    throw yamlError(file, e, 2);
  }
  data ??= {};
  const frontmatterEnd = m[0].length - (/\r?\n$/.exec(m[0])?.[0].length ?? 0);
  return { entry: { file, id, data, body: text.slice(m[0].length), rawFrontmatter: m[1] ?? '' }, checked: { text, data, frontmatterEnd } };
}

/** A whole YAML file (site.yaml, data maps). */
export function readYamlFile(root: string, path: string): { file: string; data: unknown } {
  const file = toPosix(path);
  try {
    return { file, data: yaml.load(readFileSync(resolve(root, path), 'utf8'), { schema: CONTENT_YAML_SCHEMA }) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ContentParseError(file, '文件不存在');
    throw yamlError(file, e);
  }
}

/** A YAML data file holding a map from id to entry. */
export function readDataMap(root: string, path: string): { file: string; entries: Map<string, unknown> } {
  const { file, data } = readYamlFile(root, path);
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new ContentParseError(file, '应为“编号: 内容”的映射，每个编号一项');
  }
  return { file, entries: new Map(Object.entries(data)) };
}
