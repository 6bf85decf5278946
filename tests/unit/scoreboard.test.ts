import { describe, expect, it } from 'vitest';
import { computeScoreboard, formatRate, type ScoreboardConsultation } from '../../src/lib/scoreboard.ts';
import { endOfShanghaiDay, shanghaiWallClock } from '../../src/lib/time.ts';

const NOW = new Date('2026-11-28T10:00:00+08:00');

/** A consultation open from 30 days before its closing day until the end of that day. */
function consultation(id: string, department: string, closingDay: string, feedbackPublished?: string, feedbackDays = 30): ScoreboardConsultation {
  const closes = endOfShanghaiDay(closingDay);
  return { id, department, clock: { opens: new Date(closes.getTime() - 30 * 86_400_000), closes, feedbackPublished, feedbackDays } };
}

function only(c: ScoreboardConsultation, now = NOW) {
  const board = computeScoreboard([c], [c.department], now);
  return { board, row: board.rows[0], score: board.departments[0] };
}

describe('computeScoreboard', () => {
  it('counts a report published on the due date as on time', () => {
    // Closed 2026-09-01, due 2026-10-01 (30 days later), published that very day.
    const { row, score } = only(consultation('a', 'd1', '2026-09-01', '2026-10-01'));
    expect(row?.dueDate).toBe('2026-10-01');
    expect(row?.result).toBe('on-time');
    expect(row?.publishedOn).toBe('2026-10-01');
    expect(score).toMatchObject({ closed: 1, onTime: 1, late: 0, overdue: 0, awaiting: 0, onTimeRate: 1 });
  });

  it('counts a report published one day after the due date as late', () => {
    const { row, score } = only(consultation('a', 'd1', '2026-09-01', '2026-10-02'));
    expect(row?.result).toBe('late');
    expect(row?.timing).toMatchObject({ kind: 'published-late', daysLate: 1 });
    expect(score).toMatchObject({ closed: 1, onTime: 0, late: 1, overdue: 0, awaiting: 0, onTimeRate: 0 });
  });

  it('counts a closed consultation past its due date without a report as overdue now', () => {
    const { row, score } = only(consultation('a', 'd1', '2026-09-01'));
    expect(row?.result).toBe('overdue');
    expect(row?.publishedOn).toBeUndefined();
    expect(row?.timing).toMatchObject({ kind: 'overdue', daysLate: 58 });
    expect(score).toMatchObject({ closed: 1, overdue: 1, onTimeRate: 0 });
  });

  it('is not overdue on the due date itself, only from the next day', () => {
    // Closed 2026-10-29 → due 2026-11-28, which is NOW's day.
    expect(only(consultation('a', 'd1', '2026-10-29')).row?.result).toBe('awaiting');
    expect(only(consultation('a', 'd1', '2026-10-28')).row?.result).toBe('overdue');
  });

  it('treats a report dated after now as not yet published', () => {
    // Within the period: awaiting, and the future report does not count as on time.
    const within = only(consultation('a', 'd1', '2026-11-20', '2026-12-01'));
    expect(within.row?.result).toBe('awaiting');
    expect(within.row?.publishedOn).toBeUndefined();
    expect(within.score).toMatchObject({ closed: 1, onTime: 0, awaiting: 1, onTimeRate: null });
    // Past the due date: overdue now, whatever date the (future) report carries.
    const past = only(consultation('b', 'd1', '2026-09-01', '2026-12-01'));
    expect(past.row?.result).toBe('overdue');
  });

  it('counts a report published today as published', () => {
    const { row } = only(consultation('a', 'd1', '2026-11-20', '2026-11-28'));
    expect(row?.result).toBe('on-time');
    expect(row?.publishedOn).toBe('2026-11-28');
  });

  it('leaves out consultations not yet closed, including one closing later today and one not yet open', () => {
    const closingToday = consultation('today', 'd1', '2026-11-28');
    const upcoming: ScoreboardConsultation = {
      id: 'later',
      department: 'd1',
      clock: { opens: shanghaiWallClock(2026, 12, 1), closes: endOfShanghaiDay('2026-12-31'), feedbackDays: 30 },
    };
    const board = computeScoreboard([closingToday, upcoming], ['d1'], NOW);
    expect(board.rows).toEqual([]);
    expect(board.departments[0]).toMatchObject({ closed: 0, onTime: 0, late: 0, overdue: 0, awaiting: 0, onTimeRate: null });
    // One millisecond after the close it counts.
    const justAfter = new Date(closingToday.clock.closes.getTime() + 1);
    expect(computeScoreboard([closingToday], ['d1'], justAfter).rows.map((r) => r.id)).toEqual(['today']);
  });

  it('uses the feedback period of each consultation', () => {
    // With 15 days, a report 20 days after the close is late.
    const { row } = only(consultation('a', 'd1', '2026-09-01', '2026-09-21', 15));
    expect(row?.dueDate).toBe('2026-09-16');
    expect(row?.result).toBe('late');
  });

  it('lists every department in the given order, also those with nothing closed, then unknown ones', () => {
    const board = computeScoreboard(
      [consultation('x', 'stray', '2026-09-01', '2026-09-05'), consultation('y', 'd2', '2026-09-01')],
      ['d1', 'd2'],
      NOW,
    );
    expect(board.departments.map((d) => d.department)).toEqual(['d1', 'd2', 'stray']);
    expect(board.departments[0]).toMatchObject({ closed: 0, onTimeRate: null });
  });

  it('adds up departments into the total and computes the rate over decided consultations only', () => {
    const board = computeScoreboard(
      [
        consultation('on1', 'd1', '2026-08-01', '2026-08-20'),
        consultation('on2', 'd1', '2026-08-02', '2026-09-01'),
        consultation('late', 'd1', '2026-08-03', '2026-09-10'),
        consultation('over', 'd2', '2026-08-04'),
        consultation('wait', 'd2', '2026-11-15'),
        consultation('open', 'd2', '2026-12-15'),
      ],
      ['d1', 'd2'],
      NOW,
    );
    const [d1, d2] = board.departments;
    expect(d1).toMatchObject({ closed: 3, onTime: 2, late: 1, overdue: 0, awaiting: 0 });
    expect(d1?.onTimeRate).toBeCloseTo(2 / 3);
    expect(d2).toMatchObject({ closed: 2, onTime: 0, late: 0, overdue: 1, awaiting: 1, onTimeRate: 0 });
    expect(board.total).toMatchObject({ closed: 5, onTime: 2, late: 1, overdue: 1, awaiting: 1 });
    expect(board.total.onTimeRate).toBeCloseTo(2 / 4);
    // Most recently closed first.
    expect(board.rows.map((r) => r.id)).toEqual(['wait', 'over', 'late', 'on2', 'on1']);
  });
});

describe('formatRate', () => {
  it('formats percentages with at most one decimal, and a dash when nothing is decided', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(2 / 3)).toBe('66.7%');
    expect(formatRate(0.5)).toBe('50%');
    expect(formatRate(0.9996)).toBe('100%');
  });
});
