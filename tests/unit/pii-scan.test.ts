import { describe, expect, it } from 'vitest';
import {
  declaredContactStrings,
  findPersonalData,
  findUndeclaredPersonalData,
  publicContactSet,
  scannableText,
} from '../../src/lib/pii-scan.ts';

const kinds = (text: string) => findPersonalData(text).map((f) => [f.kind, f.normalized]);

describe('findPersonalData: mobile numbers', () => {
  it('finds a mobile number written plainly, spaced, dashed or with +86', () => {
    expect(kinds('联系人：张三，手机13812345678。')).toEqual([['mobile', '13812345678']]);
    expect(kinds('手机 138 1234 5678')).toEqual([['mobile', '13812345678']]);
    expect(kinds('手机：138-1234-5678')).toEqual([['mobile', '13812345678']]);
    expect(kinds('+86 13912345678')).toEqual([['mobile', '13912345678']]);
    expect(kinds('tel:+8619912345678')).toEqual([['mobile', '19912345678']]);
    expect(kinds('<a href="tel:15012345678">电话</a>')).toEqual([['mobile', '15012345678']]);
  });

  it('finds full-width digits', () => {
    expect(kinds('手机：１３８１２３４５６７８')).toEqual([['mobile', '13812345678']]);
  });

  it('does not take a mobile-like run inside a longer run of digits or letters', () => {
    expect(kinds('订单号 213812345678')).toEqual([]);
    expect(kinds('编号 138123456789')).toEqual([]);
    expect(kinds('时间戳 1713812345678901')).toEqual([]);
    expect(kinds('/_astro/page.a13812345678.js')).toEqual([]);
    expect(kinds('id="x13812345678"')).toEqual([]);
    expect(kinds('0.13812345678')).toEqual([]);
    expect(kinds('公网安备 11000000000000号')).toEqual([]);
  });

  it('does not take numbers that start 10, 11 or 12 for mobiles', () => {
    expect(kinds('网站标识码 1100000000；数值 12345678901')).toEqual([]);
  });
});

describe('findPersonalData: landlines', () => {
  it('finds landlines with area codes of three and four digits', () => {
    expect(kinds('电话：010-55550201')).toEqual([['landline', '01055550201']]);
    expect(kinds('电话：0559-5550400')).toEqual([['landline', '05595550400']]);
    expect(kinds('（010）1234 5678')).toEqual([['landline', '01012345678']]);
    expect(kinds('(021) 6123-4567')).toEqual([['landline', '02161234567']]);
    expect(kinds('tel:01055550201')).toEqual([['landline', '01055550201']]);
    expect(kinds('+86 10 1234-5678')).toEqual([['landline', '01012345678']]);
    expect(kinds('０１０－５５５５０２０１')).toEqual([['landline', '01055550201']]);
  });

  it('does not take document numbers, dates, record numbers or codes for phones', () => {
    expect(kinds('京政发〔2020〕12号')).toEqual([]);
    expect(kinds('国办发〔2013〕100号、交公路规〔2020〕3号')).toEqual([]);
    expect(kinds('2026-11-28T10:00:00+08:00')).toEqual([]);
    expect(kinds('京ICP备00000000号-1')).toEqual([]);
    expect(kinds('邮编 101160')).toEqual([]);
    expect(kinds('索引号 000014349/2020-00123')).toEqual([]);
    expect(kinds('坐标 116.0101234567')).toEqual([]);
    expect(kinds('12345 热线')).toEqual([]);
  });
});

describe('findPersonalData: e-mail addresses', () => {
  it('finds an address in text and in attributes', () => {
    expect(kinds('来信请寄 zhang.san@qq.com')).toEqual([['email', 'zhang.san@qq.com']]);
    expect(kinds('<a href="mailto:Li_Si+x@Example.COM">写信</a>')).toEqual([['email', 'li_si+x@example.com']]);
    expect(kinds('<div data-owner="wangwu@163.com"></div>')).toEqual([['email', 'wangwu@163.com']]);
    expect(kinds('{"email":"a.b@sub.example.gov.cn"}')).toEqual([['email', 'a.b@sub.example.gov.cn']]);
  });

  it('finds an address whose @ is an entity, percent-encoded or full width', () => {
    expect(kinds('zhangsan&#64;qq.com')).toEqual([['email', 'zhangsan@qq.com']]);
    expect(kinds('mailto:zhangsan%40qq.com')).toEqual([['email', 'zhangsan@qq.com']]);
    expect(kinds('zhangsan＠qq.com')).toEqual([['email', 'zhangsan@qq.com']]);
  });

  it('does not take file names and package versions for addresses', () => {
    expect(kinds('<img srcset="/img/logo@2x.png 2x">')).toEqual([]);
    expect(kinds('astro@7.3.5 @astrojs/mdx')).toEqual([]);
    expect(kinds('user@localhost')).toEqual([]);
  });

  it('reports the line and some context', () => {
    const [f] = findPersonalData('第一行\n第二行 联系 zhangsan@qq.com 谢谢');
    expect(f).toMatchObject({ kind: 'email', value: 'zhangsan@qq.com', line: 2 });
    expect(f!.context).toContain('联系 zhangsan@qq.com 谢谢');
  });
});

describe('findUndeclaredPersonalData', () => {
  const declared = publicContactSet(['010-55550201', '（0559）555 0400', 'Gongkai@Example.gov.cn', '咨询电话 010-12345678（工作日）']);

  it('accepts the declared contacts in any written form', () => {
    expect(findUndeclaredPersonalData('<a href="tel:01055550201">010-5555 0201</a> 0559-5550400 gongkai@example.gov.cn 010-12345678', declared)).toEqual([]);
  });

  it('reports everything else', () => {
    const found = findUndeclaredPersonalData('电话 010-55550202，手机 13812345678，邮箱 gongkai2@example.gov.cn', declared);
    expect(found.map((f) => f.normalized)).toEqual(['01055550202', '13812345678', 'gongkai2@example.gov.cn']);
  });
});

describe('declaredContactStrings', () => {
  it('takes values under contact keys at any depth, numbers included', () => {
    const frontMatter = {
      title: '关于征求意见的公告 13812345678',
      channels: { email: 'a@example.gov.cn', phone: '010-55550201', post: { address: '北京市', postcode: '100000' } },
      items: [{ contact: 12328 }, { supervision: '0559-5550400' }],
    };
    expect(declaredContactStrings(frontMatter)).toEqual(['a@example.gov.cn', '010-55550201', '北京市', '100000', '12328', '0559-5550400']);
  });

  it('takes every string with all=true (site.yaml, departments.yaml)', () => {
    expect(declaredContactStrings({ a: 'x', b: ['y', { c: 'z' }] }, true)).toEqual(['x', 'y', 'z']);
  });
});

describe('scannableText', () => {
  it('unfolds iCalendar lines and drops UIDs', () => {
    const ics = 'BEGIN:VEVENT\r\nUID:consultation-x-closes@gongkai.exampl\r\n e.gov.cn\r\nDESCRIPTION:联系 zhang\r\n san@qq.com\r\nEND:VEVENT\r\n';
    const text = scannableText('consultations.ics', ics);
    expect(findPersonalData(text).map((f) => f.value)).toEqual(['zhangsan@qq.com']);
  });

  it('drops CAP senders on the site’s own host only', () => {
    const cap = (sender: string) => `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier><sender>${sender}</sender></alert>`;
    const found = (sender: string) => findPersonalData(scannableText('notices/cap/x.xml', cap(sender), 'gongkai.example.gov.cn')).map((f) => f.value);
    expect(found('sx-qxj@gongkai.example.gov.cn')).toEqual([]);
    expect(found('zhangsan@qq.com')).toEqual(['zhangsan@qq.com']);
    expect(found('a@evil.gongkai.example.gov.cn.qq.com')).toEqual(['a@evil.gongkai.example.gov.cn.qq.com']);
    const references = `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><references>sx-fzb@gongkai.example.gov.cn,gongkai.example.gov.cn:notice:x,2020-07-06T10:00:00+08:00 lisi@163.com,y,2020-07-06T11:00:00+08:00</references></alert>`;
    expect(findPersonalData(scannableText('notices/cap/x.xml', references, 'gongkai.example.gov.cn')).map((f) => f.value)).toEqual(['lisi@163.com']);
    // The warnings' open data embeds each CAP document as a JSON string.
    const json = JSON.stringify({ cap: `${cap('sx-fzb@gongkai.example.gov.cn')}\n${cap('wangwu@qq.com')}` });
    expect(findPersonalData(scannableText('data/warnings.json', json, 'gongkai.example.gov.cn')).map((f) => f.value)).toEqual(['wangwu@qq.com']);
    // Without the namespace it is not a CAP alert.
    expect(findPersonalData(scannableText('a.xml', '<sender>sx@gongkai.example.gov.cn</sender>', 'gongkai.example.gov.cn'))).toHaveLength(1);
  });

  it('leaves other files as they are', () => {
    expect(scannableText('a.html', 'UID:x@y.cn')).toBe('UID:x@y.cn');
  });
});
