import { describe, expect, it } from 'vitest';
import { changesAfterBuild, clockAttributes, clockFromDataset } from '../../src/lib/live-clock.ts';
import { endOfShanghaiDay, shanghaiWallClock } from '../../src/lib/time.ts';

/** What the browser's dataset makes of data-* attributes: data-feedback-days → feedbackDays. */
function toDataset(attributes: Record<string, string>): Record<string, string> {
  const dataset: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (!name.startsWith('data-')) continue;
    dataset[name.slice(5).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return dataset;
}

describe('clock attributes', () => {
  it('round-trips a clock, keeping the last millisecond of the closing day', () => {
    const clock = { opens: shanghaiWallClock(2020, 7, 29, 9), closes: endOfShanghaiDay('2020-08-28'), feedbackDays: 30, feedbackPublished: '2020-09-20' };
    const attributes = clockAttributes(clock);
    expect(attributes['data-live-consultation']).toBe('');
    expect(attributes['data-closes']).toBe('2020-08-28T15:59:59.999Z');
    expect(clockFromDataset(toDataset(attributes))).toEqual(clock);
  });

  it('leaves out what the clock does not have', () => {
    const clock = { opens: shanghaiWallClock(2020, 7, 29), closes: endOfShanghaiDay('2020-08-28') };
    const attributes = clockAttributes(clock);
    expect(Object.keys(attributes).sort()).toEqual(['data-closes', 'data-live-consultation', 'data-opens']);
    expect(clockFromDataset(toDataset(attributes))).toEqual(clock);
  });

  it('rejects missing or malformed values instead of guessing', () => {
    const good = { opens: '2020-07-29T01:00:00.000Z', closes: '2020-08-28T15:59:59.999Z' };
    expect(clockFromDataset({})).toBeNull();
    expect(clockFromDataset({ ...good, closes: 'tomorrow' })).toBeNull();
    expect(clockFromDataset({ opens: good.closes, closes: good.opens })).toBeNull();
    expect(clockFromDataset({ ...good, feedbackDays: '30天' })).toBeNull();
    expect(clockFromDataset({ ...good, feedbackPublished: '2020-02-30' })).toBeNull();
  });
});

describe('whether a page needs the live script', () => {
  const clock = { opens: shanghaiWallClock(2020, 7, 29, 9), closes: endOfShanghaiDay('2020-08-28'), feedbackDays: 30 };
  it('is needed while the status or the texts can still change', () => {
    expect(changesAfterBuild(clock, shanghaiWallClock(2020, 7, 1))).toBe(true); // upcoming
    expect(changesAfterBuild(clock, shanghaiWallClock(2020, 8, 1))).toBe(true); // open
    expect(changesAfterBuild(clock, shanghaiWallClock(2020, 9, 1))).toBe(true); // awaiting feedback
    expect(changesAfterBuild(clock, shanghaiWallClock(2021, 1, 1))).toBe(true); // overdue: the days late keep counting
    // Published later than the build: the page still shows it as awaiting.
    expect(changesAfterBuild({ ...clock, feedbackPublished: '2020-09-20' }, shanghaiWallClock(2020, 9, 10))).toBe(true);
  });
  it('is not needed once the feedback is published', () => {
    expect(changesAfterBuild({ ...clock, feedbackPublished: '2020-09-20' }, shanghaiWallClock(2020, 9, 20))).toBe(false);
    expect(changesAfterBuild({ ...clock, feedbackPublished: '2020-10-20' }, shanghaiWallClock(2021, 1, 1))).toBe(false);
  });
});
