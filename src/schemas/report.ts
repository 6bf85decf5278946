/** Turns schema and cross-file problems into lines an editor can act on. */
import type { z } from 'astro/zod';
import { fieldLabel, formatPath } from './messages.ts';

export interface ContentProblem {
  file: string;
  field: string;
  message: string;
  severity: 'error' | 'warning';
  /** `content/x.md 字段 closes（征集截止时间）：…` */
  text: string;
}

export function problem(file: string, path: readonly PropertyKey[], message: string, severity: ContentProblem['severity'] = 'error'): ContentProblem {
  const field = formatPath(path);
  const label = fieldLabel(path, file);
  const where = field ? ` 字段 ${field}${label ? `（${label}）` : ''}` : '';
  return { file, field, message, severity, text: `${severity === 'error' ? '错误' : '提醒'}：${file}${where}：${message}` };
}

export function formatIssues(file: string, issues: readonly z.core.$ZodIssue[]): ContentProblem[] {
  return issues.map((issue) => {
    let message = issue.message;
    if (issue.code === 'invalid_type' && /undefined/.test(message)) message = '缺少必填字段';
    if (issue.code === 'unrecognized_keys') {
      message = `不认识的字段：${issue.keys.join('、')}（请检查拼写，可用字段见编辑指南）`;
    }
    return problem(file, issue.path, message);
  });
}
