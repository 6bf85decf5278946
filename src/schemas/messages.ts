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
  'content/case-limits.yaml': {
    kinds: '办件类别',
    'kinds.report': '群众线索',
    'kinds.application': '依申请公开',
    'kinds.letter': '投诉建议',
    'kinds.concern': '回应关切',
    handling: '办理时限',
    immediate: '立即办',
    referred: '转交办',
    joint: '会商办',
    'time-limited': '限期办',
    maxExtensionDays: '延期上限',
    remindWithinDays: '到期前提醒天数',
  },
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
  // Remediation in the open (issue 7): subfolders before the project file beside them
  'content/remediation/water-bodies/': {
    name: '水体名称',
    type: '水体类型',
    lengthKm: '河道长度（公里）',
    areaHa: '水域面积（公顷）',
    district: '所在区域',
    extent: '起止位置',
    unit: '责任单位',
    chief: '河长（湖长）',
    sample: '示例水体',
    monitoringPoints: '监测点',
    'monitoringPoints.id': '监测点编号',
    'monitoringPoints.name': '监测点名称',
    milestones: '治理节点',
    'milestones.name': '节点名称',
    'milestones.phase': '所属阶段',
    'milestones.planned': '计划日期',
    'milestones.actual': '实际完成日期',
    'milestones.weight': '权重',
    'milestones.note': '备注',
    plannedQuantities: '计划工程量',
    item: '工程量项目',
    amount: '计划量',
  },
  'content/remediation/posts/': {
    published: '发布日期',
    phase: '所属阶段',
    waterBodies: '涉及水体',
    summary: '摘要',
    quantities: '工程量',
    'quantities.waterBody': '所属水体',
    item: '工程量项目',
    amount: '本期完成量',
    measurements: '监测数据',
    'measurements.waterBody': '所属水体',
    point: '监测点编号',
    sampled: '采样日期',
    depth: '水深（cm）',
    transparency: '透明度（cm）',
    dissolvedOxygen: '溶解氧（mg/L）',
    orp: '氧化还原电位（mV）',
    ammoniaNitrogen: '氨氮（mg/L）',
  },
  'content/remediation/surveys/': {
    title: '调查名称',
    surveyor: '调查机构',
    commissionedBy: '委托单位',
    from: '调查开始日期',
    to: '调查结束日期',
    method: '调查方式',
    respondents: '有效问卷数',
    satisfied: '满意人数',
    results: '分水体结果',
    'results.waterBody': '水体',
  },
  'content/remediation/': {
    title: '项目名称',
    summary: '项目简介',
    leadUnit: '牵头单位',
    approach: '治理思路',
    'approach.name': '措施名称',
    'approach.description': '措施说明',
    phases: '阶段说明',
    participation: '公众参与情况',
    clues: '收集线索数',
    interviews: '走访群众人次',
    suggestionsAdopted: '方案采纳建议数',
    supervisionSuggestions: '监督改进意见数',
    satisfactionTarget: '满意度目标（%）',
  },
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
