/**
 * public/comments/page.css copies the site's design tokens for the pages the
 * functions answer with (they cannot name build-time assets). The copy must not
 * drift from src/styles/global.css.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Custom properties of the first `:root { … }` block, white space folded. */
function rootTokens(file: string): Map<string, string> {
  const css = readFileSync(resolve(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const block = /:root\s*\{([^}]*)\}/.exec(css)?.[1];
  if (!block) throw new Error(`${file}: no :root block`);
  const tokens = new Map<string, string>();
  for (const m of block.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) tokens.set(m[1]!, m[2]!.replace(/\s+/g, ' ').trim());
  return tokens;
}

describe('function pages use the site tokens', () => {
  const site = rootTokens('src/styles/global.css');
  const copy = rootTokens('public/comments/page.css');

  it('every token of the copy has the value the site gives it (badge colours named without "badge-")', () => {
    expect(copy.size).toBeGreaterThan(10);
    const drift: string[] = [];
    for (const [name, value] of copy) {
      const siteName = site.has(name) ? name : name.replace(/^--/, '--badge-');
      const siteValue = site.get(siteName);
      if (siteValue === undefined) drift.push(`${name}: not in global.css`);
      else if (siteValue !== value) drift.push(`${name}: ${value} ≠ ${siteName} ${siteValue}`);
    }
    expect(drift).toEqual([]);
  });
});
