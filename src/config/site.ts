/** Reads and validates content/site.yaml once per process (build, scripts, local server). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yaml from 'js-yaml';
import { siteSchema, type SiteConfig } from '../schemas/site.ts';
import { formatIssues } from '../schemas/report.ts';

export const SITE_CONFIG_FILE = 'content/site.yaml';

let cached: SiteConfig | undefined;

export function loadSiteConfig(root = process.cwd()): SiteConfig {
  if (cached && root === process.cwd()) return cached;
  const file = resolve(root, SITE_CONFIG_FILE);
  const result = siteSchema.safeParse(yaml.load(readFileSync(file, 'utf8')));
  if (!result.success) {
    throw new Error(formatIssues(SITE_CONFIG_FILE, result.error.issues).map((p) => p.text).join('\n'));
  }
  if (root === process.cwd()) cached = result.data;
  return result.data;
}
