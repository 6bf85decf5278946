/** Rules spanning several content files: each finding, and the boundaries where it stops. */
import { describe, expect, it } from 'vitest';
import { checkCrossFileRules, type ConsultationFacts, type FeedbackFacts } from '../../src/lib/content-rules.ts';
import { officialCalendar } from '../../src/lib/official-calendar.ts';
import { endOfShanghaiDay, shanghaiWallClock } from '../../src/lib/time.ts';

const consultation = (over: Partial<ConsultationFacts> = {}): ConsultationFacts => ({
  id: 'rfb',
  file: 'content/consultations/rfb.md',
  department: 'bj-rfb',
  policyAreas: ['shehui-guanli'],
  kind: '行政规范性文件',
  opens: shanghaiWallClock(2020, 7, 29, 9), // Wed 09:00: counting starts Thu 07-30
  closes: endOfShanghaiDay('2020-08-28'),
  ...over,
});
const feedback = (over: Partial<FeedbackFacts> = {}): FeedbackFacts => ({
  id: 'rfb',
  file: 'content/feedback/rfb.md',
  consultation: 'rfb',
  published: '2020-09-20',
  ...over,
});
const run = (consultations: ConsultationFacts[], fb: FeedbackFacts[] = []) =>
  checkCrossFileRules({
    departments: new Set(['bj-rfb', 'bj-sfj']),
    policyAreas: new Set(['shehui-guanli', 'yingshang-huanjing']),
    consultations,
    feedback: fb,
    calendar: officialCalendar,
  });

describe('checkCrossFileRules', () => {
  it('finds nothing in consistent content', () => {
    expect(run([consultation()], [feedback()])).toEqual([]);
  });

  it('reports an unknown department', () => {
    expect(run([consultation({ department: 'bj-renfang' })])).toEqual([
      { file: 'content/consultations/rfb.md', path: ['department'], severity: 'error', message: expect.stringContaining('找不到编号为“bj-renfang”的部门') },
    ]);
  });

  it('reports each unknown policy area at its position in the list', () => {
    const findings = run([consultation({ policyAreas: ['shehui-guanli', 'shehui', 'yingshang-huanjing', 'huanbao'] })]);
    expect(findings.map((f) => [f.path, f.severity])).toEqual([
      [['policyAreas', 1], 'error'],
      [['policyAreas', 3], 'error'],
    ]);
    expect(findings[0]!.message).toContain('找不到编号为“shehui”的政策领域');
    expect(findings[1]!.message).toContain('“huanbao”');
  });

  describe('minimum comment window', () => {
    // 07-30 … 08-07 holds exactly 7 working days (07-30, 07-31, 08-03 … 08-07).
    it('accepts exactly 7 working days', () => {
      expect(run([consultation({ closes: endOfShanghaiDay('2020-08-07') })])).toEqual([]);
    });

    it('rejects 6 working days without a reason, saying how long it is and what to do', () => {
      const findings = run([consultation({ closes: endOfShanghaiDay('2020-08-06') })]);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ file: 'content/consultations/rfb.md', path: ['closes'], severity: 'error' });
      const message = findings[0]!.message;
      for (const words of ['行政规范性文件征求意见期限不得少于7个工作日', '国办发〔2018〕37号', '当前仅6个工作日', '2020年7月29日 09:00 至 2020年8月6日 23:59', 'shortWindowReason']) {
        expect(message).toContain(words);
      }
    });

    it('accepts a short window with a stated reason', () => {
      expect(run([consultation({ closes: endOfShanghaiDay('2020-08-06'), shortWindowReason: '上位法将于9月1日施行，需尽快出台' })])).toEqual([]);
    });

    it('counts 30 calendar days for 重大行政决策', () => {
      const major = { kind: '重大行政决策' as const };
      expect(run([consultation({ ...major, closes: endOfShanghaiDay('2020-08-28') })])).toEqual([]);
      const findings = run([consultation({ ...major, closes: endOfShanghaiDay('2020-08-27') })]);
      expect(findings).toHaveLength(1);
      expect(findings[0]!.message).toContain('重大行政决策征求意见期限不得少于30日');
      expect(findings[0]!.message).toContain('当前仅29日');
    });

    it('warns (does not fail) when the holiday arrangement of a year is unknown', () => {
      const findings = run([consultation({ opens: shanghaiWallClock(2027, 3, 1, 9), closes: endOfShanghaiDay('2027-03-31') })]);
      expect(findings).toEqual([{ file: 'content/consultations/rfb.md', path: ['closes'], severity: 'warning', message: expect.stringContaining('法定节假日安排尚未公布') }]);
    });
  });

  describe('feedback reports', () => {
    it('reports feedback for a consultation that does not exist', () => {
      expect(run([consultation()], [feedback({ consultation: 'rfb-2020' })])).toEqual([
        { file: 'content/feedback/rfb.md', path: ['consultation'], severity: 'error', message: expect.stringContaining('找不到编号为“rfb-2020”的意见征集') },
      ]);
    });

    it('reports a second feedback report for the same consultation, naming the first', () => {
      const findings = run([consultation()], [feedback(), feedback({ id: 'rfb-2', file: 'content/feedback/rfb-2.md' })]);
      expect(findings).toEqual([
        { file: 'content/feedback/rfb-2.md', path: ['consultation'], severity: 'error', message: expect.stringContaining('已有反馈 content/feedback/rfb.md') },
      ]);
    });

    it('accepts feedback published on the closing day, rejects the day before', () => {
      expect(run([consultation()], [feedback({ published: '2020-08-28' })])).toEqual([]);
      const findings = run([consultation()], [feedback({ published: '2020-08-27' })]);
      expect(findings).toEqual([
        { file: 'content/feedback/rfb.md', path: ['published'], severity: 'error', message: expect.stringContaining('反馈发布日期（2020年8月27日）早于征集截止日期（2020年8月28日）') },
      ]);
    });

    it('uses the Beijing closing day of a window that closes at a time of day', () => {
      const c = consultation({ closes: shanghaiWallClock(2020, 8, 28, 17) });
      expect(run([c], [feedback({ published: '2020-08-28' })])).toEqual([]);
    });
  });
});
