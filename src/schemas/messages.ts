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
  // Proactive-disclosure catalogue (issue 5)
  documentNumber: '文号',
  issuer: '发布机构',
  written: '成文日期',
  effective: '施行日期',
  validity: '有效性',
  replacedBy: '修改或替代文件',
  validityNote: '有效性说明',
  topics: '主题分类',
  industries: '行业分类',
  organisations: '机构分类',
  abstract: '摘要',
  interprets: '所解读的文件',
  related: '相关文件',
  indexNumber: '索引号',
  guide: '办事指南',
  'guide.name': '事项名称',
  applicants: '申请条件',
  materials: '申请材料',
  'guide.materials.name': '材料名称',
  copies: '份数及要求',
  steps: '办理流程',
  timeLimit: '办理时限',
  fee: '收费标准',
  place: '办理地点',
  hours: '办理时间',
  contact: '咨询电话',
  supervision: '监督投诉电话',
  'guide.online': '网上办理',
  policies: '相关政策',
  parent: '上级类目',
  indexCode: '索引号机构代码',
  sample: '示例类目',
  navLabel: '导航名称',
  year: '年度',
  description: '说明',
};

/**
 * Labels that differ by folder (a notice's `kind` is not a consultation's 文件类别).
 * Keyed by the folder prefix of the file name in the message; looked up before FIELD_LABELS.
 */
export const FOLDER_FIELD_LABELS: Record<string, Record<string, string>> = {
  // Notices and emergency information (issue 8)
  'content/notices/': {
    kind: '信息类型',
    category: '信息类别（五大信息）',
    issued: '发布时间',
    event: '所属专题',
    summary: '摘要',
    channels: '发布渠道',
    hazard: '灾种',
    level: '预警级别',
    areas: '影响区域',
    validUntil: '有效期至',
    updates: '更新的预警',
    cancels: '解除的预警',
    instruction: '防御指南',
    concern: '群众关切',
    'concern.question': '关切内容',
    'concern.raised': '提出时间',
    'concern.source': '反映渠道',
    speakers: '发布人',
    venue: '地点',
  },
  'content/events/': { title: '专题名称', summary: '专题概述', starts: '开始时间', ends: '结束时间' },
  // Proactive-disclosure catalogue (issue 5): items before the trees beside them (first matching prefix wins)
  'content/catalogue/items/': { kind: '信息类别' },
  'content/catalogue/': { name: '类目名称', department: '对应的发布机构' },
  'content/disclosure/': { order: '在左侧导引中的排序' },
};

/** Label for a field path such as `viewpoints.2.reason`: the nearest known label. */
export function fieldLabel(path: readonly PropertyKey[], file = ''): string | undefined {
  const folder = Object.keys(FOLDER_FIELD_LABELS).find((prefix) => file.startsWith(prefix));
  const labels = folder ? { ...FIELD_LABELS, ...FOLDER_FIELD_LABELS[folder] } : FIELD_LABELS;
  const keys = path.filter((p): p is string => typeof p === 'string');
  for (let i = keys.length; i > 0; i--) {
    const label = labels[keys.slice(0, i).join('.')] ?? labels[keys[i - 1] ?? ''];
    if (label) return label;
  }
  return undefined;
}

/** `viewpoints › 第3项 › reason`: list positions counted from 1, as editors count them. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `第${p + 1}项` : String(p))).join(' › ');
}
