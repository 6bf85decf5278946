import { describe, expect, it } from 'vitest';
import {
  countdownText,
  statusLineText,
  feedbackClockText,
  feedbackResultText,
  formatClosing,
  formatOpening,
  onTimeStatement,
  shortWindowNotice,
  windowText,
} from '../../src/lib/consultation-wording.ts';
import { feedbackTiming, type ConsultationClock } from '../../src/lib/consultation-status.ts';
import { checkCommentWindow } from '../../src/lib/comment-window.ts';
import { officialCalendar } from '../../src/lib/official-calendar.ts';
import { endOfShanghaiDay, shanghaiWallClock } from '../../src/lib/time.ts';

const at = (iso: string) => new Date(iso);

// The sample consultation: 2020-07-29 09:00 to the end of 2020-08-28; feedback due 2020-09-27.
const clock: ConsultationClock = { opens: shanghaiWallClock(2020, 7, 29, 9), closes: endOfShanghaiDay('2020-08-28'), feedbackDays: 30 };

describe('window text', () => {
  it('shows the opening time unless it is midnight, and a whole closing day as a date', () => {
    expect(windowText(clock)).toBe('征集时间：2020年7月29日 09:00 至 2020年8月28日');
    expect(formatOpening(shanghaiWallClock(2020, 7, 29))).toBe('2020年7月29日');
    expect(formatClosing(shanghaiWallClock(2020, 8, 28, 17, 30))).toBe('2020年8月28日 17:30');
  });
});

describe('statusLineText and countdownText', () => {
  it('counts days until the opening day, and says the time on the opening day', () => {
    expect(statusLineText(clock, at('2020-07-26T23:00:00+08:00'))).toBe('未开始：3 天后开始');
    expect(statusLineText(clock, at('2020-07-28T23:59:59+08:00'))).toBe('未开始：1 天后开始');
    expect(statusLineText(clock, at('2020-07-29T08:59:59+08:00'))).toBe('未开始：今天 09:00 开始');
  });

  it('counts calendar days to the closing day while open', () => {
    expect(statusLineText(clock, at('2020-07-29T09:00:00+08:00'))).toBe('征集中：距截止还有 30 天');
    expect(statusLineText(clock, at('2020-08-27T23:59:59+08:00'))).toBe('征集中：距截止还有 1 天');
  });

  it('says 今天 24 时截止 on a closing day without a time, and the hour otherwise', () => {
    expect(statusLineText(clock, at('2020-08-28T00:00:00+08:00'))).toBe('征集中：今天 24 时截止');
    expect(statusLineText(clock, at('2020-08-28T23:59:59.999+08:00'))).toBe('征集中：今天 24 时截止');
    const at17 = { ...clock, closes: shanghaiWallClock(2020, 8, 28, 17) };
    expect(statusLineText(at17, at('2020-08-28T16:59:00+08:00'))).toBe('征集中：今天 17:00 截止');
  });

  it('says when it closed once closed, even one millisecond after', () => {
    expect(statusLineText(clock, at('2020-08-29T00:00:00+08:00'))).toBe('已截止·待反馈：征集已于 2020年8月28日 截止');
    const at17 = { ...clock, closes: shanghaiWallClock(2020, 8, 28, 17) };
    expect(statusLineText(at17, new Date(at17.closes.getTime() + 1))).toBe('已截止·待反馈：征集已于 2020年8月28日 17:00 截止');
  });

  it('gives the countdown alone for showing after a status badge', () => {
    expect(countdownText(clock, at('2020-08-01T10:00:00+08:00'))).toBe('距截止还有 27 天');
    expect(countdownText(clock, at('2020-07-01T10:00:00+08:00'))).toBe('28 天后开始');
  });

  it('uses Beijing days whatever the reader’s clock says (UTC instants near midnight)', () => {
    // 2020-08-27T16:30Z is 00:30 on 2020-08-28 in Beijing: closing day.
    expect(statusLineText(clock, at('2020-08-27T16:30:00Z'))).toBe('征集中：今天 24 时截止');
  });
});

describe('feedbackClockText', () => {
  it('announces the due date while collecting', () => {
    expect(feedbackClockText(clock, at('2020-08-01T10:00:00+08:00'))).toEqual({
      state: 'collecting',
      text: '反馈应于 2020年9月27日 前发布（征集结束后 30 日内）',
    });
  });

  it('counts down to the due date after the close, down to the last day', () => {
    expect(feedbackClockText(clock, at('2020-09-01T10:00:00+08:00'))).toEqual({ state: 'not-due-yet', text: '反馈应于 2020年9月27日 前发布，还有 26 天' });
    expect(feedbackClockText(clock, at('2020-09-27T23:00:00+08:00')).text).toBe('反馈应于 2020年9月27日 前发布，今天是最后期限');
  });

  it('counts overdue days from the day after the due date', () => {
    expect(feedbackClockText(clock, at('2020-09-28T00:00:00+08:00'))).toEqual({ state: 'overdue', text: '反馈应于 2020年9月27日 前发布，已逾期 1 天' });
  });

  it('reports publication with days early or late', () => {
    const now = at('2020-12-01T10:00:00+08:00');
    expect(feedbackClockText({ ...clock, feedbackPublished: '2020-09-20' }, now)).toEqual({
      state: 'published-on-time',
      text: '反馈已于 2020年9月20日 发布，比规定期限提前 7 天，按期发布',
    });
    expect(feedbackClockText({ ...clock, feedbackPublished: '2020-09-27' }, now).text).toBe('反馈已于 2020年9月27日 发布，在规定期限的最后一天，按期发布');
    expect(feedbackClockText({ ...clock, feedbackPublished: '2020-09-30' }, now)).toEqual({
      state: 'published-late',
      text: '反馈已于 2020年9月30日 发布，逾期 3 天（应于 2020年9月27日 前发布）',
    });
  });

  it('ignores a report dated in the future', () => {
    expect(feedbackClockText({ ...clock, feedbackPublished: '2020-09-20' }, at('2020-09-19T10:00:00+08:00')).state).toBe('not-due-yet');
  });
});

describe('feedbackResultText and onTimeStatement', () => {
  const now = at('2020-12-01T10:00:00+08:00');
  it('words each result', () => {
    expect(feedbackResultText(feedbackTiming({ ...clock, feedbackPublished: '2020-09-20' }, now))).toBe('按期发布（提前 7 天）');
    expect(feedbackResultText(feedbackTiming({ ...clock, feedbackPublished: '2020-09-27' }, now))).toBe('按期发布（最后一天）');
    expect(feedbackResultText(feedbackTiming({ ...clock, feedbackPublished: '2020-10-07' }, now))).toBe('逾期 10 天发布');
    expect(feedbackResultText(feedbackTiming(clock, now))).toBe('已逾期 65 天，尚未发布');
    expect(feedbackResultText(feedbackTiming(clock, at('2020-09-20T10:00:00+08:00')))).toBe('反馈期内，还有 7 天');
  });

  it('states the due date and the publication day on the report', () => {
    expect(onTimeStatement(feedbackTiming({ ...clock, feedbackPublished: '2020-09-20' }, now))).toBe(
      '按规定，本反馈应于 2020年9月27日 前发布。实际于 2020年9月20日 发布，按期发布（提前 7 天）。',
    );
    expect(onTimeStatement(feedbackTiming({ ...clock, feedbackPublished: '2020-10-07' }, now))).toBe(
      '按规定，本反馈应于 2020年9月27日 前发布。实际于 2020年10月7日 发布，逾期 10 天发布。',
    );
  });
});

describe('shortWindowNotice', () => {
  const normative = { kind: '行政规范性文件' as const };
  it('states the minimum and the reason only when the window is too short', () => {
    // 2020-08-24 (Mon) 09:00 → 2020-08-28 (Fri): 4 working days counted.
    const short = checkCommentWindow({ ...normative, opens: shanghaiWallClock(2020, 8, 24, 9), closes: endOfShanghaiDay('2020-08-28') }, officialCalendar);
    expect(short.meetsMinimum).toBe(false);
    expect(shortWindowNotice(short, '根据上级部署需于9月1日前印发。')).toBe(
      '本次征求意见期限少于7个工作日（国办发〔2018〕37号），理由：根据上级部署需于9月1日前印发。',
    );
    expect(shortWindowNotice(short, undefined)).toBeUndefined();
    const long = checkCommentWindow({ ...normative, opens: clock.opens, closes: clock.closes }, officialCalendar);
    expect(shortWindowNotice(long, '多余的理由')).toBeUndefined();
  });

  it('words the 30-day minimum of 重大行政决策 in days', () => {
    const short = checkCommentWindow({ kind: '重大行政决策', opens: shanghaiWallClock(2020, 8, 1), closes: endOfShanghaiDay('2020-08-20') }, officialCalendar);
    expect(shortWindowNotice(short, '情况紧急')).toBe('本次征求意见期限少于30日（《重大行政决策程序暂行条例》第十四条），理由：情况紧急。');
  });

  it('has no minimum for 其他', () => {
    const other = checkCommentWindow({ kind: '其他', opens: shanghaiWallClock(2020, 8, 27), closes: endOfShanghaiDay('2020-08-28') }, officialCalendar);
    expect(shortWindowNotice(other, '理由')).toBeUndefined();
  });
});
