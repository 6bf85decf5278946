import { describe, expect, it } from 'vitest';
import { navCurrent } from '../../src/lib/navigation.ts';

const nav = ['/', '/consultations/', '/feedback/', '/scoreboard/'];

describe('navCurrent', () => {
  it('marks the item of the page itself as the current page', () => {
    expect(navCurrent(nav, '/consultations/')).toEqual({ href: '/consultations/', kind: 'page' });
    expect(navCurrent(nav, '/')).toEqual({ href: '/', kind: 'page' });
  });

  it('marks the section of a page below an item', () => {
    expect(navCurrent(nav, '/consultations/renfang/')).toEqual({ href: '/consultations/', kind: 'true' });
    expect(navCurrent(nav, '/consultations/status/open/')).toEqual({ href: '/consultations/', kind: 'true' });
  });

  it('never puts every page under the home item', () => {
    expect(navCurrent(nav, '/accessibility/')).toBeUndefined();
    expect(navCurrent(nav, '/404.html')).toBeUndefined();
  });

  it('does not match a section by a mere name prefix', () => {
    expect(navCurrent(nav, '/feedback-archive/')).toBeUndefined();
    expect(navCurrent(['/feedback'], '/feedbacks/')).toBeUndefined();
    expect(navCurrent(['/feedback'], '/feedback/x/')).toEqual({ href: '/feedback', kind: 'true' });
  });

  it('prefers the deepest matching item', () => {
    const deep = ['/consultations/', '/consultations/status/open/'];
    expect(navCurrent(deep, '/consultations/status/open/')).toEqual({ href: '/consultations/status/open/', kind: 'page' });
    expect(navCurrent(['/consultations/', '/consultations/archive/'], '/consultations/archive/2025/')).toEqual({
      href: '/consultations/archive/',
      kind: 'true',
    });
    expect(navCurrent(['/consultations/archive/', '/consultations/'], '/consultations/archive/2025/')?.href).toBe('/consultations/archive/');
  });

  it('ignores query strings and fragments, and a missing trailing slash', () => {
    expect(navCurrent(nav, '/feedback?page=2')).toEqual({ href: '/feedback/', kind: 'page' });
    expect(navCurrent(nav, '/scoreboard/#2026')).toEqual({ href: '/scoreboard/', kind: 'page' });
  });
});
