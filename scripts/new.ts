/**
 * `npm run new -- consultation <slug>` / `npm run new -- feedback <consultation-id>`:
 * writes a draft with every field explained (src/build/scaffold.ts).
 * Refusals print one Chinese line and exit 1. GONGKAI_NOW fixes "now" (tests);
 * GONGKAI_CONTENT_ROOT points at another project root.
 */
import { isScaffoldKind, ScaffoldError, writeScaffold } from '../src/build/scaffold.ts';

const USAGE = '用法：npm run new -- consultation <文件名>（新建意见征集），或 npm run new -- feedback <意见征集编号>（新建反馈）';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const [kind, name, ...rest] = process.argv.slice(2);
if (!isScaffoldKind(kind)) fail(kind ? `不认识的类型“${kind}”。${USAGE}` : USAGE);
if (rest.length > 0) fail(`参数过多：${rest.join(' ')}。${USAGE}`);

const now = process.env.GONGKAI_NOW ? new Date(process.env.GONGKAI_NOW) : new Date();
if (Number.isNaN(now.getTime())) fail(`GONGKAI_NOW 不是有效的时间：${process.env.GONGKAI_NOW}`);

try {
  const result = writeScaffold({ root: process.env.GONGKAI_CONTENT_ROOT ?? process.cwd(), kind, name: name ?? '', now });
  console.log(`已创建 ${result.file}（草稿，不会发布）。`);
  for (const note of result.notes) console.log(note);
} catch (e) {
  if (e instanceof ScaffoldError) fail(e.message);
  throw e;
}
