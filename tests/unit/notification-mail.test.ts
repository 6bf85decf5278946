/**
 * Wording of notification and alert mails (pure), and the settings that
 * configure lead times, read from the environment.
 */
import { describe, expect, it } from 'vitest';
import { alreadySubscribedMail, confirmationMail, departmentNoticeMail, followLabel, renderMail, subscriberAlertMail } from '../../src/lib/notification-mail.ts';
import { checkEmail, judgeConfirmation, maskEmail, resolveTarget } from '../../src/lib/subscriptions.ts';
import { parseDayList, readNotifySettings, LOCAL_SUBSCRIPTION_SECRET } from '../../src/server/notify-settings.ts';
import { DEFAULT_LEAD_TIMES } from '../../src/lib/notification-plan.ts';
import { BASE, OFFICE, lifeData } from '../fixtures/notification-life.ts';

const data = lifeData({ feedbackPublished: '2027-04-10' });
const c = data.consultations[0]!;
const site = (date: string) => ({ siteName: data.site.name, siteUrl: BASE, date });

describe('department notices', () => {
  const notice = (kind: 'opening-reminder' | 'closing-reminder' | 'feedback-due-reminder' | 'feedback-overdue', eventDate: string, role: 'department' | 'disclosure-office' = 'department', overdueRepeatDays = 7) =>
  (at: ReturnType<typeof site>) =>
    departmentNoticeMail({ kind, consultation: c, eventDate, recipient: { role, name: role === 'department' ? '市水务局' : OFFICE.name }, disclosureOffice: OFFICE, overdueRepeatDays }, at);

  it('opening: who, what, when, where', () => {
    const m = notice('opening-reminder', '2027-03-01')(site('2027-02-26'));
    expect(m.subject).toBe(`【征集提醒】“${c.title}”将于2027年3月1日开始征求意见`);
    expect(m.text).toMatch(/^市水务局：\n\n贵单位承办的意见征集“.+”将于2027年3月1日 09:00开始（3天后），2027年3月20日 23:59截止。/);
    expect(m.text).toContain(`意见征集页面：${BASE}/consultations/water-rules/`);
    expect(m.text).toContain('测试市人民政府网站');
  });

  it('closing: says today / tomorrow / in N days, and the feedback duty with its date', () => {
    expect(notice('closing-reminder', '2027-03-20')(site('2027-03-20')).text).toContain('（今天截止）');
    expect(notice('closing-reminder', '2027-03-20')(site('2027-03-19')).text).toContain('（明天）');
    const week = notice('closing-reminder', '2027-03-20')(site('2027-03-13')).text;
    expect(week).toContain('（7天后）');
    expect(week).toContain('应当在征集结束后30日内、即2027年4月19日前，在网站公开发布意见征集情况说明');
  });

  it('feedback due: days left, and who is told when it is late', () => {
    const m = notice('feedback-due-reminder', '2027-04-19')(site('2027-04-05'));
    expect(m.subject).toBe(`【反馈提醒】“${c.title}”的意见反馈须于2027年4月19日前发布`);
    expect(m.text).toContain('距发布期限还有14天。');
    expect(m.text).toContain(`逾期未发布的，网站将告知${OFFICE.name}`);
    expect(notice('feedback-due-reminder', '2027-04-19')(site('2027-04-19')).text).toContain('今天是发布的最后一天。');
  });

  it('overdue: the department is asked to publish, the office to follow up, with the repeat interval', () => {
    const dept = notice('feedback-overdue', '2027-04-19')(site('2027-04-27'));
    expect(dept.subject).toBe(`【反馈逾期】“${c.title}”的意见反馈已逾期8天`);
    expect(dept.text).toContain('截至2027年4月27日，网站尚未发布该说明，已逾期8天。');
    expect(dept.text).toContain(`请尽快发布意见征集情况说明。本提醒同时发送${OFFICE.name}。说明发布前，每7天提醒一次。`);
    expect(dept.text).toContain(`按时反馈情况：${BASE}/scoreboard/`);
    const office = notice('feedback-overdue', '2027-04-19', 'disclosure-office', 0)(site('2027-04-20'));
    expect(office.text).toMatch(new RegExp(`^${OFFICE.name}：\\n\\n市水务局承办的意见征集`));
    expect(office.text).toContain('请督促市水务局尽快发布。');
    expect(office.text).not.toContain('提醒一次');
    expect(office.text).toContain('联系邮箱：shuiwu@dept.example.gov.cn');
  });
});

describe('subscriber alerts', () => {
  const who = { scope: 'policy-area' as const, name: '水资源管理', unsubscribeUrl: `${BASE}/api/subscriptions/unsubscribe?token=abc` };

  it('opened, closing, feedback published — each with facts, a link and the unsubscribe footer', () => {
    const opened = subscriberAlertMail({ kind: 'alert-opened', consultation: c, eventDate: '2027-03-01' }, site('2027-03-01'), who);
    expect(opened.subject).toBe(`【意见征集】${c.title}`);
    expect(opened.text).toContain('您关注的“水资源管理”领域的意见征集有新的意见征集');
    expect(opened.text).toContain('承办部门：市水务局\n征集时间：2027年3月1日 09:00至2027年3月20日 23:59');
    const closing = subscriberAlertMail({ kind: 'alert-closing', consultation: c, eventDate: '2027-03-20' }, site('2027-03-17'), who);
    expect(closing.subject).toBe(`【即将截止】${c.title}（2027年3月20日截止）`);
    expect(closing.text).toContain('将于2027年3月20日 23:59截止（3天后）');
    const published = subscriberAlertMail({ kind: 'alert-feedback-published', consultation: c, eventDate: '2027-04-10' }, site('2027-04-10'), who);
    expect(published.text).toContain(`查看意见征集情况说明：${BASE}/feedback/water-rules-feedback/`);
    for (const m of [opened, closing, published]) {
      expect(m.text).toContain(`您收到本邮件，是因为您在测试市人民政府网站订阅了“水资源管理”领域的意见征集的邮件提醒。\n退订：${who.unsubscribeUrl}`);
      expect(m.html).toContain(`<a href="${who.unsubscribeUrl}">`);
    }
  });

  it('HTML is escaped, text is not', () => {
    const m = renderMail('<b>标题</b>', [{ type: 'p', text: '甲 & 乙 <script>' }, { type: 'link', label: '链接', url: 'https://x.example/?a=1&b="2"' }], []);
    expect(m.text).toContain('甲 & 乙 <script>');
    expect(m.html).toContain('甲 &amp; 乙 &lt;script&gt;');
    expect(m.html).toContain('<title>&lt;b&gt;标题&lt;/b&gt;</title>');
    expect(m.html).toContain('href="https://x.example/?a=1&amp;b=&quot;2&quot;"');
    expect(m.html).not.toContain('<script>');
  });

  it('confirmation and "already subscribed" mails', () => {
    const confirm = confirmationMail({ siteName: '测试网站', siteUrl: BASE }, { scope: 'department', name: '市水务局', confirmUrl: `${BASE}/c?t=1`, expires: new Date('2027-03-01T02:00:00Z') });
    expect(confirm.subject).toBe('请确认订阅：市水务局的意见征集的邮件提醒');
    expect(confirm.text).toContain('请在2027年3月1日 10:00前打开以下链接确认订阅');
    expect(confirm.text).toContain('不确认，就不会收到任何提醒');
    const known = alreadySubscribedMail({ siteName: '测试网站', siteUrl: BASE }, { scope: 'consultation', name: '标题', unsubscribeUrl: `${BASE}/u` });
    expect(known.subject).toBe('您已订阅：意见征集“标题”的邮件提醒');
    expect(known.text).toContain(`退订：${BASE}/u`);
    expect(followLabel('consultation', 'X')).toBe('意见征集“X”');
  });
});

describe('subscription rules', () => {
  it('accepts one bare address, lower-cased, and refuses the rest with a Chinese message', () => {
    expect(checkEmail(' Zhang@Example.COM ')).toEqual({ ok: true, email: 'zhang@example.com' });
    for (const bad of ['', 'zhang', 'a@b', 'a@b.c\r\nBcc: x@y.z', '张三@example.com', `${'a'.repeat(250)}@x.cn`, 'a b@example.com', 'Zhang <z@example.com>', undefined]) {
      const r = checkEmail(bad);
      expect(r.ok, String(bad)).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(maskEmail('zhang@example.com')).toBe('z***@example.com');
  });

  it('resolves targets from the data, including departments with no consultation', () => {
    const withLists = { ...data, departments: [...data.departments, { id: 'quiet', name: '市安静局', path: '/departments/quiet/' }] };
    expect(resolveTarget(withLists, 'department', 'quiet')).toEqual({ scope: 'department', id: 'quiet', name: '市安静局', path: '/departments/quiet/' });
    expect(resolveTarget(data, 'consultation', 'water-rules')?.name).toBe(c.title);
    expect(resolveTarget(data, 'policy-area', 'water-resources')?.path).toBe('/policy-areas/water-resources/');
    // An older data file without the lists: departments and areas named by consultations still work.
    const { departments: _d, policyAreas: _a, ...older } = data;
    expect(resolveTarget(older, 'department', 'water')?.name).toBe('市水务局');
    expect(resolveTarget(data, 'consultation', 'WATER-RULES')).toBeNull();
    expect(resolveTarget(data, 'department', '../x')).toBeNull();
  });

  it('confirmation links live for the configured hours, never from the future', () => {
    const p = { e: 'a@example.com', s: 'consultation' as const, t: 'x', i: Date.parse('2027-03-01T00:00:00Z') };
    expect(judgeConfirmation(p, new Date('2027-03-03T23:59:59Z'), 72)).toEqual({ ok: true });
    expect(judgeConfirmation(p, new Date('2027-03-04T00:00:01Z'), 72)).toEqual({ ok: false, reason: 'expired' });
    expect(judgeConfirmation(p, new Date('2027-02-28T23:58:00Z'), 72)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('settings', () => {
  it('defaults', () => {
    const s = readNotifySettings({});
    expect(s.leadTimes).toEqual(DEFAULT_LEAD_TIMES);
    expect(s).toMatchObject({ subscriptionSecret: LOCAL_SUBSCRIPTION_SECRET, usingLocalSecret: true, mailMaxAttempts: 12, buildHookUrl: null, confirmHours: 72 });
    expect(s.subscribeRateLimit.map((p) => p.id)).toEqual(['subscribe-1h', 'subscribe-1d']);
  });

  it('lead times from the environment: lists, off, and refusals', () => {
    const s = readNotifySettings({ NOTIFY_BEFORE_CLOSING: '1, 10,3', NOTIFY_BEFORE_OPENING: 'off', NOTIFY_OVERDUE_EVERY_DAYS: '14', ALERT_BEFORE_CLOSING: '', SUBSCRIPTION_SECRET: ' s ', BUILD_HOOK_URL: 'https://api.netlify.com/build_hooks/x' });
    expect(s.leadTimes).toEqual({ ...DEFAULT_LEAD_TIMES, departmentBeforeClosing: [10, 3, 1], departmentBeforeOpening: [], overdueRepeatDays: 14, subscribersBeforeClosing: [] });
    expect(s).toMatchObject({ subscriptionSecret: 's', usingLocalSecret: false, buildHookUrl: 'https://api.netlify.com/build_hooks/x' });
    expect(() => parseDayList('7;1', [], 'NOTIFY_BEFORE_CLOSING')).toThrow(/NOTIFY_BEFORE_CLOSING/);
    expect(() => parseDayList('0', [], 'X')).toThrow(/whole days/);
    expect(() => readNotifySettings({ NOTIFY_OVERDUE_EVERY_DAYS: 'weekly' })).toThrow(/NOTIFY_OVERDUE_EVERY_DAYS/);
    expect(() => readNotifySettings({ NOTIFY_MAIL_MAX_ATTEMPTS: '0' })).toThrow(/NOTIFY_MAIL_MAX_ATTEMPTS/);
    expect(() => readNotifySettings({ SUBSCRIBE_RATE_LIMIT: 'lots' })).toThrow(/SUBSCRIBE_RATE_LIMIT/);
  });
});
