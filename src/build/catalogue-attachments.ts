/**
 * Attachment facts for the catalogue's open data: the format label (as the
 * attachment links show it) and the size in bytes of the file under public/.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeAttachment } from './attachments.ts';

export function attachmentFormat(file: string): string {
  return describeAttachment({ title: '', file }).format;
}

/** Bytes of a file under public/; null for a file on another site. */
export function attachmentBytes(file: string, contentRoot = process.env.GONGKAI_CONTENT_ROOT ?? process.cwd()): number | null {
  if (/^https?:\/\//.test(file)) return null;
  return statSync(resolve(contentRoot, 'public', `.${decodeURI(file.split(/[?#]/)[0] ?? '')}`)).size;
}
