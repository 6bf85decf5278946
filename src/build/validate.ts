/**
 * Steps every content checker repeats (check-content, check-notices,
 * check-remediation, check-catalogue): turn a file that cannot be
 * read into a problem, validate files (and their Markdown text) or a YAML map against a schema, refuse
 * explicit time-zone offsets, and find attachments missing from public/.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'astro/zod';
import { formatIssues, problem, type ContentProblem } from '../schemas/report.ts';
import { ContentParseError, readEntries, type ContentFile } from './content-files.ts';
import { alignedTableRows } from '../lib/markdown-rules.ts';

/** Runs `read`; a file that cannot be parsed becomes a problem and `fallback` is returned. */
export function guard<T>(problems: ContentProblem[], read: () => T, fallback: T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ContentParseError) {
      problems.push(problem(e.file, [], e.message));
      return fallback;
    }
    throw e;
  }
}

/** The folder's entries; each file that cannot be parsed becomes a problem and is left out. */
export function readEntriesReporting(problems: ContentProblem[], root: string, folder: string, onBroken?: (id: string) => void): ContentFile[] {
  return readEntries(root, folder, (e, id) => {
    problems.push(problem(e.file, [], e.message));
    onBroken?.(id);
  });
}

/** The files that pass `schema`, with their parsed data; the others' issues become problems. */
export function validateEntries<S extends z.ZodType>(problems: ContentProblem[], files: readonly ContentFile[], schema: S): { file: ContentFile; data: z.output<S> }[] {
  const valid: { file: ContentFile; data: z.output<S> }[] = [];
  for (const file of files) {
    for (const line of alignedTableRows(file.body)) {
      problems.push(problem(file.file, [], `正文第 ${line + bodyLineOffset(file)} 行的表格分隔行使用了对齐写法（如 :--- 或 ---:）。本站的安全策略会拦截它生成的样式，对齐不会生效；请去掉冒号，写成 ---。`));
    }
    const result = schema.safeParse(file.data);
    if (result.success) valid.push({ file, data: result.data });
    else problems.push(...formatIssues(file.file, result.error.issues));
  }
  return valid;
}

/** Lines before the body (the front matter and its fences), so a body line number becomes the file's. */
function bodyLineOffset(file: ContentFile): number {
  return file.rawFrontmatter.split(/\r?\n/).length + 2;
}

/** Ids present in the map (an entry with schema errors still exists: references to it are not "missing"). */
export function validateMap<S extends z.ZodType>(problems: ContentProblem[], file: string, entries: Map<string, unknown>, schema: S): Set<string> {
  const ids = new Set<string>();
  for (const [id, value] of entries) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) {
      problems.push(problem(file, [id], '编号只能包含小写英文字母、数字和连字符'));
      continue;
    }
    ids.add(id);
    const result = schema.safeParse(value);
    if (!result.success) problems.push(...formatIssues(file, result.error.issues.map((i) => ({ ...i, path: [id, ...i.path] }))));
  }
  return ids;
}

/**
 * Editors write times in Beijing time; an explicit offset (Z, +08:00) in one of
 * `fields` would be read wrongly. Reports the first such field of each file.
 */
export function refuseExplicitOffsets(problems: ContentProblem[], files: readonly ContentFile[], fields: readonly [string, ...string[]]): void {
  const re = new RegExp(`^\\s*(${fields.join('|')})\\s*:\\s*["']?\\d{4}-\\d{2}-\\d{2}[T ][\\d:.]+\\s*(Z|[+-]\\d{2}:?\\d{2})`, 'm');
  for (const file of files) {
    const offset = re.exec(file.rawFrontmatter);
    if (offset) problems.push(problem(file.file, [offset[1] ?? fields[0]], '请勿填写时区（如 +08:00 或 Z），本站所有时间均按北京时间填写'));
  }
}

/** An attachment linked under the site root ("/files/x.pdf", query and fragment ignored) must exist in public/. */
export function checkAttachmentFiles(problems: ContentProblem[], root: string, file: string, attachments: readonly { file: string }[]): void {
  attachments.forEach((a, i) => {
    if (a.file.startsWith('/') && !existsSync(resolve(root, 'public', `.${decodeURI(a.file.split(/[?#]/)[0] ?? '')}`))) {
      problems.push(problem(file, ['attachments', i, 'file'], `找不到附件文件 public${a.file}，请把文件放到 public 目录下对应位置`));
    }
  });
}
