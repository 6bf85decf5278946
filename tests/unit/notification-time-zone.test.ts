/**
 * Notifications must come out the same whatever the machine's time zone
 * (Netlify runs in UTC, an operator's laptop in Beijing or abroad). Vitest runs
 * in one process, so other zones are tried in child processes: the pure plan
 * and wording (probe), and the operator script end to end — a dry run and a
 * real run writing .eml files.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { probe } from '../fixtures/notification-probe.ts';
import { lifeData } from '../fixtures/notification-life.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const PROBE = resolve(ROOT, 'tests/fixtures/notification-probe.ts');
const SCRIPT = resolve(ROOT, 'scripts/notify.ts');
const ZONES: [string, number][] = [
  ['UTC', 0],
  ['America/Los_Angeles', 480],
  ['Asia/Shanghai', -480],
  ['Pacific/Kiritimati', -840],
];

const work = mkdtempSync(join(tmpdir(), 'gongkai-notify-tz-'));
const dataFile = join(work, 'consultations.json');
writeFileSync(dataFile, JSON.stringify(lifeData()));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function childEnv(tz: string, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: tz, GONGKAI_DATA_DIR: dataDir, GONGKAI_MAIL_LOG: '0', MAIL_FROM: 'noreply@gongkai.test.example', SITE_URL: 'https://gongkai.test.example' };
  for (const k of ['SMTP_URL', 'NETLIFY_SITE_ID', 'NETLIFY_AUTH_TOKEN', 'GONGKAI_CONSULTATIONS_FILE', 'GONGKAI_STORE_PREFIX', 'NETLIFY_BLOBS_CONTEXT']) delete env[k];
  return env;
}

describe('the plan and the wording do not depend on the machine time zone', () => {
  const inProcess = probe();

  it('computes the expected Beijing-time answers in this process', () => {
    expect(inProcess.days['2027-03-13']).toEqual(['water-rules/closing-reminder/7/2027-03-20 7', 'water-rules/alert-opened/0/2027-03-01 -12']);
    // 23:59:59.999 on 28 Feb is still the day before opening; one millisecond later it is 1 March in Beijing.
    expect(inProcess.aroundMidnight.map((r) => r.date)).toEqual(['2027-02-28', '2027-03-01', '2027-03-17']);
    expect(inProcess.aroundMidnight[0]!.keys).toEqual(['water-rules/opening-reminder/3/2027-03-01']);
    expect(inProcess.aroundMidnight[1]!.keys).toEqual(['water-rules/alert-opened/0/2027-03-01']);
    expect(inProcess.mails.some((m) => m.text.includes('将于2027年3月20日 23:59截止（7天后）'))).toBe(true);
    expect(inProcess.mails.at(-1)!.text).toContain('请在2027年3月1日 00:30前');
  });

  it.each(ZONES)('gives the same results under TZ=%s', (tz, offsetMinutes) => {
    const out = JSON.parse(execFileSync(process.execPath, [PROBE], { env: { ...process.env, TZ: tz }, encoding: 'utf8' })) as { zone: { offsetMinutes: number }; results: unknown };
    expect(out.zone.offsetMinutes).toBe(offsetMinutes);
    expect(out.results).toEqual(inProcess);
  });
});

describe('scripts/notify.ts gives the same answers in every zone', () => {
  it('--dry-run --date lists the same notifications', () => {
    const outputs = ZONES.map(([tz]) => execFileSync(process.execPath, [SCRIPT, '--dry-run', '--date', '2027-03-17', '--data', dataFile], { env: childEnv(tz, join(work, `dry-${tz.replace('/', '-')}`)), encoding: 'utf8', cwd: ROOT }));
    expect(outputs[0]).toContain('closing-reminder  water-rules');
    expect(outputs[0]).toContain('原因 / why: 2027-03-20 截止，提前 7 天提醒承办部门（还有 3 天）');
    expect(outputs[0]).toContain('原因 / why: 2027-03-20 截止，提前 3 天提醒订阅者（还有 3 天）');
    for (const o of outputs) expect(o).toBe(outputs[0]);
  });

  it('a real run writes the same mails (.eml without SMTP), and a second run writes none', async () => {
    const results: string[][] = [];
    for (const [tz] of ZONES.slice(0, 2)) {
      const dir = join(work, `run-${tz.replace('/', '-')}`);
      execFileSync(process.execPath, [SCRIPT, '--date', '2027-04-20', '--data', dataFile], { env: childEnv(tz, dir), encoding: 'utf8', cwd: ROOT });
      const again = execFileSync(process.execPath, [SCRIPT, '--date', '2027-04-20', '--data', dataFile], { env: childEnv(tz, dir), encoding: 'utf8', cwd: ROOT });
      expect(again).toContain('发出 0 封，已发送过 2 封');
      const files = readdirSync(join(dir, 'outbox-mail')).sort();
      const parsed = await Promise.all(files.map(async (f) => simpleParser(readFileSync(join(dir, 'outbox-mail', f)))));
      results.push(parsed.map((m, i) => `${files[i]}\n${m.date?.toISOString()}\n${m.subject}\n${m.text}`));
    }
    expect(results[0]).toHaveLength(2);
    expect(results[0]![0]).toContain('notify.water-rules.feedback-overdue.-1.20270419.department.eml');
    expect(results[0]![0]).toContain('截至2027年4月20日，网站尚未发布该说明，已逾期1天');
    expect(results[1]).toEqual(results[0]);
  });
});
