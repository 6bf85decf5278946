/**
 * The 意见征集情况说明 of a consultation from its comments in the store.
 *
 *   npm run feedback-report -- <consultation>                      print a tagging file to fill in (groups of comments)
 *   npm run feedback-report -- <consultation> --tags tags.yaml     write content/feedback/<consultation>.md
 *
 * The tagging file: `published`, `otherChannels` (opinions by e-mail, post … counted by hand),
 * `viewpoints` (id, summary, disposition, reason, offlineCount) and `tags` (receipt → viewpoint id;
 * one receipt of a group of near-duplicates tags the group). An existing report is never overwritten.
 * Stores: the local GONGKAI_DATA_DIR/blobs, or with NETLIFY_SITE_ID and NETLIFY_AUTH_TOKEN the site's.
 * Consultations: GONGKAI_CONSULTATIONS_FILE (default dist/data/consultations.json, from npm run build).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import yaml from 'js-yaml';
import { feedbackReport, groupComments, reportConsultation, taggingTemplate, type FeedbackReportInput } from '../src/lib/feedback-report/report.ts';
import { shanghaiDate } from '../src/lib/time.ts';

if (existsSync('.env')) process.loadEnvFile('.env');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { tags: { type: 'string' } } });
const id = positionals[0];
if (!id) {
  console.error('用法 / usage: npm run feedback-report -- <consultation> [--tags tags.yaml]');
  process.exit(2);
}

const { connectScriptBlobs } = await import('../src/server/local-blobs.ts');
console.error((await connectScriptBlobs()).description);
const { loadPublishedConsultations } = await import('../src/server/consultations-source.ts');
const { readCommentSettings } = await import('../src/server/comment-settings.ts');
const { reportCommentsOf } = await import('../src/server/feedback-report-source.ts');
const consultation = (await loadPublishedConsultations(readCommentSettings().consultationsFile)).byId.get(id);
if (!consultation) {
  console.error(`找不到意见征集“${id}” / no consultation ${id} in the built data (run npm run build first)`);
  process.exit(2);
}
const comments = await reportCommentsOf(id);

if (!values.tags) {
  process.stdout.write(taggingTemplate(groupComments(comments), shanghaiDate(new Date())));
  console.error(`${comments.length} 条网上意见，${groupComments(comments).length} 组 / ${comments.length} comments in ${groupComments(comments).length} groups`);
  process.exit(0);
}
const tagging = yaml.load(readFileSync(values.tags, 'utf8')) as Partial<Omit<FeedbackReportInput, 'consultation' | 'comments' | 'published'>> & { published?: unknown };
const published = tagging.published instanceof Date ? tagging.published.toISOString().slice(0, 10) : String(tagging.published ?? shanghaiDate(new Date()));
const report = feedbackReport({ consultation: reportConsultation(consultation), published, comments, otherChannels: tagging.otherChannels ?? {}, viewpoints: tagging.viewpoints ?? [], tags: Object.fromEntries(Object.entries(tagging.tags ?? {}).filter(([, v]) => typeof v === 'string' && v !== '')) as Record<string, string> });
if (!report.ok) {
  console.error(`未生成，请在 ${values.tags} 中修改：\n${report.problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
if (existsSync(report.file)) {
  console.error(`${report.file} 已存在，未覆盖 / exists, not overwritten`);
  process.exit(1);
}
writeFileSync(report.file, report.markdown);
console.log(`已写入 ${report.file}（网上意见 ${report.counts.online} 条，${report.counts.groups} 组，其中相同或基本相同 ${report.counts.duplicateGroups} 组）。请运行 npm run check，确认后提交。`);
process.exit(0);
