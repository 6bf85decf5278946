import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeAttachment } from '../../src/build/attachments.ts';

const root = mkdtempSync(join(tmpdir(), 'gongkai-attachments-'));
mkdirSync(join(root, 'public/files/c'), { recursive: true });
writeFileSync(join(root, 'public/files/c/draft.pdf'), Buffer.alloc(2500));
writeFileSync(join(root, 'public/files/c/意见表.docx'), Buffer.alloc(700));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('describeAttachment', () => {
  it('labels the format and reads the size of the file under public/', () => {
    expect(describeAttachment({ title: '征求意见稿', file: '/files/c/draft.pdf' }, root)).toEqual({
      title: '征求意见稿',
      href: '/files/c/draft.pdf',
      format: 'PDF',
      size: '2.4 KB',
      external: false,
    });
  });

  it('finds files whose names are percent-encoded in the link', () => {
    const a = describeAttachment({ title: '意见表', file: `/files/c/${encodeURIComponent('意见表')}.docx` }, root);
    expect([a.format, a.size]).toEqual(['Word', '700 B']);
  });

  it('gives no size for a file on another site', () => {
    expect(describeAttachment({ title: '外部文件', file: 'https://www.gov.cn/a/b.pdf' }, root)).toMatchObject({ format: 'PDF', size: undefined, external: true });
  });

  it('fails the build with a message an editor understands when the file is missing', () => {
    expect(() => describeAttachment({ title: '缺失的附件', file: '/files/c/missing.pdf' }, root)).toThrow('找不到附件文件 public/files/c/missing.pdf（缺失的附件）');
  });
});
