/** The report function's real parts: the comment test environment plus a report directory of one water body. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORT_DIRECTORY_VERSION, type ReportDirectory } from '../../src/lib/report-directory.ts';
import { startCommentEnv, type CommentTestEnv } from './comments.ts';

export const REPORT_BASE = 'https://gongkai.test.example';
export const RIVER_UNIT = 'river@unit.example.gov.cn';
export const LEAD_UNIT = 'lead@unit.example.gov.cn';
export const REPORT_DIRECTORY: ReportDirectory = {
  version: REPORT_DIRECTORY_VERSION,
  site: { name: '测试政务公开网站', url: REPORT_BASE },
  project: { title: '城市黑臭水体治理', path: '/remediation/', leadUnit: { id: 'lead', name: '市住房城乡建设局', email: LEAD_UNIT } },
  waterBodies: [{ id: 'yudaixi', name: '玉带溪', path: '/remediation/water-bodies/yudaixi/', unit: { id: 'szq', name: '市中区人民政府', email: RIVER_UNIT } }],
};

/** startCommentEnv() with GONGKAI_REPORT_DIRECTORY_FILE pointing at REPORT_DIRECTORY. */
export async function startReportEnv(env: Record<string, string> = {}): Promise<CommentTestEnv> {
  const started = await startCommentEnv(env);
  const file = join(started.dir, 'report-directory.json');
  writeFileSync(file, JSON.stringify(REPORT_DIRECTORY));
  process.env.GONGKAI_REPORT_DIRECTORY_FILE = file;
  return started;
}
