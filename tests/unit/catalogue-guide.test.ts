/**
 * docs/catalogue-guide.md stays true to the code: its complete example passes
 * the catalogue check, its service-guide block passes the schema, its tables
 * name every field the schemas accept, and its 索引号 example follows the rule.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCatalogue } from '../../src/build/check-catalogue.ts';
import { CONTENT_PATHS } from '../../src/build/content-paths.ts';
import { readDataMap } from '../../src/build/content-files.ts';
import { catalogueItemSchema, organisationNodeSchema, topicNodeSchema, serviceGuideSchema, CATALOGUE_KINDS, VALIDITIES } from '../../src/schemas/catalogue.ts';
import { formatIndexNumber } from '../../src/lib/catalogue-index-number.ts';
import { CATALOGUE_PAGE_SIZE, PREVIEW_SIZE } from '../../src/lib/catalogue-listing.ts';
import { FEED_ITEM_COUNT } from '../../src/lib/catalogue-open-data.ts';

const REPO = resolve(import.meta.dirname, '../..');
const GUIDE = readFileSync(join(REPO, 'docs/catalogue-guide.md'), 'utf8');
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

const fieldsInTables = new Set([...GUIDE.matchAll(/^\| `([a-zA-Z]+)` \|/gm)].map((m) => m[1]));

describe('docs/catalogue-guide.md', () => {
  it('has a complete item example that passes the catalogue check', () => {
    const examples = [...GUIDE.matchAll(/<!-- example: (\S+) -->\n```markdown\n([\s\S]*?)\n```\n/g)];
    expect(examples.length).toBeGreaterThan(0);
    const root = mkdtempSync(join(tmpdir(), 'gongkai-catalogue-guide-'));
    roots.push(root);
    cpSync(join(REPO, 'content'), join(root, 'content'), { recursive: true });
    cpSync(join(REPO, 'public/files'), join(root, 'public/files'), { recursive: true });
    for (const [, path, text] of examples) writeFileSync(join(root, path!), `${text}\n`);
    const departments = new Set(readDataMap(root, CONTENT_PATHS.departments).entries.keys());
    const problems = checkCatalogue(root, CONTENT_PATHS, departments);
    expect(problems.map((p) => p.text)).toEqual([]);
  });

  it('shows a service guide that the schema accepts', () => {
    const block = /```yaml\n(guide:[\s\S]*?)\n```/.exec(GUIDE)?.[1];
    const parsed = serviceGuideSchema.safeParse((yaml.load(block ?? '') as { guide: unknown }).guide);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it('describes every field of items, service guides and tree nodes', () => {
    const fields = [
      ...Object.keys(catalogueItemSchema.shape),
      ...Object.keys(topicNodeSchema.shape),
      ...Object.keys(organisationNodeSchema.shape),
    ];
    for (const f of fields) expect(fieldsInTables.has(f) || GUIDE.includes(`\`${f}\``), f).toBe(true);
    for (const f of Object.keys(serviceGuideSchema.shape)) expect(GUIDE).toContain(`\`${f}\``);
    for (const k of [...CATALOGUE_KINDS, ...VALIDITIES]) expect(GUIDE).toContain(k);
  });

  it('states the numbers the code uses', () => {
    expect(GUIDE).toContain(formatIndexNumber('100000001', 2020, 3));
    expect(GUIDE).toContain(`每页 ${CATALOGUE_PAGE_SIZE} 条`);
    expect(GUIDE).toContain(`最新公开的 ${PREVIEW_SIZE} 条`);
    expect(GUIDE).toContain(`最新公开的 ${FEED_ITEM_COUNT} 条`);
  });
});
