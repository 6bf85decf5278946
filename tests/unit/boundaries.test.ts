/**
 * Boundaries typed by hand. Every expected value below is written out from the
 * rule's text (quoted beside it), never computed with the code under test:
 * grading by the national guide at and around each threshold, working-day due
 * dates across the 2026 Mid-Autumn and National Day holidays and their 调休,
 * and a consultation's status at its closing and feedback-due instants.
 */
import { describe, expect, it } from 'vitest';
import { classifyPoint, classifyWaterBody, gradeValue, severeStretches, type Grade, type Sample } from '../../src/lib/black-odorous.ts';
import { consultationStatus, feedbackDueDate, isOpenForComments } from '../../src/lib/consultation-status.ts';
import { addWorkingDays, workingDaysLeft } from '../../src/lib/cases/deadline.ts';
import { officialCalendar } from '../../src/lib/official-calendar.ts';
import { countWorkingDays, isWorkingDay } from '../../src/lib/working-days.ts';
import { formatReceiptNumber, parseReceiptNumber } from '../../src/lib/receipt-number.ts';

describe('表2-1: each threshold, and one step either side', () => {
  // 透明度 轻度 25～10（两端含）, 重度 <10; above 25 reaches neither level.
  it.each([
    ['transparency', 25.1, 'none'],
    ['transparency', 25, 'mild'],
    ['transparency', 24.9, 'mild'],
    ['transparency', 10.1, 'mild'],
    ['transparency', 10, 'mild'],
    ['transparency', 9.9, 'severe'],
    // 溶解氧 轻度 0.2～2.0, 重度 <0.2
    ['dissolvedOxygen', 2.01, 'none'],
    ['dissolvedOxygen', 2.0, 'mild'],
    ['dissolvedOxygen', 0.2, 'mild'],
    ['dissolvedOxygen', 0.19, 'severe'],
    // 氧化还原电位 轻度 -200～50, 重度 <-200
    ['orp', 51, 'none'],
    ['orp', 50, 'mild'],
    ['orp', -200, 'mild'],
    ['orp', -201, 'severe'],
    // 氨氮 轻度 8.0～15, 重度 >15
    ['ammoniaNitrogen', 7.9, 'none'],
    ['ammoniaNitrogen', 8.0, 'mild'],
    ['ammoniaNitrogen', 15, 'mild'],
    ['ammoniaNitrogen', 15.1, 'severe'],
  ] as const)('%s %s → %s', (indicator, value, grade) => {
    expect(gradeValue(indicator, value)).toBe(grade);
  });

  // 注：水深不足25cm时，该指标按水深的40%取值。 25 cm is not "不足25cm".
  it.each([
    [25, 10, 'mild'],
    [25, 9.9, 'severe'],
    [25, 25, 'mild'],
    [24, 9.6, 'mild'], // 40% of 24 cm = 9.6 cm
    [24, 9.5, 'severe'],
    [24, 9.7, 'none'],
    [20, 8, 'mild'], // 40% of 20 cm = 8 cm
    [20, 7.9, 'severe'],
    [20, 20, 'none'],
  ] as const)('depth %s cm, transparency %s cm → %s', (depth, value, grade) => {
    expect(gradeValue('transparency', value, depth)).toBe(grade);
  });
});

/** `severe` samples of one indicator at 重度 (DO 0.1), the rest of `total` at 轻度 (DO 1). */
function doSamples(severe: number, total: number): Sample[] {
  return Array.from({ length: total }, (_, i) => ({ dissolvedOxygen: i < severe ? 0.1 : 1 }));
}
/** Two indicators: `a` of DO and `b` of NH₃-N samples at 重度 (NH₃-N 20), the rest at 轻度, out of `total`. */
function twoIndicators(a: number, b: number, total: number): Sample[] {
  return Array.from({ length: total }, (_, i) => ({ dissolvedOxygen: i < a ? 0.1 : 1, ammoniaNitrogen: i < b ? 20 : 10 }));
}

describe('检测点: 1项指标60%以上数据或不少于2项指标30%以上数据达到"重度黑臭" ("以上" includes the figure)', () => {
  it.each([
    [61, 100, 'severe'],
    [60, 100, 'severe'],
    [59, 100, 'mild'],
    [6, 10, 'severe'],
    [5, 10, 'mild'],
    [3, 5, 'severe'],
    [2, 5, 'mild'],
  ] as const)('one indicator, %s of %s samples severe → %s', (severe, total, grade) => {
    expect(classifyPoint(doSamples(severe, total))?.grade).toBe(grade);
  });

  it.each([
    [31, 31, 100, 'severe'],
    [30, 30, 100, 'severe'],
    [30, 29, 100, 'mild'],
    [29, 29, 100, 'mild'],
    [3, 3, 10, 'severe'],
    [3, 2, 10, 'mild'],
  ] as const)('two indicators, %s and %s of %s severe → %s', (a, b, total, grade) => {
    expect(classifyPoint(twoIndicators(a, b, total))?.grade).toBe(grade);
  });

  it('轻度 or 不黑臭: the same proportions over data at 轻度 or worse (one indicator 60/59 of 100, two at 30/29)', () => {
    const mildShare = (n: number) => Array.from({ length: 100 }, (_, i) => ({ dissolvedOxygen: i < n ? 1 : 5 }));
    expect(classifyPoint(mildShare(60))?.grade).toBe('mild');
    expect(classifyPoint(mildShare(59))?.grade).toBe('none');
    const twoMild = (n: number) => Array.from({ length: 100 }, (_, i) => ({ dissolvedOxygen: i < n ? 1 : 5, orp: i < n ? 0 : 100 }));
    expect(classifyPoint(twoMild(30))?.grade).toBe('mild');
    expect(classifyPoint(twoMild(29))?.grade).toBe('none');
  });

  it('shallow water counts its transparency against 40% of the depth (depth 20 cm: 7.9 is 重度, 8 is 轻度)', () => {
    expect(classifyPoint([{ transparency: 7.9, depth: 20 }, { transparency: 7.9, depth: 20 }, { transparency: 30, depth: 20 }])?.grade).toBe('severe');
    expect(classifyPoint([{ transparency: 8, depth: 20 }, { transparency: 8, depth: 20 }, { transparency: 30, depth: 20 }])?.grade).toBe('mild');
  });
});

describe('水体: 60%以上的检测点被认定为"重度黑臭"的，整个水体应认定为"重度黑臭"; 连续3个以上检测点', () => {
  const points = (severe: number, total: number, rest: Grade = 'mild'): Grade[] => Array.from({ length: total }, (_, i) => (i < severe ? 'severe' : rest));
  it.each([
    [3, 5, 'severe'],
    [2, 5, 'mild'],
    [6, 10, 'severe'],
    [5, 10, 'mild'],
    [60, 100, 'severe'],
    [59, 100, 'mild'],
  ] as const)('%s of %s points severe → %s', (severe, total, grade) => {
    expect(classifyWaterBody(points(severe, total))).toBe(grade);
  });
  it('no black-odorous point: 不黑臭; one 轻度 point: 轻度', () => {
    expect(classifyWaterBody(['none', 'none'])).toBe('none');
    expect(classifyWaterBody(['none', 'mild'])).toBe('mild');
  });
  it('three consecutive 重度 points make a stretch, two do not', () => {
    expect(severeStretches(['severe', 'severe', 'mild', 'severe', 'severe', 'severe'])).toEqual([[3, 5]]);
    expect(severeStretches(['severe', 'severe', 'severe', 'mild'])).toEqual([[0, 2]]);
    expect(severeStretches(['severe', 'severe', 'none', 'severe', 'severe'])).toEqual([]);
  });
});

describe('working days, 2026: 中秋节 9月25日放假; 国庆节 10月1日至7日放假调休, 9月20日（周日）、10月10日（周六）上班', () => {
  it.each([
    ['2026-09-19', false], // Saturday
    ['2026-09-20', true], // Sunday, 调休上班
    ['2026-09-25', false], // Friday, 中秋节
    ['2026-09-30', true],
    ['2026-10-01', false],
    ['2026-10-05', false], // a Monday inside the holiday
    ['2026-10-07', false],
    ['2026-10-08', true],
    ['2026-10-10', true], // Saturday, 调休上班
    ['2026-10-11', false], // Sunday
  ] as const)('%s working: %s', (date, working) => {
    expect(isWorkingDay(date, officialCalendar)).toBe(working);
  });

  it('the day of receipt is not counted; the N-th working day after it is the due date', () => {
    expect(addWorkingDays('2026-09-18', 1, officialCalendar)).toBe('2026-09-20'); // Fri → the working Sunday
    expect(addWorkingDays('2026-09-24', 1, officialCalendar)).toBe('2026-09-28'); // Thu → over 中秋 to Monday
    expect(addWorkingDays('2026-09-30', 1, officialCalendar)).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-30', 3, officialCalendar)).toBe('2026-10-10'); // 10-08, 10-09, 10-10 (Sat)
    expect(addWorkingDays('2026-09-30', 4, officialCalendar)).toBe('2026-10-12');
    // 依申请公开: 20 working days from 9-29: 9-30; 10-08, 09, 10; 12–16; 19–23; 26–30 = 19; then 11-02.
    expect(addWorkingDays('2026-09-29', 20, officialCalendar)).toBe('2026-11-02');
  });

  it('a suspension stops the clock: suspended 9-30, resumed 10-09 → counting restarts on 10-10', () => {
    expect(addWorkingDays('2026-09-29', 2, officialCalendar, [{ from: '2026-09-30', to: '2026-10-09' }])).toBe('2026-10-10');
  });

  it('working days counted in a range and left before a due date', () => {
    // 9-28 (Mon) … 10-11 (Sun): 9-28, 29, 30, 10-08, 09, 10 = 6
    expect(countWorkingDays('2026-09-28', '2026-10-11', officialCalendar).days).toBe(6);
    expect(workingDaysLeft('2026-10-08', '2026-10-08', officialCalendar)).toBe(0);
    expect(workingDaysLeft('2026-09-30', '2026-10-08', officialCalendar)).toBe(1);
    expect(workingDaysLeft('2026-09-29', '2026-10-10', officialCalendar)).toBe(4);
  });
});

describe('a consultation at its closing instant and at its feedback due date', () => {
  const clock = { opens: new Date('2026-09-01T09:00:00+08:00'), closes: new Date('2026-09-30T23:59:59+08:00'), feedbackDays: 5 };
  it('open up to and including the closing second, closed one millisecond later', () => {
    expect(consultationStatus(clock, new Date('2026-09-30T23:59:59.000+08:00'))).toBe('open');
    expect(isOpenForComments(clock, new Date('2026-09-30T23:59:59.000+08:00'))).toBe(true);
    expect(consultationStatus(clock, new Date('2026-09-30T23:59:59.001+08:00'))).toBe('awaiting-feedback');
    expect(isOpenForComments(clock, new Date('2026-09-30T23:59:59.001+08:00'))).toBe(false);
    expect(consultationStatus(clock, new Date('2026-09-01T08:59:59.999+08:00'))).toBe('upcoming');
    expect(isOpenForComments(clock, new Date('2026-09-01T09:00:00.000+08:00'))).toBe(true);
  });
  it('feedback days are calendar days after the closing day (holidays do not move them): closes 9-30, 5 days → due 10-05, overdue from 10-06 00:00', () => {
    expect(feedbackDueDate(clock.closes, 5)).toBe('2026-10-05');
    expect(feedbackDueDate(new Date('2026-09-30T16:00:00Z'), 5)).toBe('2026-10-06'); // 10-01 00:00 in Beijing closes on 10-01
    expect(consultationStatus(clock, new Date('2026-10-05T23:59:59.999+08:00'))).toBe('awaiting-feedback');
    expect(consultationStatus(clock, new Date('2026-10-06T00:00:00.000+08:00'))).toBe('feedback-overdue');
    expect(consultationStatus({ ...clock, feedbackPublished: '2026-10-06' }, new Date('2026-10-06T08:00:00+08:00'))).toBe('feedback-published');
  });
});

describe('working days left before and after a due date (0 on the due date; overdue counts working days since, today included)', () => {
  it.each([
    ['2026-10-09', '2026-09-30', -2], // 10-08 and 10-09 since the due date
    ['2026-10-08', '2026-09-30', -1],
    ['2026-10-01', '2026-09-30', -1], // the day after, a holiday: still overdue
    ['2026-10-12', '2026-09-30', -4], // 10-08, 09, 10 (Sat, 调休), 12
  ] as const)('today %s, due %s → %s', (today, due, left) => {
    expect(workingDaysLeft(today, due, officialCalendar)).toBe(left);
  });
});

describe('stretches of 重度 points at the ends of the water', () => {
  it('a run that starts after the first point or ends with the last one counts too', () => {
    expect(severeStretches(['none', 'severe', 'severe', 'severe'])).toEqual([[1, 3]]);
    expect(severeStretches(['severe', 'severe', 'severe'])).toEqual([[0, 2]]);
    expect(severeStretches(['none', 'severe', 'severe', 'severe', 'none', 'severe', 'severe'])).toEqual([[1, 3]]);
    expect(severeStretches(['mild', 'severe', 'severe'])).toEqual([]);
    expect(severeStretches(['none', 'none', 'none', 'mild'])).toEqual([]);
    expect(severeStretches(['none', 'severe', 'severe', 'none'])).toEqual([]);
  });
});

describe('receipt numbers: dates that cannot be, and malformed parts', () => {
  it.each(['2026-13-01', '2026-00-10', '2026-02-00', '2026-01-32'])('%s is refused as a format error even with a valid check character', (date) => {
    expect(parseReceiptNumber(formatReceiptNumber(date, 'ABCDEFG'))).toEqual({ ok: false, reason: 'format' });
  });
  it('12 and 31 are valid month and day', () => {
    expect(parseReceiptNumber(formatReceiptNumber('2026-12-31', 'ABCDEFG')).ok).toBe(true);
    expect(parseReceiptNumber(formatReceiptNumber('2026-01-01', 'ABCDEFG')).ok).toBe(true);
  });
  it('random parts must be 7 base-32 characters; dates 8 digits', () => {
    expect(() => formatReceiptNumber('2026-12-01', 'ABCDEF')).toThrow(RangeError);
    expect(() => formatReceiptNumber('2026-12-01', 'ABCDEFU')).toThrow(RangeError);
    expect(() => formatReceiptNumber('2026-12-011', 'ABCDEFG')).toThrow(RangeError);
    expect(() => formatReceiptNumber('x2026-12-01', 'ABCDEFG')).toThrow(RangeError);
  });
  it('a receipt with text around it is not a receipt', () => {
    const valid = formatReceiptNumber('2026-12-01', 'ABCDEFG');
    expect(parseReceiptNumber(`X${valid}`).ok).toBe(false);
    expect(parseReceiptNumber(`${valid}X`).ok).toBe(false);
  });
});
