/** The site configuration (content/site.yaml): every identifier the footer and mails need. */
import { z } from 'astro/zod';
import { DEFAULT_RETENTION, MINIMUM_RETENTION, type RetentionSettings } from '../lib/retention/policy.ts';
import { emailAddress, nonEmptyText, webUrl } from './fields.ts';

const retentionDays = (key: keyof RetentionSettings, label: string) =>
  z
    .number({ error: `${label}应为天数（整数）` })
    .int({ error: `${label}应为整数天数` })
    .min(MINIMUM_RETENTION[key], { error: `${label}不能少于 ${MINIMUM_RETENTION[key]} 天` })
    .max(3650, { error: `${label}不能超过 3650 天` })
    .default(DEFAULT_RETENTION[key]);

/** How long personal data is kept, in days (src/lib/retention/policy.ts). */
const retention = z
  .object({
    commentContactDays: retentionDays('commentContactDays', '意见提交人联系方式保存期限'),
    reportContactDays: retentionDays('reportContactDays', '线索提交人联系方式保存期限'),
    unconfirmedSubscriptionDays: retentionDays('unconfirmedSubscriptionDays', '未确认订阅保存期限'),
    sentMailDays: retentionDays('sentMailDays', '已发邮件记录保存期限'),
    rateLimitDays: retentionDays('rateLimitDays', '限流记录保存期限'),
  })
  .strict()
  .default({ ...DEFAULT_RETENTION });

const navItem = z.object({ label: nonEmptyText('栏目名称'), href: z.string().regex(/^\//, { error: '栏目链接应以 / 开头' }) }).strict();

export const siteSchema = z
  .object({
    /** Public address of the site, used in feeds, calendars and mails. */
    url: webUrl,
    name: nonEmptyText('网站名称'),
    shortName: nonEmptyText('网站简称'),
    /** 主办单位 */
    sponsor: nonEmptyText('主办单位'),
    /** 承办单位 */
    operator: z.string().trim().optional(),
    contact: z
      .object({
        phone: nonEmptyText('联系电话'),
        email: emailAddress,
        address: nonEmptyText('通信地址'),
        postcode: z.string().regex(/^\d{6}$/, { error: '邮政编码应为 6 位数字' }).optional(),
      })
      .strict(),
    /** 网站标识码 */
    siteCode: z.string().regex(/^[0-9A-Za-z]{10}$/, { error: '网站标识码应为 10 位字母或数字' }),
    /** ICP备案号 */
    icp: nonEmptyText('ICP备案号'),
    icpUrl: webUrl.default('https://beian.miit.gov.cn/'),
    /** 公安机关备案号 */
    policeRecord: nonEmptyText('公安机关备案号'),
    policeRecordUrl: webUrl.default('https://beian.mps.gov.cn/'),
    /** 「我为政府网站找错」 */
    findErrorUrl: webUrl,
    /** The office that oversees disclosure and receives overdue notices. */
    disclosureOffice: z.object({ name: nonEmptyText('政务公开办公室名称'), email: emailAddress }).strict(),
    /** Days after the closing day within which feedback must be published. */
    feedbackDays: z.number().int().min(1).max(365).default(30),
    /** How long personal data is kept (days); the daily retention run deletes what has expired. */
    retention,
    navigation: z.array(navItem).min(1),
    hotWords: z.array(z.string().trim().min(1)).default([]),
  })
  .strict();

export type SiteConfig = z.output<typeof siteSchema>;
