/**
 * Rules that span notice files: the issuing body and the event must exist, and
 * an update or cancellation must refer to an earlier, published warning that
 * nothing else has updated or cancelled already. Pure, like content-rules.ts:
 * the caller reads the files and adds the file names to the messages.
 */
import type { CrossFileFinding } from './content-rules.ts';
import { RESERVED_NOTICE_IDS } from './notices.ts';
import { formatChineseDateTime } from './time.ts';
import { resolveAreaRefs, type AreaDirectory } from './areas/areas.ts';

export interface NoticeRuleFacts {
  id: string;
  file: string;
  kind: string;
  issuer: string;
  issued: Date;
  event?: string | undefined;
  draft: boolean;
  hazard?: string | undefined;
  validUntil?: Date | undefined;
  updates?: string | undefined;
  cancels?: string | undefined;
  /** The areas a warning names (names or codes). */
  areas?: readonly string[] | undefined;
}

export interface EventRuleFacts {
  id: string;
  file: string;
  draft: boolean;
}

export function checkNoticeRules(input: {
  departments: ReadonlySet<string>;
  events: readonly EventRuleFacts[];
  notices: readonly NoticeRuleFacts[];
  /** The registered areas (null: content/areas.yaml is absent or broken); omitted: areas are not checked. */
  areaDirectory?: AreaDirectory | null;
}): CrossFileFinding[] {
  const findings: CrossFileFinding[] = [];
  const add = (file: string, path: (string | number)[], message: string, severity: CrossFileFinding['severity'] = 'error') =>
    findings.push({ file, path, message, severity });
  const events = new Map(input.events.map((e) => [e.id, e]));
  const notices = new Map(input.notices.map((n) => [n.id, n]));
  /** Predecessor id → the notice that first claimed it (by issue time, then id). */
  const claimed = new Map<string, NoticeRuleFacts>();
  const byIssue = [...input.notices].sort((a, b) => a.issued.getTime() - b.issued.getTime() || a.id.localeCompare(b.id));

  for (const n of byIssue) {
    if ((RESERVED_NOTICE_IDS as readonly string[]).includes(n.id)) {
      add(n.file, [], `文件名“${n.id}”与栏目页面地址冲突，请换一个文件名（不能用 ${RESERVED_NOTICE_IDS.join('、')}）`);
    }
    if (!input.departments.has(n.issuer)) {
      add(n.file, ['issuer'], `找不到编号为“${n.issuer}”的发布机关，请先在 content/departments.yaml 中添加，或改正编号`);
    }
    if (n.event !== undefined) {
      const event = events.get(n.event);
      if (!event) add(n.file, ['event'], `找不到编号为“${n.event}”的专题（编号即 content/events/ 下的文件名，不含扩展名）`);
      else if (event.draft && !n.draft) add(n.file, ['event'], `专题“${n.event}”仍是草稿（draft: true），请先发布专题，或把本信息也设为草稿`);
    }

    if (n.areas && input.areaDirectory !== undefined) {
      if (input.areaDirectory === null) add(n.file, ['areas'], '预警的影响区域须是已登记的行政区划，请先在 content/areas.yaml 中登记（名称和 12 位统计用区划代码）');
      else {
        const resolved = resolveAreaRefs(n.areas, input.areaDirectory);
        if (!resolved.ok) for (const p of resolved.problems) add(n.file, ['areas', n.areas.indexOf(p.ref)], p.message);
      }
    }

    const field = n.cancels !== undefined ? 'cancels' : n.updates !== undefined ? 'updates' : undefined;
    if (!field) continue;
    const verb = field === 'cancels' ? '解除' : '更新';
    const targetId = (field === 'cancels' ? n.cancels : n.updates) as string;
    const target = notices.get(targetId);
    if (targetId === n.id) {
      add(n.file, [field], `预警不能${verb}自己`);
      continue;
    }
    if (!target) {
      add(n.file, [field], `找不到编号为“${targetId}”的预警，${verb}的对象必须是已有的预警（编号即 content/notices/ 下的文件名，不含扩展名）`);
      continue;
    }
    if (target.kind !== '预警') {
      add(n.file, [field], `“${targetId}”不是预警（信息类型为 ${target.kind}），只能${verb}预警`);
      continue;
    }
    if (target.cancels !== undefined) {
      add(n.file, [field], `“${targetId}”是解除预警的通知，不能再被${verb}；请${verb}它所解除的预警之前的最新一期预警`);
      continue;
    }
    if (target.draft && !n.draft) {
      add(n.file, [field], `被${verb}的预警“${targetId}”仍是草稿（draft: true），请先发布它`);
    }
    if (n.issued.getTime() <= target.issued.getTime()) {
      add(n.file, ['issued'], `${verb}预警的发布时间（${formatChineseDateTime(n.issued)}）必须晚于被${verb}预警“${targetId}”的发布时间（${formatChineseDateTime(target.issued)}）`);
    }
    const earlier = claimed.get(targetId);
    if (earlier) {
      add(n.file, [field], `预警“${targetId}”已被 ${earlier.file} ${earlier.cancels !== undefined ? '解除' : '更新'}，请改为${verb}最新一期预警“${earlier.id}”`);
    } else {
      claimed.set(targetId, n);
    }
    if (target.validUntil && n.issued.getTime() > target.validUntil.getTime()) {
      add(n.file, ['issued'], `被${verb}的预警“${targetId}”已于 ${formatChineseDateTime(target.validUntil)} 过期，过期后一般应发布新的预警而不是${verb}`, 'warning');
    }
    if (field === 'updates' && n.hazard && target.hazard && n.hazard !== target.hazard) {
      add(n.file, ['hazard'], `灾种（${n.hazard}）与被更新的预警（${target.hazard}）不同，如是另一灾种请单独发布预警`, 'warning');
    }
  }
  return findings;
}
