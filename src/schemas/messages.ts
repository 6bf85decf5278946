/**
 * Chinese messages for editors. Zod's own zh-CN locale covers the generic
 * cases; the field labels here let an error name the field in both the key the
 * editor typed and its meaning.
 */
import { z } from 'astro/zod';

z.config(z.locales.zhCN());

export const FIELD_LABELS: Record<string, string> = {
  title: '标题',
  documentTitle: '文件名称',
  department: '承办部门',
  policyAreas: '政策领域',
  stage: '参与阶段',
  kind: '文件类别',
  opens: '征集开始时间',
  closes: '征集截止时间',
  shortWindowReason: '缩短征集期限的理由',
  basis: '制定依据',
  'basis.text': '制定依据',
  'basis.links': '制定依据链接',
  explanation: '起草说明',
  channels: '意见提交渠道',
  'channels.online': '网上提交',
  'channels.email': '电子邮箱',
  'channels.post': '信函地址',
  'channels.fax': '传真',
  'channels.phone': '电话',
  attachments: '附件',
  articleComments: '逐条发表意见',
  updated: '更新日期',
  draft: '草稿',
  consultation: '对应的意见征集',
  published: '发布日期',
  received: '收到意见数',
  viewpoints: '主要观点',
  summary: '观点摘要',
  disposition: '采纳情况',
  reason: '理由',
  name: '名称',
  shortName: '简称',
  email: '电子邮箱',
  website: '网站',
  order: '排序',
};

/** Label for a field path such as `viewpoints.2.reason`: the nearest known label. */
export function fieldLabel(path: readonly PropertyKey[]): string | undefined {
  const keys = path.filter((p): p is string => typeof p === 'string');
  for (let i = keys.length; i > 0; i--) {
    const label = FIELD_LABELS[keys.slice(0, i).join('.')] ?? FIELD_LABELS[keys[i - 1] ?? ''];
    if (label) return label;
  }
  return undefined;
}

/** `viewpoints › 第3项 › reason`: list positions counted from 1, as editors count them. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `第${p + 1}项` : String(p))).join(' › ');
}
