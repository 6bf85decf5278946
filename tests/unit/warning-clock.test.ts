/**
 * What the browser recomputes and reads: /notices/active.json, the banner's
 * markup (hostile text escaped), banner entries hidden at expiry, the timer to the
 * next change, and a warning page's badge moving 生效中 → 已过期.
 */
import { describe, expect, it } from 'vitest';
import { parse, type HTMLElement } from 'node-html-parser';
import { activeWarningsFile, bannerWording, type ActiveWarning } from '../../src/lib/active-warnings.ts';
import { alertBannerFile, alertBannerItems } from '../../src/lib/alert-banner-markup.ts';
import { MAX_TIMER_MS, liveWarningStatus, msUntilNextChange, showInBanner, timedWarningFromDataset } from '../../src/lib/warning-clock.ts';
import { endOfShanghaiDay, shanghaiWallClock, toShanghaiIso } from '../../src/lib/time.ts';

const at = (d: number, h: number, mi = 0) => shanghaiWallClock(2026, 11, d, h, mi);
const coldWave: ActiveWarning = {
  id: 'hanchao',
  title: '歙县气象台发布寒潮蓝色预警信号',
  level: '蓝色',
  name: '寒潮蓝色预警',
  issuerName: '歙县气象局',
  issued: at(28, 6),
  validUntil: at(30, 8),
  path: '/notices/hanchao/',
};
const storm: ActiveWarning = { ...coldWave, id: 'baoyu', level: '橙色', name: '暴雨橙色预警', issued: at(28, 7), validUntil: endOfShanghaiDay('2026-11-28'), path: '/notices/baoyu/' };

describe('active.json', () => {
  it('lists the warnings most severe first, keeping an end-of-day validity to the millisecond', () => {
    const file = activeWarningsFile([coldWave, storm], at(28, 10));
    expect(file.version).toBe(1);
    expect(file.generated).toBe('2026-11-28T10:00:00+08:00');
    expect(file.warnings.map((w) => w.id)).toEqual(['baoyu', 'hanchao']);
    expect(file.warnings[0]!.validUntil).toBe('2026-11-28T23:59:59.999+08:00');
    expect(file.warnings[1]).toEqual({ ...coldWave, issued: '2026-11-28T06:00:00+08:00', validUntil: '2026-11-30T08:00:00+08:00' });
  });
});

describe('banner markup (built into pages and into /notices/alert-banner.json)', () => {
  const attributes = (li: HTMLElement) => ({ warningId: li.getAttribute('data-warning-id'), level: li.getAttribute('data-level'), issued: li.getAttribute('data-issued'), validUntil: li.getAttribute('data-valid-until') });

  it('renders one entry per warning, in the order given, with the data the browser reads back', () => {
    const list = parse(`<ul>${alertBannerItems([storm, coldWave], at(28, 10))}</ul>`).querySelectorAll('li');
    expect(list.map((li) => li.getAttribute('data-warning-id'))).toEqual(['baoyu', 'hanchao']);
    const li = list[1]!;
    expect(timedWarningFromDataset(attributes(li))).toEqual({ id: 'hanchao', level: '蓝色', issued: coldWave.issued, validUntil: coldWave.validUntil });
    expect(li.querySelector('a')?.getAttribute('href')).toBe('/notices/hanchao/');
    expect(li.querySelector('.level-badge')?.getAttribute('class')).toBe('level-badge level-badge--blue');
    expect(li.text).toBe('蓝色预警 歙县气象局11月28日 06:00发布寒潮蓝色预警 （有效期至11月30日 08:00）');
  });

  it('escapes what editors wrote', () => {
    const hostile = { ...coldWave, id: 'x"><img src=x onerror=alert(1)>', issuerName: '<script>alert(1)</script>', name: '寒潮"预警' };
    const doc = parse(`<ul>${alertBannerItems([hostile], at(28, 10))}</ul>`);
    expect(doc.querySelectorAll('script, img')).toHaveLength(0);
    expect(doc.querySelector('li')?.getAttribute('data-warning-id')).toBe(hostile.id);
    expect(doc.querySelector('.alert-banner__text')?.text).toBe('<script>alert(1)</script>11月28日 06:00发布寒潮"预警');
  });

  it('the file the browser reads carries the entries (none when nothing is in force)', () => {
    expect(alertBannerFile([], at(28, 10))).toEqual({ version: 1, generated: '2026-11-28T10:00:00+08:00', html: '' });
    expect(alertBannerFile([coldWave], at(28, 10)).html).toBe(alertBannerItems([coldWave], at(28, 10)));
  });
});

describe('banner wording', () => {
  it('spells out the level, the issuer, the time and the validity', () => {
    expect(bannerWording(coldWave, at(28, 10))).toEqual({
      badge: '蓝色预警',
      text: '歙县气象局11月28日 06:00发布寒潮蓝色预警',
      until: '有效期至11月30日 08:00',
    });
  });
});

describe('banner entries in the browser', () => {
  const dataset = (w: ActiveWarning) => ({ warningId: w.id, level: w.level, issued: toShanghaiIso(w.issued), validUntil: toShanghaiIso(w.validUntil) });

  it('read back from data attributes, refusing malformed ones', () => {
    expect(timedWarningFromDataset(dataset(coldWave))).toEqual({ id: 'hanchao', level: '蓝色', issued: coldWave.issued, validUntil: coldWave.validUntil });
    expect(timedWarningFromDataset({ ...dataset(coldWave), validUntil: 'soon' })).toBeNull();
    expect(timedWarningFromDataset({ ...dataset(coldWave), level: 'red' })).toBeNull();
    expect(showInBanner(null, at(28, 10))).toBe(false);
  });

  it('show until the valid-until instant and hide a millisecond later', () => {
    const w = timedWarningFromDataset(dataset(storm));
    expect(showInBanner(w, endOfShanghaiDay('2026-11-28'))).toBe(true);
    expect(showInBanner(w, shanghaiWallClock(2026, 11, 29))).toBe(false);
  });

  it('set the timer to the next change, capped to what a browser timer accepts', () => {
    const ws = [timedWarningFromDataset(dataset(coldWave)), timedWarningFromDataset(dataset(storm)), null];
    // 10:00 → storm ends after 23:59:59.999, i.e. at 00:00 next day: 14 hours.
    expect(msUntilNextChange(ws, at(28, 10))).toBe(14 * 3600 * 1000);
    expect(msUntilNextChange(ws, shanghaiWallClock(2026, 11, 29))).toBe(32 * 3600 * 1000 + 1);
    expect(msUntilNextChange(ws, at(30, 9))).toBeNull();
    const far = { id: 'x', level: '蓝色' as const, issued: at(28, 0), validUntil: shanghaiWallClock(2027, 6, 1) };
    expect(msUntilNextChange([far], at(28, 10))).toBe(MAX_TIMER_MS);
  });
});

describe('warning page status badge', () => {
  const badge = { status: 'active', issued: toShanghaiIso(coldWave.issued), validUntil: toShanghaiIso(coldWave.validUntil) };

  it('turns 生效中 into 已过期 after the validity, and 未生效 into 生效中 at issue', () => {
    expect(liveWarningStatus(badge, at(30, 8))).toEqual({ status: 'active', label: '生效中', tone: 'danger' });
    expect(liveWarningStatus(badge, at(30, 8, 1))).toEqual({ status: 'expired', label: '已过期', tone: 'neutral' });
    expect(liveWarningStatus({ ...badge, status: 'scheduled' }, at(28, 6))?.label).toBe('生效中');
  });

  it('never revives a warning the build knew was cancelled, updated or expired', () => {
    for (const status of ['cancelled', 'superseded', 'expired', 'cancellation']) {
      expect(liveWarningStatus({ ...badge, status }, at(28, 10))).toBeNull();
    }
    expect(liveWarningStatus({ status: 'active' }, at(28, 10))).toBeNull();
  });
});
