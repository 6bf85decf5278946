/**
 * `npm run check` (with `astro check`): validates editors' content and prints
 * every problem with its file and field. Exits 1 when there is an error.
 * Usage: node scripts/check-content.ts [content-root]
 */
import { checkContent } from '../src/build/check-content.ts';
import { checkLedgers } from '../src/build/check-ledgers.ts';

const root = process.argv[2] ?? process.env.GONGKAI_CONTENT_ROOT ?? process.cwd();
const problems = [...checkContent(root), ...(await checkLedgers(root, undefined, { production: process.env.CONTEXT === 'production' }))];
for (const p of problems) console.log(p.text);
const errors = problems.filter((p) => p.severity === 'error').length;
const warnings = problems.length - errors;
if (errors > 0) {
  console.log(`\n内容检查未通过：${errors} 处错误，${warnings} 处提醒。请按提示修改后重新运行 npm run check。`);
  process.exit(1);
}
console.log(`内容检查通过${warnings ? `（${warnings} 处提醒）` : ''}。`);
