/** Field types shared by the schemas. */
import { z } from 'astro/zod';
import { endOfShanghaiDay, isCalendarDate, parseWallClock, shanghaiDate, type CalendarDate } from '../lib/time.ts';
import './messages.ts';

const WALL_CLOCK_HINT = '请按“2020-07-29”或“2020-07-29 09:00”的格式填写北京时间';

/** A date-time in Beijing time; becomes the instant it denotes. */
export const wallClockInstant = z.unknown().transform((value, ctx): Date => {
  const parsed = parseWallClock(value);
  if (!parsed) {
    ctx.addIssue({ code: 'custom', message: value === undefined ? `缺少必填字段。${WALL_CLOCK_HINT}` : `时间格式不正确。${WALL_CLOCK_HINT}` });
    return z.NEVER;
  }
  return parsed.instant;
});

/** A closing time: a bare date means the end of that day (23:59:59 is still open). */
export const closingInstant = z.unknown().transform((value, ctx): Date => {
  const parsed = parseWallClock(value);
  if (!parsed) {
    ctx.addIssue({ code: 'custom', message: value === undefined ? `缺少必填字段。${WALL_CLOCK_HINT}` : `时间格式不正确。${WALL_CLOCK_HINT}` });
    return z.NEVER;
  }
  return parsed.dateOnly ? endOfShanghaiDay(shanghaiDate(parsed.instant)) : parsed.instant;
});

/** A calendar day (YYYY-MM-DD) in Beijing time. */
export const calendarDate = z.unknown().transform((value, ctx): CalendarDate => {
  const parsed = parseWallClock(value);
  if (!parsed || (typeof value === 'string' && !isCalendarDate(value.trim()))) {
    ctx.addIssue({ code: 'custom', message: value === undefined ? '缺少必填字段。请按“2020-08-28”的格式填写日期' : '日期格式不正确。请按“2020-08-28”的格式填写日期' });
    return z.NEVER;
  }
  return shanghaiDate(parsed.instant);
});

/** An id that must name an entry of another collection (checked across files). */
export const entryId = z
  .string({ error: '请填写编号（文件名或数据中的 id）' })
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: '编号只能包含小写英文字母、数字和连字符，例如 bjsrfb' });

export const nonEmptyText = (what: string) =>
  z.string({ error: `请填写${what}` }).trim().min(1, { error: `${what}不能为空` });

export const emailAddress = z.email({ error: '电子邮箱格式不正确，例如 zhengji@example.gov.cn' });

export const webUrl = z.url({ protocol: /^https?$/, error: '网址格式不正确，应以 http:// 或 https:// 开头' });

/** A link to a file under public/ (/files/…) or an absolute web address. */
export const fileLink = z
  .string({ error: '请填写文件路径，例如 /files/consultations/rfb-draft.pdf' })
  .trim()
  .refine((v) => /^\/[^\s]+$/.test(v) || /^https?:\/\/\S+$/.test(v), { error: '文件路径应以 / 开头（放在 public/ 目录下），或是完整网址' });

export const link = z.object({ title: nonEmptyText('链接标题'), url: z.union([webUrl, fileLink], { error: '链接地址应以 http(s):// 或 / 开头' }) }).strict();

/** Attachment formats the site knows how to label. */
export const ATTACHMENT_FORMATS = { pdf: 'PDF', doc: 'Word', docx: 'Word', wps: 'WPS', ofd: 'OFD', xls: 'Excel', xlsx: 'Excel', zip: 'ZIP' } as const;

export const attachment = z
  .object({
    title: nonEmptyText('附件名称'),
    file: fileLink,
  })
  .strict()
  .superRefine((a, ctx) => {
    const ext = a.file.split(/[?#]/)[0]?.split('.').pop()?.toLowerCase() ?? '';
    if (!(ext in ATTACHMENT_FORMATS)) {
      ctx.addIssue({ code: 'custom', path: ['file'], message: `附件格式“.${ext}”不受支持，应为 ${Object.keys(ATTACHMENT_FORMATS).join('、')} 之一` });
    }
  });
