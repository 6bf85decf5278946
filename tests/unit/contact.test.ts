import { describe, expect, it } from 'vitest';
import { telHref } from '../../src/lib/contact.ts';

describe('telHref', () => {
  it('keeps only what a phone dials', () => {
    expect(telHref('010-12345678')).toBe('tel:01012345678');
    expect(telHref('(010) 1234 5678')).toBe('tel:01012345678');
    expect(telHref('（010）1234 5678')).toBe('tel:01012345678');
    expect(telHref('+86 10 1234-5678')).toBe('tel:+861012345678');
    expect(telHref('12345')).toBe('tel:12345');
  });

  it('takes the first number when the text adds office hours', () => {
    expect(telHref('010-12345678（工作日9:00—17:00）')).toBe('tel:01012345678');
    expect(telHref('咨询电话 12345')).toBe('tel:12345');
  });

  it('gives no link for text that is not a number', () => {
    expect(telHref('见官网')).toBeUndefined();
    expect(telHref('--')).toBeUndefined();
    expect(telHref('9:00')).toBeUndefined();
  });
});
