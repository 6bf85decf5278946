/**
 * What an uploaded attachment really is, decided by its content (magic bytes),
 * never by the file name or the type the browser claims.
 */
import { visibleLength, withoutBidiControls } from './visible-text.ts';

export const ATTACHMENT_KINDS = {
  pdf: { label: 'PDF', extension: 'pdf', mime: 'application/pdf' },
  docx: { label: 'Word', extension: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  doc: { label: 'Word', extension: 'doc', mime: 'application/msword' },
  jpeg: { label: 'JPEG 图片', extension: 'jpg', mime: 'image/jpeg' },
  png: { label: 'PNG 图片', extension: 'png', mime: 'image/png' },
  webp: { label: 'WebP 图片', extension: 'webp', mime: 'image/webp' },
} as const;

export type AttachmentKind = keyof typeof ATTACHMENT_KINDS;

/** For the form's `accept` attribute: a hint only, the server decides by content. */
export const ATTACHMENT_ACCEPT = '.pdf,.doc,.docx,.jpg,.jpeg,.png,.webp,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,image/jpeg,image/png,image/webp';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const utf16le = (s: string) => Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0), 0]));

function startsWith(bytes: Uint8Array, prefix: readonly number[] | Uint8Array, offset = 0): boolean {
  if (bytes.length < offset + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[offset + i] !== prefix[i]) return false;
  return true;
}

/** Index of `needle` in `haystack`, or -1. */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0];
  if (first === undefined) return from;
  let i = haystack.indexOf(first, from);
  while (i !== -1 && i + needle.length <= haystack.length) {
    if (startsWith(haystack, needle, i)) return i;
    i = haystack.indexOf(first, i + 1);
  }
  return -1;
}

const ZIP_LOCAL_HEADER = ascii('PK\x03\x04');
const WORD_MAIN_PART = ascii('word/document.xml');
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** The stream every Word 97–2003 file has (Excel and PowerPoint files do not). */
const WORD_STREAM = utf16le('WordDocument');

export function sniffAttachment(bytes: Uint8Array): AttachmentKind | null {
  if (startsWith(bytes, ascii('%PDF-'))) return 'pdf';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  // A .docx is a zip whose entries include the Word main part; other zips (xlsx, archives) are refused.
  if (startsWith(bytes, ZIP_LOCAL_HEADER) && indexOfBytes(bytes, WORD_MAIN_PART) !== -1) return 'docx';
  if (startsWith(bytes, OLE2) && indexOfBytes(bytes, WORD_STREAM) !== -1) return 'doc';
  return null;
}

/**
 * The file name as staff will see it: no directories, no control characters,
 * at most 100 characters, and an extension that matches the real content.
 */
export function safeAttachmentName(clientName: string, kind: AttachmentKind): string {
  // Bidirectional controls go too: a right-to-left override makes `\u202Efdp.exe` read as `exe.pdf`.
  const base = withoutBidiControls(clientName.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f"<>|:*?]/g, '')
    .trim()
    .replace(/^\.+/, '');
  const extension = ATTACHMENT_KINDS[kind].extension;
  const given = base.replace(/\.[^.]*$/, '');
  const stem = (visibleLength(given) > 0 ? given : '附件').slice(0, 90);
  const givenExtension = /\.([^.]+)$/.exec(base)?.[1]?.toLowerCase();
  const fits = givenExtension === extension || (kind === 'jpeg' && givenExtension === 'jpeg');
  return fits ? `${stem}.${givenExtension}` : `${stem}.${extension}`;
}
