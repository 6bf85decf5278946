/**
 * The editors' guide stays true to the code: its complete examples pass the
 * content check, and its field tables name every field the schemas accept.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkContent } from '../../src/build/check-content.ts';
import { readEntries } from '../../src/build/content-files.ts';
import { channelsSchema, consultationSchema, postalChannel } from '../../src/schemas/consultation.ts';
import { feedbackSchema, RECEIPT_CHANNELS, viewpointSchema } from '../../src/schemas/feedback.ts';
import { LIFECYCLE_STAGES } from '../../src/schemas/consultation.ts';
import { CONSULTATION_KINDS } from '../../src/lib/comment-window.ts';
import { DISPOSITIONS } from '../../src/schemas/feedback.ts';
import { ATTACHMENT_FORMATS } from '../../src/schemas/fields.ts';

const REPO = resolve(import.meta.dirname, '../..');
const GUIDE = readFileSync(join(REPO, 'docs/editing-guide.md'), 'utf8');

/** `<!-- example: path -->` followed by a fenced block: a complete file. */
function examples(): { path: string; text: string }[] {
  const found = [...GUIDE.matchAll(/<!-- example: (\S+) -->\n```markdown\n([\s\S]*?)\n```\n/g)];
  return found.map((m) => ({ path: m[1] ?? '', text: `${m[2] ?? ''}\n` }));
}

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('docs/editing-guide.md', () => {
  it('has a complete example of a consultation and of a feedback report', () => {
    const paths = examples().map((e) => e.path);
    expect(paths.some((p) => p.startsWith('content/consultations/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('content/feedback/'))).toBe(true);
  });

  it('examples pass the content check and are published (not drafts)', () => {
    const root = mkdtempSync(join(tmpdir(), 'gongkai-guide-'));
    roots.push(root);
    // The sample content supplies the departments, policy areas and attachments the examples name.
    cpSync(join(REPO, 'content'), join(root, 'content'), { recursive: true });
    cpSync(join(REPO, 'public/files'), join(root, 'public/files'), { recursive: true });
    const written = examples();
    for (const e of written) writeFileSync(join(root, e.path), e.text);
    const ofExamples = checkContent(root).filter((p) => written.some((e) => e.path === p.file));
    expect(ofExamples).toEqual([]);
    for (const e of written) {
      const folder = e.path.replace(/\/[^/]+$/, '');
      const id = e.path.replace(/^.*\/|\.mdx?$/g, '');
      const data = readEntries(root, folder).find((f) => f.id === id)?.data;
      const schema = folder.endsWith('feedback') ? feedbackSchema : consultationSchema;
      expect(schema.parse(data).draft, e.path).toBe(false);
    }
  });

  it('documents every field the schemas accept', () => {
    const fields = [
      ...Object.keys(consultationSchema.shape),
      ...Object.keys(channelsSchema.shape).map((k) => `channels.${k}`),
      'basis.text',
      'basis.links',
      ...Object.keys(feedbackSchema.shape),
      ...Object.keys(viewpointSchema.shape).map((k) => `viewpoints.${k}`),
    ];
    for (const field of fields) expect(GUIDE, field).toContain(`| \`${field}\` |`);
    for (const key of [...Object.keys(postalChannel.shape), ...RECEIPT_CHANNELS]) expect(GUIDE, key).toContain(`\`${key}\``);
  });

  it('lists exactly the allowed values', () => {
    for (const value of [...LIFECYCLE_STAGES, ...CONSULTATION_KINDS, ...DISPOSITIONS]) expect(GUIDE).toContain(`\`${value}\``);
    for (const ext of Object.keys(ATTACHMENT_FORMATS)) expect(GUIDE).toContain(`\`${ext}\``);
  });
});
