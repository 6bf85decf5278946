/**
 * The feedback clock a consultation page shows (反馈应于 … 前发布 / 反馈已于 … 发布).
 * Its own module so that the browser script of list pages, which only show
 * countdowns, does not carry it; re-exported by consultation-wording.ts.
 */
import { DEFAULT_FEEDBACK_DAYS, feedbackTiming, type ConsultationClock, type FeedbackTiming } from './consultation-status.ts';
import { formatChineseDate } from './time.ts';

export type FeedbackClockState = FeedbackTiming['kind'] | 'collecting';

export interface FeedbackClockText {
  state: FeedbackClockState;
  /** The sentence shown on the page. */
  text: string;
}

/**
 * The feedback clock: 反馈应于 YYYY年M月D日 前发布 (with days left or overdue),
 * or 反馈已于 YYYY年M月D日 发布 with how early or late.
 */
export function feedbackClockText(clock: ConsultationClock, now: Date): FeedbackClockText {
  const timing = feedbackTiming(clock, now);
  const due = formatChineseDate(timing.dueDate);
  switch (timing.kind) {
    case 'published-on-time':
      return {
        state: timing.kind,
        text: `反馈已于 ${formatChineseDate(timing.published)} 发布，${timing.daysEarly > 0 ? `比规定期限提前 ${timing.daysEarly} 天` : '在规定期限的最后一天'}，按期发布`,
      };
    case 'published-late':
      return { state: timing.kind, text: `反馈已于 ${formatChineseDate(timing.published)} 发布，逾期 ${timing.daysLate} 天（应于 ${due} 前发布）` };
    case 'overdue':
      return { state: timing.kind, text: `反馈应于 ${due} 前发布，已逾期 ${timing.daysLate} 天` };
    case 'not-due-yet': {
      if (now.getTime() <= clock.closes.getTime()) {
        const days = clock.feedbackDays ?? DEFAULT_FEEDBACK_DAYS;
        return { state: 'collecting', text: `反馈应于 ${due} 前发布（征集结束后 ${days} 日内）` };
      }
      return { state: timing.kind, text: timing.daysLeft > 0 ? `反馈应于 ${due} 前发布，还有 ${timing.daysLeft} 天` : `反馈应于 ${due} 前发布，今天是最后期限` };
    }
  }
}
