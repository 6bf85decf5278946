/**
 * Limits of a comment and how characters are counted, without dependencies, so
 * the page script can count exactly as the comment function validates.
 */

export const TEXT_MIN_CHARS = 5;
export const TEXT_MAX_CHARS = 5000;
export const NAME_MAX_CHARS = 50;
export const CONTACT_MAX_CHARS = 100;

/**
 * Attachment size cap. Netlify buffers at most 6 MB of request and base64-encodes
 * binary bodies (+33 %): 4 MiB plus the form's text stays below
 * MAX_BINARY_BODY_BYTES, which keeps 256 KiB of that payload free (function-payload.ts).
 */
export const ATTACHMENT_MAX_BYTES = 4 * 1024 * 1024;

/** Number of characters as people count them (code points; a Chinese character is one). */
export function countChars(text: string): number {
  return [...text].length;
}

/** Line ends as one LF; leading and trailing blank space removed. */
export function normaliseText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}
