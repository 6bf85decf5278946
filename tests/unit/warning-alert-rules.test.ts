/**
 * Which warning messages are due, to whom, once per person, and how their
 * mails word the change. Pure; times and codes typed by hand.
 */
import { describe, expect, it } from 'vitest';
import { CANCEL_SEND_WINDOW_MS, alertChange, chainAreaCodes, linkMessages, messagesDue, recipientsFor } from '../../src/lib/warning-alerts/rules.ts';
import { warningAlertMail } from '../../src/lib/warning-alerts/mail.ts';
import { ALERT, BEIAN, COUNTY, HUICHENG, LIFTED, RAISED, SHENDU, XINAN, at } from '../fixtures/warning-alerts.ts';

const all = [ALERT, RAISED, LIFTED];
const ids = (now: Date, messages = all) => messagesDue(messages, now).map((m) => m.id);

describe('messagesDue', () => {
  it('sends a warning from its issue time while it is in force and not replaced', () => {
    expect(ids(at(5, 16, 59))).toEqual([]);
    expect(ids(at(5, 17))).toEqual(['shanhong']);
    expect(ids(at(6, 7, 59))).toEqual(['shanhong']);
    // Replaced by the update at 08:00: only the update goes out (to everyone the warning reached).
    expect(ids(at(6, 8))).toEqual(['shanhong-shengji']);
  });

  it('sends a cancellation while the lifted warning would otherwise run, within its window', () => {
    expect(ids(at(6, 20))).toEqual(['shanhong-jiechu']);
    expect(ids(at(7, 7, 59))).toEqual(['shanhong-jiechu']);
    // The lifted warning would have ended on 07-07 at 08:00: after that the cancellation is news to no one.
    expect(ids(new Date(at(7, 8).getTime() + 1000))).toEqual([]);
    // A long warning: the cancellation goes out for CANCEL_SEND_WINDOW_MS after its issue, not later.
    const long = [ALERT, { ...RAISED, validUntil: '2027-07-10T08:00:00+08:00' }, LIFTED];
    expect(ids(new Date(at(6, 20).getTime() + CANCEL_SEND_WINDOW_MS), long)).toEqual(['shanhong-jiechu']);
    expect(ids(new Date(at(6, 20).getTime() + CANCEL_SEND_WINDOW_MS + 1000), long)).toEqual([]);
    // A cancellation issued after the warning had expired lifts nothing.
    const late = { ...LIFTED, issued: '2027-07-07T09:00:00+08:00' };
    expect(ids(at(7, 9, 30), [ALERT, RAISED, late])).toEqual([]);
  });

  it('sends nothing for old warnings (a site first deployed with its archive)', () => {
    expect(ids(at(20, 8))).toEqual([]);
  });

  it('orders due messages oldest first', () => {
    const other = { ...ALERT, id: 'baoyu', issued: '2027-07-05T16:00:00+08:00' };
    expect(ids(at(5, 18), [ALERT, other])).toEqual(['baoyu', 'shanhong']);
  });
});

describe('recipients', () => {
  const follow = (subscriber: string, area: string) => ({ subscriber, area, key: `subs/area/${area}/${subscriber}` });
  const follows = [follow('s1', HUICHENG), follow('s2', SHENDU), follow('s3', BEIAN), follow('s4', COUNTY), follow('s5', HUICHENG), follow('s5', XINAN), follow('s5', COUNTY)];

  it('reach followers of the covered areas, of the county around and the villages inside; each person once, through the most specific area', () => {
    expect(recipientsFor([HUICHENG, SHENDU], follows)).toEqual([follow('s1', HUICHENG), follow('s2', SHENDU), follow('s4', COUNTY), follow('s5', XINAN)]);
    expect(recipientsFor([BEIAN], follows).map((r) => r.subscriber)).toEqual(['s3', 's4', 's5']);
    expect(recipientsFor([COUNTY], follows).map((r) => r.subscriber)).toEqual(['s1', 's2', 's3', 's4', 's5']);
    expect(recipientsFor([], follows)).toEqual([]);
  });

  it('an update or cancellation reaches the areas of the whole chain so far, so narrowing the areas keeps the same people', () => {
    const links = linkMessages(all);
    const byId = new Map(all.map((m) => [m.id, m]));
    expect(chainAreaCodes('shanhong', links, byId)).toEqual([HUICHENG, SHENDU]);
    expect(chainAreaCodes('shanhong-shengji', links, byId)).toEqual([HUICHENG, SHENDU]);
    expect(chainAreaCodes('shanhong-jiechu', links, byId)).toEqual([HUICHENG, SHENDU]);
    expect(recipientsFor(chainAreaCodes('shanhong-jiechu', links, byId), follows).map((r) => r.subscriber)).toEqual(['s1', 's2', 's4', 's5']);
  });
});

describe('the mail', () => {
  const ctx = { siteName: '歙县人民政府', siteUrl: 'https://gongkai.test.example', followedArea: '歙县深渡镇', unsubscribeUrl: 'https://gongkai.test.example/u?token=x' };

  it('names the change and the level in words', () => {
    expect(alertChange(ALERT, undefined)).toBe('new');
    expect(alertChange(RAISED, ALERT)).toBe('raised');
    expect(alertChange({ ...RAISED, level: '黄色' }, ALERT)).toBe('lowered');
    expect(alertChange({ ...RAISED, level: '橙色' }, ALERT)).toBe('changed');
    expect(alertChange(LIFTED, RAISED)).toBe('cancelled');
    expect(warningAlertMail(ALERT, 'new', ctx).subject).toBe('【橙色预警】歙县防汛抗旱指挥部办公室发布山洪灾害橙色预警');
    expect(warningAlertMail(RAISED, 'raised', ctx).subject).toBe('【预警升级为红色】山洪灾害预警升级为红色');
    expect(warningAlertMail(LIFTED, 'cancelled', ctx).subject).toBe('【预警解除】解除山洪灾害红色预警');
  });

  it('says which followed area it is about, the validity, the guide, and how to unsubscribe; a cancellation has no validity or guide', () => {
    const mail = warningAlertMail(ALERT, 'new', ctx);
    expect(mail.text).toContain('涉及您关注的歙县深渡镇');
    expect(mail.text).toContain('山洪灾害橙色预警（Ⅱ级，严重）');
    expect(mail.text).toContain('有效期至：2027年7月6日 17:00');
    expect(mail.text).toContain('影响区域：歙县徽城镇、歙县深渡镇');
    expect(mail.text).toContain('防御指南：山洪易发区人员做好转移准备。');
    expect(mail.text).toContain('退订：https://gongkai.test.example/u?token=x');
    expect(mail.html).toContain('<html lang="zh-CN">');
    const lifted = warningAlertMail(LIFTED, 'cancelled', ctx);
    expect(lifted.text).toContain('解除了山洪灾害红色预警');
    expect(lifted.text).not.toContain('有效期至');
    expect(lifted.text).not.toContain('防御指南');
  });
});
