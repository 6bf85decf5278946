/**
 * Attachment links with their format and size, read at build time from the
 * file under public/ (the content check has already made sure it exists).
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ATTACHMENT_FORMATS } from '../schemas/fields.ts';
import { formatFileSize } from '../lib/file-size.ts';

export interface AttachmentLink {
  title: string;
  href: string;
  /** PDF, Word, … */
  format: string;
  /** 1.2 MB; undefined for a file on another site, whose size the build cannot know. */
  size: string | undefined;
  external: boolean;
}

function extensionOf(file: string): string {
  return file.split(/[?#]/)[0]?.split('.').pop()?.toLowerCase() ?? '';
}

export function describeAttachment(
  attachment: { title: string; file: string },
  contentRoot = process.env.GONGKAI_CONTENT_ROOT ?? process.cwd(),
): AttachmentLink {
  const ext = extensionOf(attachment.file);
  const format = (ATTACHMENT_FORMATS as Record<string, string>)[ext] ?? ext.toUpperCase();
  const external = /^https?:\/\//.test(attachment.file);
  let size: string | undefined;
  if (!external) {
    const path = resolve(contentRoot, 'public', `.${decodeURI(attachment.file.split(/[?#]/)[0] ?? '')}`);
    try {
      size = formatFileSize(statSync(path).size);
    } catch (e) {
      throw new Error(`找不到附件文件 public${attachment.file}（${attachment.title}），请把文件放到 public 目录下对应位置`, { cause: e });
    }
  }
  return { title: attachment.title, href: attachment.file, format, size, external };
}
