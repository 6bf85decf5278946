/**
 * No personal data in the build output: every HTML, JSON, XML, iCalendar,
 * JavaScript, CSV and text file is scanned for e-mail addresses and Chinese
 * phone numbers other than the public contacts the site declares
 * (content/site.yaml, content/departments.yaml, and the channels and contacts
 * in content pages' front matter and data files). Rules in src/lib/pii-scan.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { declaredContactStrings, findUndeclaredPersonalData, publicContactSet, scannableText } from '../../src/lib/pii-scan.ts';
import type { VerifyFailure } from '../../src/lib/verify-report.ts';
import type { Site } from './site.ts';

const SCANNED = /\.(html?|json|xml|ics|m?js|csv|txt|webmanifest)$/i;
/**
 * Pagefind's own bundle: the library's code (its translators' credits), not site content; its index mirrors
 * the scanned HTML. License notices of bundled libraries (the web editor's) name those libraries' authors.
 */
const NOT_SCANNED = /^pagefind\/|\.LICENSE\.txt$/;

function frontMatter(text: string): unknown {
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  return m ? yaml.load(m[1]!) : undefined;
}

/** Every declared public contact (addresses and numbers) of the content tree. */
export function declaredPublicContacts(contentRoot: string): { contacts: Set<string>; sources: number } {
  const strings: string[] = [];
  let sources = 0;
  for (const file of readdirSync(contentRoot, { recursive: true, encoding: 'utf8' })) {
    const rel = file.split('\\').join('/');
    const path = join(contentRoot, file);
    let data: unknown;
    try {
      if (/\.ya?ml$/i.test(rel)) data = yaml.load(readFileSync(path, 'utf8'));
      else if (/\.mdx?$/i.test(rel)) data = frontMatter(readFileSync(path, 'utf8'));
      else continue;
    } catch {
      continue; // The content check reports malformed files; the build would have failed.
    }
    if (data === undefined) continue;
    sources++;
    // site.yaml and departments.yaml are directories of public contacts as a whole.
    strings.push(...declaredContactStrings(data, rel === 'site.yaml' || rel === 'departments.yaml'));
  }
  return { contacts: publicContactSet(strings), sources };
}

export function scanForPersonalData(site: Site, contentRoot: string): { files: number; declared: number; failures: VerifyFailure[] } {
  const { contacts } = declaredPublicContacts(contentRoot);
  const failures: VerifyFailure[] = [];
  let files = 0;
  for (const file of site.files) {
    if (!SCANNED.test(file) || NOT_SCANNED.test(file)) continue;
    files++;
    const text = scannableText(file, readFileSync(join(site.dir, file), 'utf8'), new URL(site.siteUrl).host);
    const seen = new Set<string>();
    for (const f of findUndeclaredPersonalData(text, contacts)) {
      if (seen.has(f.normalized)) continue;
      seen.add(f.normalized);
      const page = `/${file.replace(/(^|\/)index\.html$/, '$1')}`;
      failures.push({ page, rule: `personal-data:${f.kind}`, detail: `${f.value} (line ${f.line}) not declared as a public contact — “${f.context}”` });
    }
  }
  return { files, declared: contacts.size, failures };
}
