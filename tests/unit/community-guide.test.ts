/** docs/community-guide.md stays true to the code: its complete examples pass the community checks. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCommunity } from '../../src/build/check-community.ts';
import { CONTENT_PATHS } from '../../src/build/content-paths.ts';
import { readDataMap } from '../../src/build/content-files.ts';
import { DISCLOSURE_FREQUENCY_NAMES, DISCLOSURE_METHODS, COMMUNITY_NOTICE_KINDS, RESERVED_COMMUNITY_IDS } from '../../src/lib/community/community.ts';

const REPO = resolve(import.meta.dirname, '../..');
const GUIDE = readFileSync(join(REPO, 'docs/community-guide.md'), 'utf8');
const examples = [...GUIDE.matchAll(/<!-- example: (\S+) -->\n```markdown\n([\s\S]*?)\n```\n/g)].map((m) => ({ path: m[1]!, text: `${m[2]!}\n` }));

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('docs/community-guide.md', () => {
  it('has a complete example of a community, a disclosure item, a service item and a notice', () => {
    expect(examples.map((e) => e.path.split('/')[2])).toEqual(['communities', 'disclosure', 'services', 'notices']);
  });

  it('its examples pass the checks', () => {
    const root = mkdtempSync(join(tmpdir(), 'gongkai-community-guide-'));
    roots.push(root);
    cpSync(join(REPO, CONTENT_PATHS.catalogueItems), join(root, CONTENT_PATHS.catalogueItems), { recursive: true });
    for (const e of examples) {
      mkdirSync(dirname(join(root, e.path)), { recursive: true });
      writeFileSync(join(root, e.path), e.text);
    }
    const problems = checkCommunity(root, CONTENT_PATHS, new Set(readDataMap(REPO, CONTENT_PATHS.departments).entries.keys()), '2026-11-28');
    expect(problems.map((p) => p.text)).toEqual([]);
  });

  it('names every time limit, method, notice kind and reserved file name', () => {
    for (const word of [...DISCLOSURE_FREQUENCY_NAMES, ...DISCLOSURE_METHODS, ...COMMUNITY_NOTICE_KINDS, ...RESERVED_COMMUNITY_IDS]) expect(GUIDE).toContain(word);
  });
});
