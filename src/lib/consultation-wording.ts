/**
 * What a visitor reads about a consultation's timing: status line, countdown,
 * feedback clock, on-time statement. Pure and shared by the pages (at build
 * time) and src/scripts/live-status.ts (in the browser), so both say the same.
 * The feedback clock lives in feedback-clock-wording.ts, so list pages, which
 * only show countdowns, do not download it.
 */
import {
  STATUS_LABELS,
  consultationStatus,
  daysRemaining,
  daysUntilOpen,
  type ConsultationClock,
  type FeedbackTiming,
} from './consultation-status.ts';
import type { WindowCheck } from './comment-window.ts';
import { endOfShanghaiDay, formatChineseDate, shanghaiDate, shanghaiParts, startOfShanghaiDay } from './time.ts';

function hhmm(instant: Date): string {
  const p = shanghaiParts(instant);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** True when the instant is the last millisecond of its Shanghai day (a closing date given without a time). */
function isEndOfDay(instant: Date): boolean {
  return instant.getTime() === endOfShanghaiDay(shanghaiDate(instant)).getTime();
}

function isStartOfDay(instant: Date): boolean {
  return instant.getTime() === startOfShanghaiDay(shanghaiDate(instant)).getTime();
}

/** 2020年7月29日 09:00, or just the date when the time is midnight. */
export function formatOpening(opens: Date): string {
  return isStartOfDay(opens) ? formatChineseDate(opens) : `${formatChineseDate(opens)} ${hhmm(opens)}`;
}

/** 2020年8月28日 for a whole closing day, 2020年8月28日 17:00 otherwise. */
export function formatClosing(closes: Date): string {
  return isEndOfDay(closes) ? formatChineseDate(closes) : `${formatChineseDate(closes)} ${hhmm(closes)}`;
}

/** 征集时间：2020年7月29日 09:00 至 2020年8月28日 */
export function windowText(clock: Pick<ConsultationClock, 'opens' | 'closes'>): string {
  return `征集时间：${formatOpening(clock.opens)} 至 ${formatClosing(clock.closes)}`;
}

/**
 * The countdown that follows the status label: 距截止还有 N 天 / 今天 24 时截止,
 * N 天后开始, or once the window has closed, the day it closed.
 */
export function countdownText(clock: ConsultationClock, now: Date): string {
  const status = consultationStatus(clock, now);
  if (status === 'upcoming') {
    const days = daysUntilOpen(clock.opens, now);
    return days > 0 ? `${days} 天后开始` : `今天 ${hhmm(clock.opens)} 开始`;
  }
  if (status === 'open') {
    const days = daysRemaining(clock.closes, now);
    if (days > 0) return `距截止还有 ${days} 天`;
    return isEndOfDay(clock.closes) ? '今天 24 时截止' : `今天 ${hhmm(clock.closes)} 截止`;
  }
  return `征集已于 ${formatClosing(clock.closes)} 截止`;
}

/** 征集中：距截止还有 N 天 / 未开始：N 天后开始 / 已截止·待反馈：征集已于 … 截止 */
export function statusLineText(clock: ConsultationClock, now: Date): string {
  return `${STATUS_LABELS[consultationStatus(clock, now)]}：${countdownText(clock, now)}`;
}

export { feedbackClockText, type FeedbackClockState, type FeedbackClockText } from './feedback-clock-wording.ts';

/** One short phrase for a result in lists and the scoreboard. */
export function feedbackResultText(timing: FeedbackTiming): string {
  switch (timing.kind) {
    case 'published-on-time':
      return timing.daysEarly > 0 ? `按期发布（提前 ${timing.daysEarly} 天）` : '按期发布（最后一天）';
    case 'published-late':
      return `逾期 ${timing.daysLate} 天发布`;
    case 'overdue':
      return `已逾期 ${timing.daysLate} 天，尚未发布`;
    case 'not-due-yet':
      return timing.daysLeft > 0 ? `反馈期内，还有 ${timing.daysLeft} 天` : '反馈期内，今天是最后期限';
  }
}

/** The on-time statement on a feedback report: 按期发布 / 逾期 N 天发布, against the due date. */
export function onTimeStatement(timing: FeedbackTiming): string {
  const due = formatChineseDate(timing.dueDate);
  switch (timing.kind) {
    case 'published-on-time':
      return `按规定，本反馈应于 ${due} 前发布。实际于 ${formatChineseDate(timing.published)} 发布，按期发布${timing.daysEarly > 0 ? `（提前 ${timing.daysEarly} 天）` : ''}。`;
    case 'published-late':
      return `按规定，本反馈应于 ${due} 前发布。实际于 ${formatChineseDate(timing.published)} 发布，逾期 ${timing.daysLate} 天发布。`;
    case 'overdue':
    case 'not-due-yet':
      return `按规定，本反馈应于 ${due} 前发布，尚未到发布日期。`;
  }
}

/**
 * 本次征求意见期限少于7个工作日（国办发〔2018〕37号），理由：…
 * Only when the window is below the minimum and a reason was given; otherwise undefined.
 */
export function shortWindowNotice(check: WindowCheck, reason: string | undefined): string | undefined {
  if (!check.requirement || check.meetsMinimum || !reason) return undefined;
  const unit = check.requirement.unit === 'working-days' ? '个工作日' : '日';
  const trimmed = reason.trim().replace(/[。．.]+$/, '');
  return `本次征求意见期限少于${check.requirement.minimum}${unit}（${check.requirement.basis}），理由：${trimmed}。`;
}
