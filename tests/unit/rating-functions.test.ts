/**
 * The rating function end to end with real parts: real Requests, the real Blobs server, the case core.
 * One rating per person token, item and day; a remark becomes one case for the item's unit; every
 * hostile request is refused with a Chinese answer and leaves the stores unchanged.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStore } from '@netlify/blobs';
import { ALL as ratingsRoute } from '../../src/pages/api/ratings.ts';
import { RATER_COOKIE } from '../../src/server/rating-submit.ts';
import { readStoredRatings } from '../../src/server/rating-results-source.ts';
import { builtOnDemandPages, callRoute } from '../helpers/on-demand.ts';
import { RATING_TARGETS_VERSION, monthlyRatings, type RatingRecord, type RatingTargets } from '../../src/lib/ratings/rating.ts';
import type { CaseRecord } from '../../src/lib/cases/case.ts';
import { snapshot, startCommentEnv, type CommentTestEnv } from '../helpers/comments.ts';

const BASE = 'https://gongkai.test.example';
const UNIT_EMAIL = 'mzj@unit.example.gov.cn';
const TARGETS: RatingTargets = {
  version: RATING_TARGETS_VERSION,
  site: { name: '测试政务公开网站', url: BASE },
  targets: [
    { id: 'service:linshi-jiuzhu', name: '临时救助申请', path: '/community/services/linshi-jiuzhu/', unit: { id: 'sz-mzj', name: '肃州区民政局', email: UNIT_EMAIL } },
    { id: 'water-body:yudaixi', name: '玉带溪', path: '/remediation/water-bodies/yudaixi/', unit: { id: 'szq', name: '市中区人民政府', email: 'river@unit.example.gov.cn' } },
  ],
};

let env: CommentTestEnv;
beforeAll(async () => {
  env = await startCommentEnv();
  const file = join(env.dir, 'rating-targets.json');
  writeFileSync(file, JSON.stringify(TARGETS));
  process.env.GONGKAI_RATING_TARGETS_FILE = file;
});
afterAll(async () => {
  delete process.env.GONGKAI_RATING_TARGETS_FILE;
  await env.close();
});

const STORES = ['comments', 'outbox', 'cases'];
const IP = '203.0.113.9';

function rate(fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return callRoute(
    ratingsRoute,
    new Request(`${BASE}/api/ratings`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, accept: 'application/json', ...headers },
      body: new URLSearchParams(fields).toString(),
    }),
    IP,
  );
}
const cookieOf = (res: Response) => /gk_rater=([0-9A-Z]{26})/.exec(res.headers.get('set-cookie') ?? '')?.[1];

async function ratings(): Promise<RatingRecord[]> {
  const store = getStore({ name: 'gongkai-comments', consistency: 'strong' });
  const { blobs } = await store.list({ prefix: 'ratings/' });
  return Promise.all(blobs.map(async (b) => (await store.get(b.key, { type: 'json' })) as RatingRecord));
}
async function cases(): Promise<CaseRecord[]> {
  const store = getStore({ name: 'gongkai-cases', consistency: 'strong' });
  const { blobs } = await store.list({ prefix: 'case/' });
  return Promise.all(blobs.map(async (b) => (await store.get(b.key, { type: 'json' })) as CaseRecord));
}

describe('POST /api/ratings', () => {
  it('is the route at /api/ratings, also through the built function', async () => {
    const res = await (await builtOnDemandPages())(new Request(`${BASE}/api/ratings`, { method: 'GET' }));
    expect(res?.status).toBe(405);
  });

  it('stores a rating, sets the person token, and answers in Chinese; no remark, no case', async () => {
    const before = (await ratings()).length;
    const res = await rate({ target: 'service:linshi-jiuzhu', level: 'satisfied' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('stored');
    expect(body.message).toContain('感谢您对“临时救助申请”的评价：满意');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(new RegExp(`^${RATER_COOKIE}=[0-9A-Z]{26}; Path=/api/ratings; Max-Age=31536000; HttpOnly; SameSite=Lax; Secure$`));
    const stored = await ratings();
    expect(stored).toHaveLength(before + 1);
    expect(stored.at(-1)).toMatchObject({ target: 'service:linshi-jiuzhu', level: 'satisfied', day: '2026-11-28', caseReceipt: null });
    // No address, token or other personal data in the record.
    expect(JSON.stringify(stored)).not.toMatch(/203\.0\.113\.9|gk_rater/);
  });

  it('one rating per person token, item and day: a second is refused, another item or the next day is taken', async () => {
    const first = await rate({ target: 'water-body:yudaixi', level: 'basic' });
    expect(first.status).toBe(201);
    const token = cookieOf(first)!;
    const cookie = { cookie: `${RATER_COOKIE}=${token}` };
    const before = await snapshot(STORES);
    const again = await rate({ target: 'water-body:yudaixi', level: 'unsatisfied', remark: '改了主意' }, cookie);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { message: string }).message).toContain('今天已经评价过“玉带溪”');
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await snapshot(STORES)).toEqual(before);

    expect((await rate({ target: 'service:linshi-jiuzhu', level: 'basic' }, cookie)).status).toBe(201);
    env.advance(24 * 3600);
    try {
      expect((await rate({ target: 'water-body:yudaixi', level: 'satisfied' }, cookie)).status).toBe(201);
    } finally {
      env.advance(-24 * 3600);
    }
  });

  it('a remark becomes one case (投诉建议) for the item’s unit, also when the rating is sent again', async () => {
    const first = await rate({ target: 'service:linshi-jiuzhu', level: 'unsatisfied', remark: '窗口工作人员让我跑了两次，希望一次告知清楚。' });
    expect(first.status).toBe(201);
    const body = (await first.json()) as { receipt: string; queryCode: string; message: string };
    expect(body.receipt).toMatch(/^TS-20261128-/);
    expect(body.message).toContain('已转交肃州区民政局办理');
    const opened = (await cases()).filter((c) => c.receipt === body.receipt);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ kind: 'letter', handling: 'referred', unit: { id: 'sz-mzj', email: UNIT_EMAIL }, sender: { name: null, contact: null } });
    expect(opened[0]!.submission).toContainEqual({ label: '意见建议', value: '窗口工作人员让我跑了两次，希望一次告知清楚。' });
    expect((await ratings()).find((r) => r.caseReceipt === body.receipt)).toMatchObject({ level: 'unsatisfied' });

    const resend = await rate({ target: 'service:linshi-jiuzhu', level: 'unsatisfied', remark: '窗口工作人员让我跑了两次，希望一次告知清楚。' }, { cookie: `${RATER_COOKIE}=${cookieOf(first)}` });
    expect(resend.status).toBe(409);
    expect((await cases()).filter((c) => c.receipt === body.receipt)).toHaveLength(1);
    expect((await cases()).filter((c) => c.subject.startsWith('满意度评价'))).toHaveLength(1);
  });

  describe('hostile requests are refused and change nothing', () => {
    const cases_: [string, () => Promise<Response>, number, RegExp][] = [
      ['another site posting the form', () => rate({ target: 'service:linshi-jiuzhu', level: 'satisfied' }, { origin: 'https://evil.example' }), 403, /不是从本网站页面发出/],
      ['a post with origin null', () => rate({ target: 'service:linshi-jiuzhu', level: 'satisfied' }, { origin: 'null' }), 403, /不是从本网站页面发出/],
      ['a GET', () => callRoute(ratingsRoute, new Request(`${BASE}/api/ratings?target=service:linshi-jiuzhu&level=satisfied`, { headers: { accept: 'application/json' } }), IP), 405, /评价表单提交/],
      ['a JSON body', () => callRoute(ratingsRoute, new Request(`${BASE}/api/ratings`, { method: 'POST', headers: { origin: BASE, 'content-type': 'application/json', accept: 'application/json' }, body: '{"level":"satisfied"}' }), IP), 415, /x-www-form-urlencoded/],
      ['a body of 9 KiB', () => rate({ target: 'service:linshi-jiuzhu', level: 'satisfied', remark: '很'.repeat(3100) }), 413, /内容过大/],
      ['an unknown item', () => rate({ target: 'service:../../etc', level: 'satisfied' }), 422, /事项不存在/],
      ['a level that is not one of the three', () => rate({ target: 'service:linshi-jiuzhu', level: '非常满意' }), 422, /请选择“满意”“基本满意”或“不满意”/],
      ['no level', () => rate({ target: 'service:linshi-jiuzhu' }), 422, /请选择/],
      ['a remark of zero-width spaces and fillers', () => rate({ target: 'service:linshi-jiuzhu', level: 'unsatisfied', remark: '\u200b\u200b\u3164\u2800' }), 422, /没有可以阅读的文字/],
      ['a remark with control characters', () => rate({ target: 'service:linshi-jiuzhu', level: 'unsatisfied', remark: '不满意\u0007' }), 422, /控制字符/],
      ['a remark of 501 characters', () => rate({ target: 'service:linshi-jiuzhu', level: 'unsatisfied', remark: '慢'.repeat(501) }), 422, /最多 500 字，当前 501 字/],
      ['the honeypot filled in', () => rate({ target: 'service:linshi-jiuzhu', level: 'satisfied', website: 'http://spam.example' }), 400, /防范自动程序/],
    ];
    for (const [name, send, status, message] of cases_) {
      it(name, async () => {
        const before = await snapshot(STORES);
        const res = await send();
        expect(res.status).toBe(status);
        expect(((await res.json()) as { message: string }).message).toMatch(message);
        expect(await snapshot(STORES)).toEqual(before);
      });
    }

    it('a forged person token is not used: a new one is issued', async () => {
      const res = await rate({ target: 'service:linshi-jiuzhu', level: 'basic' }, { cookie: `${RATER_COOKIE}=../../x; other=1` });
      expect(res.status).toBe(201);
      expect(cookieOf(res)).toMatch(/^[0-9A-Z]{26}$/);
    });
  });

  it('answers a plain form post with a page in the site shell through the built function', async () => {
    const res = await (await builtOnDemandPages())(
      new Request(`${BASE}/api/ratings`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, body: 'target=service%3Alinshi-jiuzhu&level=basic' }),
    );
    expect(res!.status).toBe(201);
    const page = await res!.text();
    expect(page).toContain('<html lang="zh-CN"');
    expect(page).toContain('评价成功');
    expect(page).toContain('href="/community/services/linshi-jiuzhu/"');
    expect(page).toContain('class="site-header"');
    expect(page).toContain('class="site-footer"');
  });
});

describe('rate limit', () => {
  it('refuses the rating over the limit, with Retry-After, and stores nothing', async () => {
    const limited = await startCommentEnv({ COMMENT_RATE_LIMIT: '2/10m' });
    const file = join(limited.dir, 'rating-targets.json');
    writeFileSync(file, JSON.stringify(TARGETS));
    try {
      expect((await rate({ target: 'service:linshi-jiuzhu', level: 'satisfied' })).status).toBe(201);
      expect((await rate({ target: 'water-body:yudaixi', level: 'satisfied' })).status).toBe(201);
      const before = await snapshot(['comments', 'cases']);
      const third = await rate({ target: 'service:linshi-jiuzhu', level: 'unsatisfied', remark: '太慢' });
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      const after = await snapshot(['comments', 'cases']);
      expect(Object.keys(after).filter((k) => k.startsWith('comments:ratings/') || k.startsWith('cases:'))).toEqual(Object.keys(before).filter((k) => k.startsWith('comments:ratings/') || k.startsWith('cases:')));
    } finally {
      await limited.close();
    }
  });
});

describe('monthly results', () => {
  it('counts each level by item and month, with the rate of 满意 and 基本满意', () => {
    expect(
      monthlyRatings([
        { target: 'service:a', level: 'satisfied', day: '2026-11-01' },
        { target: 'service:a', level: 'basic', day: '2026-11-30' },
        { target: 'service:a', level: 'unsatisfied', day: '2026-11-15' },
        { target: 'service:a', level: 'satisfied', day: '2026-12-01' },
      ]),
    ).toEqual([
      { target: 'service:a', month: '2026-11', satisfied: 1, basic: 1, unsatisfied: 1, total: 3, satisfactionRate: 66.7 },
      { target: 'service:a', month: '2026-12', satisfied: 1, basic: 0, unsatisfied: 0, total: 1, satisfactionRate: 100 },
    ]);
  });
});

describe('what the build reads back', () => {
  it('every rating the function stored, with its item, level and day, through the build’s reader', async () => {
    const stored = await ratings();
    expect(stored.length).toBeGreaterThan(0);
    const read = await readStoredRatings();
    expect(read.skipped).toBe(0);
    const key = (r: { target: string; level: string; day: string }) => `${r.target}|${r.level}|${r.day}`;
    expect(read.ratings.map(key).sort()).toEqual(stored.map(key).sort());
  });
});
