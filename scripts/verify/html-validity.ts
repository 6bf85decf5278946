/**
 * HTML validity with the W3C Nu validator (vnu.jar, Java), run once over the
 * whole built directory (it is slow to start): every HTML page, and the CSS and
 * SVG files too. Errors fail; warnings are reported.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VerifyFailure } from '../../src/lib/verify-report.ts';

interface NuMessage {
  type: 'error' | 'info' | 'non-document-error';
  subType?: string;
  url?: string;
  message: string;
  lastLine?: number;
  extract?: string;
}

/**
 * CSS the validator's CSS checker does not know although a W3C specification
 * defines it. Reported as warnings, with the reason, instead of failing.
 */
export const CSS_VALIDATOR_GAPS: readonly { pattern: RegExp; reason: string }[] = [
  { pattern: /“paint-order”: Property “paint-order” doesn't exist/, reason: 'paint-order is CSS Fill and Stroke Level 3 / SVG 2, unknown to the Nu CSS checker' },
];

export interface HtmlValidityResult {
  files: number;
  errors: VerifyFailure[];
  /** One line per distinct message, with the files it appears in. */
  warnings: string[];
  warningCount: number;
}

/** Why the validator cannot run here, or undefined when it can. */
export function validatorUnavailable(projectRoot: string): string | undefined {
  if (!existsSync(vnuJar(projectRoot))) return 'vnu-jar is not installed (node_modules/vnu-jar/build/dist/vnu.jar missing): run npm ci';
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) return 'Java is missing: install a Java runtime (Debian: apt-get install default-jre-headless)';
  return undefined;
}

const vnuJar = (projectRoot: string) => resolve(projectRoot, 'node_modules/vnu-jar/build/dist/vnu.jar');

function sitePathOfFileUrl(siteDir: string, url: string | undefined): string {
  if (!url) return '(unknown file)';
  const file = url.startsWith('file:') ? fileURLToPath(url) : url;
  const rel = relative(siteDir, file).split('\\').join('/');
  return `/${rel.replace(/(^|\/)index\.html$/, '$1')}`;
}

export async function validateHtml(projectRoot: string, siteDir: string, fileCount: number): Promise<HtmlValidityResult> {
  const child = spawn('java', ['-Xss4m', '-jar', vnuJar(projectRoot), '--format', 'json', '--skip-non-html', '--also-check-css', '--also-check-svg', siteDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let json = '';
  let other = '';
  child.stderr.on('data', (c: Buffer) => {
    json += c.toString('utf8');
  });
  child.stdout.on('data', (c: Buffer) => {
    other += c.toString('utf8');
  });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  let messages: NuMessage[];
  try {
    messages = (JSON.parse(json) as { messages: NuMessage[] }).messages;
  } catch {
    throw new Error(`vnu.jar exited ${code} without its JSON report: ${(json + other).slice(0, 500)}`);
  }
  const errors: VerifyFailure[] = [];
  // The same warning on many pages comes from one template: grouped by message.
  const warned = new Map<string, string[]>();
  const warn = (message: string, page: string) => warned.set(message, [...(warned.get(message) ?? []), page]);
  for (const m of messages) {
    const page = sitePathOfFileUrl(siteDir, m.url);
    const extract = m.extract ? ` — “${m.extract.replace(/\s+/g, ' ').trim().slice(0, 120)}”` : '';
    const gap = CSS_VALIDATOR_GAPS.find((g) => g.pattern.test(m.message));
    if (m.type === 'info') warn(m.message, page);
    else if (gap) warn(`${m.message} (not counted: ${gap.reason})`, page);
    else if (m.subType === 'fatal') continue; // "Cannot recover after last error": the error before it is reported.
    else errors.push({ page, rule: m.type === 'non-document-error' ? 'html:unreadable' : 'html:error', detail: `${m.lastLine ? `line ${m.lastLine}: ` : ''}${m.message}${extract}` });
  }
  const warnings = [...warned].map(([message, pages]) => {
    const unique = [...new Set(pages)];
    return `${message} — ${unique.length} file${unique.length === 1 ? '' : 's'}, e.g. ${unique.slice(0, 3).join(', ')}`;
  });
  return { files: fileCount, errors, warnings, warningCount: [...warned.values()].reduce((n, p) => n + p.length, 0) };
}
