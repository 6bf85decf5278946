/**
 * Values that go into mail headers (subject, addresses) come from content and
 * from the public. A line break there would let a sender add headers (Bcc:…),
 * so every header value passes through here, whatever validation ran before.
 */

import { withoutBidiControls } from './visible-text.ts';

/**
 * One line: CR, LF, other control characters and Unicode line separators
 * become spaces; bidirectional controls are dropped (they make a subject or a
 * file name read differently from what it is).
 */
export function headerLine(value: string, maxChars = 200): string {
  const line = withoutBidiControls(value)
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return [...line].slice(0, maxChars).join('');
}

const ADDRESS_RE = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** A bare address safe for To:/From:, or null. No display names from the public. */
export function safeAddress(value: string): string | null {
  return ADDRESS_RE.test(value) && !/[\r\n]/.test(value) ? value : null;
}
