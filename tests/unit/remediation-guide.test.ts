/**
 * docs/remediation-guide.md stays true to the code: its complete examples pass
 * the remediation checks, and it names every field the schemas accept.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRemediation } from '../../src/build/check-remediation.ts';
import { CONTENT_PATHS } from '../../src/build/content-paths.ts';
import {
  measurementSchema,
  milestoneSchema,
  remediationPostSchema,
  remediationProjectSchema,
  satisfactionSurveySchema,
  waterBodySchema,
} from '../../src/schemas/remediation.ts';
import { QUANTITY_ITEMS, QUANTITY_UNITS } from '../../src/lib/remediation.ts';
import { PHASES } from '../../src/lib/remediation-progress.ts';

const REPO = resolve(import.meta.dirname, '../..');
const GUIDE = readFileSync(join(REPO, 'docs/remediation-guide.md'), 'utf8');
const GOOD = join(REPO, 'tests/fixtures/remediation-good');

const examples = [...GUIDE.matchAll(/<!-- example: (\S+) -->\n```markdown\n([\s\S]*?)\n```\n/g)].map((m) => ({ path: m[1]!, text: `${m[2]!}\n` }));

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('docs/remediation-guide.md', () => {
  it('has a complete example of a water body, a progress post and a survey', () => {
    expect(examples.map((e) => e.path.split('/')[2])).toEqual(['water-bodies', 'posts', 'surveys']);
  });

  it('its examples pass the checks', () => {
    const root = mkdtempSync(join(tmpdir(), 'gongkai-remediation-guide-'));
    roots.push(root);
    cpSync(GOOD, root, { recursive: true });
    for (const e of examples) writeFileSync(join(root, e.path), e.text);
    expect(checkRemediation(root, CONTENT_PATHS, new Set(['nj-zjj', 'nj-szq'])).map((p) => p.text)).toEqual([]);
  });

  it('names every field of every schema', () => {
    const shapes = [remediationProjectSchema, waterBodySchema, milestoneSchema, remediationPostSchema, measurementSchema, satisfactionSurveySchema];
    const missing = shapes.flatMap((s) => Object.keys(s.shape)).filter((field) => !new RegExp(`\\b${field}\\b`).test(GUIDE));
    expect(missing).toEqual([]);
  });

  it('names every phase and every works item with its unit', () => {
    for (const p of PHASES) expect(GUIDE).toContain(p);
    for (const i of QUANTITY_ITEMS) expect(GUIDE).toContain(`${i}（${QUANTITY_UNITS[i]}）`);
  });
});
