/**
 * Rules that span remediation files: units exist in departments.yaml, posts and
 * surveys name real water bodies and monitoring points, a sampling is not
 * published twice, reported works do not silently exceed the plan. Pure, like
 * content-rules.ts: the caller reads the files and names them in the messages.
 */
import type { CrossFileFinding } from './content-rules.ts';
import { QUANTITY_UNITS, RESERVED_POST_IDS, formatDecimal, sumDecimals, type QuantityItem } from './remediation.ts';

export interface WaterBodyRuleFacts {
  id: string;
  file: string;
  name: string;
  unit: string;
  draft: boolean;
  points: readonly string[];
  plannedQuantities: readonly { item: QuantityItem; amount: number }[];
}

export interface PostRuleFacts {
  id: string;
  file: string;
  draft: boolean;
  waterBodies: readonly string[];
  quantities: readonly { waterBody?: string | undefined; item: QuantityItem; amount: number }[];
  measurements: readonly { waterBody?: string | undefined; point: string; sampled: string }[];
}

export interface SurveyRuleFacts {
  id: string;
  file: string;
  draft: boolean;
  commissionedBy: string;
  results: readonly { waterBody: string }[];
}

export interface RemediationRuleInput {
  departments: ReadonlySet<string>;
  /** Undefined when there is no project file. */
  project: { file: string; leadUnit: string } | undefined;
  /** Where the project file belongs, for the message when it is missing. */
  projectFile: string;
  waterBodies: readonly WaterBodyRuleFacts[];
  /** Water bodies whose files have schema errors: references to them are checked once they are fixed. */
  brokenWaterBodies?: ReadonlySet<string> | undefined;
  posts: readonly PostRuleFacts[];
  surveys: readonly SurveyRuleFacts[];
}

const UNIT_HINT = '请先在 content/departments.yaml 中添加该单位，或改正编号';

export function checkRemediationRules(input: RemediationRuleInput): CrossFileFinding[] {
  const findings: CrossFileFinding[] = [];
  const add = (file: string, path: (string | number)[], message: string, severity: CrossFileFinding['severity'] = 'error') =>
    findings.push({ file, path, message, severity });
  const bodies = new Map(input.waterBodies.map((b) => [b.id, b]));

  if (!input.project) {
    if (input.waterBodies.length + input.posts.length + input.surveys.length > 0) {
      add(input.projectFile, [], '缺少治理项目说明文件：已有水体、进展信息或满意度调查，请补上项目说明（项目名称、简介、牵头单位、治理思路）');
    }
  } else if (!input.departments.has(input.project.leadUnit)) {
    add(input.project.file, ['leadUnit'], `找不到编号为“${input.project.leadUnit}”的牵头单位。${UNIT_HINT}`);
  }

  for (const b of input.waterBodies) {
    if (!input.departments.has(b.unit)) add(b.file, ['unit'], `找不到编号为“${b.unit}”的责任单位。${UNIT_HINT}`);
  }

  /** A water body a published file may refer to; reports the problem otherwise. */
  const usable = (file: string, path: (string | number)[], id: string, draft: boolean): WaterBodyRuleFacts | undefined => {
    const body = bodies.get(id);
    if (!body && input.brokenWaterBodies?.has(id)) return undefined;
    if (!body) {
      add(file, path, `找不到编号为“${id}”的水体（编号即 content/remediation/water-bodies/ 下的文件名，不含扩展名）`);
      return undefined;
    }
    if (body.draft && !draft) add(file, path, `水体“${body.name}”仍是草稿（draft: true），请先发布该水体，或把本文件也设为草稿`);
    return body;
  };

  /** body → point → sampled → first file that published it. */
  const samplings = new Map<string, string>();
  /** body → item → amounts reported by published posts. */
  const reported = new Map<string, Map<QuantityItem, number[]>>();

  for (const p of input.posts) {
    if ((RESERVED_POST_IDS as readonly string[]).includes(p.id)) {
      add(p.file, [], `文件名“${p.id}”与栏目页面地址冲突，请换一个文件名（不能用 ${RESERVED_POST_IDS.join('、')}）`);
    }
    p.waterBodies.forEach((id, i) => usable(p.file, ['waterBodies', i], id, p.draft));
    const single = p.waterBodies.length === 1 ? p.waterBodies[0] : undefined;

    p.measurements.forEach((m, i) => {
      const bodyId = m.waterBody ?? single;
      const body = bodyId ? bodies.get(bodyId) : undefined;
      if (!body) return; // reported above (unknown body) or by the schema (missing waterBody)
      if (!body.points.includes(m.point)) {
        const known = body.points.length > 0 ? `已有监测点：${body.points.join('、')}` : '该水体还没有设置监测点（monitoringPoints）';
        add(p.file, ['measurements', i, 'point'], `水体“${body.name}”没有编号为“${m.point}”的监测点。${known}`);
        return;
      }
      if (p.draft) return;
      const key = `${body.id}\u0000${m.point}\u0000${m.sampled}`;
      const first = samplings.get(key);
      if (first !== undefined) {
        add(p.file, ['measurements', i], `${body.name}监测点“${m.point}”${m.sampled}的数据已在 ${first} 中发布，同一次采样只能发布一次（如需更正，请修改原文件）`);
      } else {
        samplings.set(key, p.file);
      }
    });

    p.quantities.forEach((q, i) => {
      const bodyId = q.waterBody ?? single;
      const body = bodyId ? bodies.get(bodyId) : undefined;
      if (!body) return;
      if (!body.plannedQuantities.some((pq) => pq.item === q.item)) {
        add(p.file, ['quantities', i, 'item'], `水体“${body.name}”的计划工程量（plannedQuantities）中没有“${q.item}”，无法计算完成比例；请先在水体文件中补上计划量`, 'warning');
      }
      if (p.draft) return;
      const items = reported.get(body.id) ?? new Map<QuantityItem, number[]>();
      items.set(q.item, [...(items.get(q.item) ?? []), q.amount]);
      reported.set(body.id, items);
    });
  }

  for (const [bodyId, items] of reported) {
    const body = bodies.get(bodyId)!;
    for (const [item, amounts] of items) {
      const planned = body.plannedQuantities.find((pq) => pq.item === item)?.amount;
      const done = sumDecimals(amounts);
      if (planned !== undefined && done > planned) {
        const unit = QUANTITY_UNITS[item];
        add(
          body.file,
          ['plannedQuantities'],
          `“${item}”各条进展信息累计完成 ${formatDecimal(done)} ${unit}，超过计划量 ${formatDecimal(planned)} ${unit}；如计划已调整，请修改计划量并在进展信息中说明`,
          'warning',
        );
      }
    }
  }

  for (const s of input.surveys) {
    if (!input.departments.has(s.commissionedBy)) add(s.file, ['commissionedBy'], `找不到编号为“${s.commissionedBy}”的委托单位。${UNIT_HINT}`);
    s.results.forEach((r, i) => usable(s.file, ['results', i, 'waterBody'], r.waterBody, s.draft));
  }
  return findings;
}
