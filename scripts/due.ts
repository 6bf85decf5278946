/**
 * The due date of a case, by the rule the functions apply (content/case-limits.yaml,
 * the official calendar with 调休): the day of receipt not counted.
 *
 *   npm run due -- application 2026-09-25
 *   npm run due -- application 2026-09-25 --extension 20 --pause 2026-10-12..2026-10-20 --completed 2026-09-29
 *   npm run due -- report 2026-09-30 --handling referred
 *
 * --completed: the day a completed application (补正) arrived; --pause FROM..TO
 * (repeatable): days waiting for a third party's or another body's opinion (or, for
 * other kinds, for the sender); --extension: working days added.
 */
import { parseArgs } from 'node:util';
import { applicationDueDate } from '../src/lib/applications/clock.ts';
import { dueDate } from '../src/lib/cases/deadline.ts';
import { CASE_KIND_IDS, CASE_KINDS, HANDLING_TYPES, isCaseKind, isHandlingType } from '../src/lib/cases/kinds.ts';
import { limitFor } from '../src/lib/cases/time-limits.ts';
import { officialCalendar } from '../src/lib/official-calendar.ts';
import { isCalendarDate } from '../src/lib/time.ts';
import { loadCaseLimits } from '../src/server/case-limits-source.ts';

const usage = `用法 / usage: npm run due -- <${CASE_KIND_IDS.join('|')}> <收到日期 YYYY-MM-DD> [--handling referred] [--extension N] [--completed YYYY-MM-DD] [--pause YYYY-MM-DD..YYYY-MM-DD]`;
function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { handling: { type: 'string', default: 'referred' }, extension: { type: 'string' }, completed: { type: 'string' }, pause: { type: 'string', multiple: true } },
});
const [kind, receivedOn] = positionals;
if (!kind || !isCaseKind(kind)) fail(`办件类别应为 ${CASE_KIND_IDS.join('、')} 之一 / unknown kind ${kind ?? '(none)'}`);
if (!receivedOn || !isCalendarDate(receivedOn)) fail(`收到日期应为 YYYY-MM-DD / not a date: ${receivedOn ?? '(none)'}`);
if (!isHandlingType(values.handling)) fail(`办理类型应为 ${Object.keys(HANDLING_TYPES).join('、')} 之一`);
const extension = values.extension === undefined ? 0 : Number(values.extension);
if (!Number.isInteger(extension) || extension < 0) fail(`延期天数应为非负整数 / --extension must be a whole number`);
if (values.completed !== undefined && (!isCalendarDate(values.completed) || values.completed < receivedOn)) fail('补正日期应为不早于收到日期的 YYYY-MM-DD');
const pauses = (values.pause ?? []).map((p) => {
  const [from, to] = p.split('..');
  if (!from || !to || !isCalendarDate(from) || !isCalendarDate(to) || to < from) fail(`暂停计时应写作 YYYY-MM-DD..YYYY-MM-DD / bad --pause ${p}`);
  return { from, to };
});

const limits = await loadCaseLimits();
const limitDays = limitFor(limits, kind, values.handling);
const due =
  kind === 'application'
    ? applicationDueDate({ receivedOn, limitDays, extensions: extension ? [{ days: extension }] : [], pauses, correction: values.completed ? { requestedOn: receivedOn, dueOn: values.completed, completedOn: values.completed } : null }, officialCalendar)
    : dueDate({ receivedOn, workingDays: limitDays + extension, suspensions: pauses }, officialCalendar);
const start = kind === 'application' && values.completed ? `${values.completed} 收到补正后的申请` : `${receivedOn} 收到`;
console.log(`${due}\t${CASE_KINDS[kind]}：${start}（当日不计入），${limitDays}${extension ? ` + ${extension}` : ''} 个工作日${pauses.length ? `，暂停计时 ${pauses.length} 段` : ''}`);
