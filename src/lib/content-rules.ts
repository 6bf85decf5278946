/**
 * Rules that span several content files. Pure: the caller reads the files and
 * turns each finding into a message with the file name.
 */
import { checkCommentWindow, type ConsultationKind } from './comment-window.ts';
import type { HolidayCalendar } from './working-days.ts';
import { formatChineseDate, formatChineseDateTime, shanghaiDate, type CalendarDate } from './time.ts';

export interface ConsultationFacts {
  id: string;
  file: string;
  department: string;
  policyAreas: readonly string[];
  kind: ConsultationKind;
  opens: Date;
  closes: Date;
  shortWindowReason?: string | undefined;
  draft?: boolean | undefined;
}

export interface FeedbackFacts {
  id: string;
  file: string;
  consultation: string;
  published: CalendarDate;
  draft?: boolean | undefined;
}

export interface CrossFileFinding {
  file: string;
  path: (string | number)[];
  message: string;
  severity: 'error' | 'warning';
}

export function checkCrossFileRules(input: {
  /** Known ids; null when the file could not be read (its own error says so), so references are not checked. */
  departments: ReadonlySet<string> | null;
  policyAreas: ReadonlySet<string> | null;
  consultations: readonly ConsultationFacts[];
  feedback: readonly FeedbackFacts[];
  calendar: HolidayCalendar;
}): CrossFileFinding[] {
  const findings: CrossFileFinding[] = [];
  const byId = new Map(input.consultations.map((c) => [c.id, c]));

  for (const c of input.consultations) {
    if (input.departments && !input.departments.has(c.department)) {
      findings.push({ file: c.file, path: ['department'], severity: 'error', message: `找不到编号为“${c.department}”的部门，请先在 content/departments.yaml 中添加，或改正编号` });
    }
    c.policyAreas.forEach((area, i) => {
      if (input.policyAreas && !input.policyAreas.has(area)) {
        findings.push({ file: c.file, path: ['policyAreas', i], severity: 'error', message: `找不到编号为“${area}”的政策领域，可用编号见 content/policy-areas.yaml` });
      }
    });
    const window = checkCommentWindow(c, input.calendar);
    if (window.requirement && !window.meetsMinimum && !c.shortWindowReason) {
      const unit = window.requirement.unit === 'working-days' ? '个工作日' : '日';
      findings.push({
        file: c.file,
        path: ['closes'],
        severity: 'error',
        message: `${c.kind}征求意见期限不得少于${window.requirement.minimum}${unit}（${window.requirement.basis}），当前仅${window.length}${unit}（${formatChineseDateTime(c.opens)} 至 ${formatChineseDateTime(c.closes)}）。请延长期限，或在 shortWindowReason 中写明缩短期限的理由`,
      });
    }
    if (!window.calendarKnown) {
      findings.push({ file: c.file, path: ['closes'], severity: 'warning', message: '征集期所在年份的法定节假日安排尚未公布，工作日暂按周一至周五计算；国务院办公厅公布安排后请更新依赖包 chinese-days 并重新检查' });
    }
  }

  const seen = new Map<string, FeedbackFacts>();
  for (const f of input.feedback) {
    const c = byId.get(f.consultation);
    if (!c) {
      findings.push({ file: f.file, path: ['consultation'], severity: 'error', message: `找不到编号为“${f.consultation}”的意见征集（编号即 content/consultations/ 下的文件名，不含扩展名）` });
      continue;
    }
    if (c.draft && !f.draft) {
      findings.push({ file: f.file, path: ['consultation'], severity: 'error', message: `意见征集“${f.consultation}”仍是草稿（draft: true），其反馈不能先于征集发布；请先发布征集，或把本反馈也设为草稿` });
    }
    const earlier = seen.get(f.consultation);
    if (earlier) {
      findings.push({ file: f.file, path: ['consultation'], severity: 'error', message: `意见征集“${f.consultation}”已有反馈 ${earlier.file}，每项征集只能有一份意见征集情况说明` });
    } else {
      seen.set(f.consultation, f);
    }
    const closeDay = shanghaiDate(c.closes);
    if (f.published < closeDay) {
      findings.push({ file: f.file, path: ['published'], severity: 'error', message: `反馈发布日期（${formatChineseDate(f.published)}）早于征集截止日期（${formatChineseDate(closeDay)}），征集结束后才能发布反馈` });
    }
  }
  return findings;
}
