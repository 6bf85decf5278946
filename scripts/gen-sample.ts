/**
 * Writes a synthetic but realistic disclosure catalogue into a separate content
 * root, for the scale benchmark and for trying the site at platform size:
 *
 *   node scripts/gen-sample.ts --items 20000 --out /tmp/gongkai-20000 [--seed 1]
 *   GONGKAI_CONTENT_ROOT=/tmp/gongkai-20000 npx astro build
 *
 * Items have Chinese titles, 文号, bodies of about 2 KB, and are spread over the
 * sample trees (content/catalogue/*.yaml) and the years 2008–2026; some are
 * amended or repealed (naming their successor), some are interpretations of
 * earlier documents, some have attachments. The same seed gives the same files.
 * The site settings, departments, trees and column pages are copied from the
 * project; consultations and notices are left out (empty folders).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import yaml from 'js-yaml';
import { CONTENT_PATHS } from '../src/build/content-paths.ts';

const PROJECT = resolve(import.meta.dirname, '..');

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface TreeNode {
  code: string;
  name: string;
  parent?: string;
  department?: string;
}

function readTree(file: string): TreeNode[] {
  const data = yaml.load(readFileSync(join(PROJECT, file), 'utf8')) as Record<string, Omit<TreeNode, 'code'>>;
  return Object.entries(data).map(([code, node]) => ({ code, ...node }));
}

const SUBJECTS = [
  '农村公路建设', '道路旅客运输', '道路货物运输', '城市公共交通', '出租汽车经营服务', '港口经营', '内河航道养护', '船舶检验',
  '收费公路通行费', '公路工程质量', '交通运输安全生产', '危险货物运输', '机动车维修', '交通运输统计', '综合交通枢纽',
  '多式联运', '交通扶贫', '公路超限治理', '水上交通安全', '交通运输信用体系', '网络预约出租汽车', '冷链物流', '绿色出行',
  '公路桥梁隧道养护', '交通运输应急', '高速公路服务区', '农村客运', '交通运输科技', '交通基础设施投资', '政务服务“好差评”',
];
const VERBS = ['进一步加强', '加快推进', '规范', '深化', '做好', '切实加强', '全面推进', '优化', '完善'];
const DOC_ENDINGS = ['的通知', '的意见', '的实施意见', '的指导意见', '的通告'];
const RULE_ENDINGS = ['管理规定', '管理办法', '监督管理办法', '实施细则'];
const BODY_SENTENCES = [
  '为深入贯彻落实党中央、国务院决策部署，推动交通运输高质量发展，现就有关事项通知如下。',
  '各地交通运输主管部门要提高思想认识，加强组织领导，明确责任分工，确保各项任务落到实处。',
  '坚持以人民为中心的发展思想，着力解决人民群众最关心最直接最现实的交通出行问题。',
  '加强部门协同和上下联动，健全工作机制，形成工作合力，及时研究解决工作中遇到的困难和问题。',
  '强化事中事后监管，推行“双随机、一公开”监管，依法查处违法违规行为，维护市场秩序。',
  '加大资金支持力度，车辆购置税收入补助地方资金继续向中西部地区和农村地区倾斜。',
  '推进政务服务“一网通办”，压减办理时限，精简申请材料，让群众和企业少跑腿、好办事。',
  '完善统计监测制度，定期分析运行情况，按季度报送工作进展，年底前报送年度工作总结。',
  '严格落实安全生产责任制，开展隐患排查治理，完善应急预案，提升突发事件应急处置能力。',
  '加强宣传解读，及时回应社会关切，营造良好舆论氛围，切实提高政策知晓度。',
  '本文件由交通运输部负责解释，自印发之日起施行，有效期五年。',
  '对执行中发现的问题，请及时报告我部有关司局。',
];
const INTERPRETATION_POINTS = ['制定背景', '主要内容', '适用范围', '对群众和企业的影响', '施行时间'];

const KINDS: [string, number][] = [
  ['规章', 0.07],
  ['行政规范性文件', 0.23],
  ['其他文件', 0.3],
  ['政策解读', 0.1],
  ['图文解读', 0.05],
  ['办事指南', 0.08],
  ['公告', 0.17],
];
const DEPARTMENT_ABBR: Record<string, string> = {
  jtb: '交', 'jtb-bgt': '交办', 'jtb-zhghs': '交规划', 'jtb-cwsjs': '交财审', 'jtb-fzs': '交法', 'jtb-ysfws': '交运', 'jtb-glj': '交公路', 'jtb-syj': '交水', 'sz-mzj': '肃民',
};
const ATTACHMENTS = [
  { title: '正式文本（PDF版）', file: '/files/catalogue/zhudong-gongkai-jiben-mulu-2020.pdf' },
  { title: '正式文本（Word版）', file: '/files/catalogue/daolu-yunshu-cheliang-jishu-guanli-xiugai-2020.docx' },
  { title: '统计表（PDF版）', file: '/files/catalogue/shoufei-gonglu-tongji-gongbao-2019.pdf' },
  { title: '申请表', file: '/files/catalogue/chaoxian-yunshu-xuke-shenqingbiao.docx' },
];

interface Generated {
  id: string;
  index: number;
  kind: string;
  title: string;
  published: string;
  frontMatter: Record<string, unknown>;
  body: string;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function generateCatalogue(count: number, seed = 1): Generated[] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const topics = readTree(CONTENT_PATHS.catalogueTopics);
  const industries = readTree(CONTENT_PATHS.catalogueIndustries);
  const organisations = readTree(CONTENT_PATHS.catalogueOrganisations);
  const topicLeaves = topics.filter((t) => t.parent);
  const industryCodes = industries.map((n) => n.code);
  const issuers = organisations.flatMap((o) => (o.department ? [o.department] : []));
  const numbers = new Map<string, number>();

  // Dates spread evenly from 2008-01-02 to 2026-11-27, item i no earlier than item i-1.
  const start = Date.UTC(2008, 0, 2);
  const span = Date.UTC(2026, 10, 27) - start;
  const dateAt = (i: number) => new Date(start + Math.floor((span * i) / Math.max(1, count - 1))).toISOString().slice(0, 10);
  const kindOf = () => {
    let r = rnd();
    for (const [kind, share] of KINDS) if ((r -= share) < 0) return kind;
    return '其他文件';
  };
  const paragraphs = (n: number) =>
    Array.from({ length: n }, () => Array.from({ length: 3 + Math.floor(rnd() * 3) }, () => pick(BODY_SENTENCES)).join('')).join('\n\n');

  const items: Generated[] = [];
  const documents: Generated[] = [];
  for (let i = 0; i < count; i++) {
    const published = dateAt(i);
    const year = Number(published.slice(0, 4));
    let kind = kindOf();
    const issuer = pick(issuers);
    const subject = pick(SUBJECTS);
    const topic = pick(topicLeaves);
    const fm: Record<string, unknown> = {};
    let title: string;
    let body: string;
    const target = (kind === '政策解读' || kind === '图文解读') && documents.length > 0 ? pick(documents.slice(-200)) : undefined;
    if ((kind === '政策解读' || kind === '图文解读') && !target) kind = '其他文件';
    const abbr = DEPARTMENT_ABBR[issuer] ?? '交';
    const number = (series: string) => {
      const key = `${series}/${year}`;
      const n = (numbers.get(key) ?? 0) + 1;
      numbers.set(key, n);
      return series === '令' ? `交通运输部令${year}年第${n}号` : `${abbr}${series}〔${year}〕${n}号`;
    };
    switch (kind) {
      case '规章':
        title = `${subject}${pick(RULE_ENDINGS)}`;
        fm.documentNumber = number('令');
        body = `## 第一章 总则\n\n**第一条** ${paragraphs(1)}\n\n**第二条** ${paragraphs(1)}\n\n## 第二章 管理要求\n\n**第三条** ${paragraphs(2)}\n\n**第四条** ${paragraphs(1)}`;
        break;
      case '行政规范性文件':
        title = `交通运输部关于${pick(VERBS)}${subject}工作${pick(DOC_ENDINGS)}`;
        fm.documentNumber = number('规');
        body = `各省、自治区、直辖市交通运输厅（局、委）：\n\n${paragraphs(1)}\n\n## 一、总体要求\n\n${paragraphs(2)}\n\n## 二、重点任务\n\n${paragraphs(2)}`;
        break;
      case '政策解读':
        title = `《${target!.title}》解读`;
        fm.interprets = [target!.id];
        body = INTERPRETATION_POINTS.map((p, k) => `## ${'一二三四五'[k]}、${p}\n\n${paragraphs(1)}`).join('\n\n');
        break;
      case '图文解读':
        title = `一图读懂：${subject}有哪些新变化`;
        fm.interprets = [target!.id];
        body = `> **一句话看懂**：${pick(BODY_SENTENCES)}\n\n| 以前 | 现在 |\n| --- | --- |\n| ${pick(BODY_SENTENCES)} | ${pick(BODY_SENTENCES)} |\n\n${paragraphs(3)}`;
        break;
      case '办事指南':
        title = `${subject}许可办事指南`;
        fm.guide = {
          name: `${subject}许可`,
          applicants: '符合法定条件的公民、法人或者其他组织。',
          materials: [{ name: '申请表', copies: '原件 1 份' }, { name: '申请人身份证明', copies: '复印件 1 份' }],
          steps: ['提交申请', '受理审查', '作出决定', '送达'],
          timeLimit: `${5 + Math.floor(rnd() * 16)} 个工作日`,
          fee: '不收费',
          place: '政务服务大厅交通运输窗口（示例）',
          hours: '工作日上午 9:00—12:00，下午 13:30—17:00',
          contact: '010-55550207',
        };
        body = paragraphs(5);
        break;
      case '公告':
        title = `${year}年${subject}情况公告`;
        body = paragraphs(6);
        break;
      default:
        title = `关于${pick(VERBS)}${subject}工作${pick(DOC_ENDINGS)}`;
        if (rnd() < 0.7) fm.documentNumber = number('函');
        body = `各有关单位：\n\n${paragraphs(6)}`;
    }
    const id = `gk-${pad(i + 1, 6)}`;
    Object.assign(fm, {
      title,
      kind,
      issuer,
      ...(kind === '规章' || kind === '行政规范性文件' || kind === '其他文件' ? { written: dateAt(Math.max(0, i - 3)) } : {}),
      published,
      topics: rnd() < 0.1 ? [topic.code, pick(topicLeaves).code].filter((c, k, a) => a.indexOf(c) === k) : [topic.code],
      industries: [pick(industryCodes)],
    });
    if (rnd() < 0.3) fm.attachments = [pick(ATTACHMENTS), ...(rnd() < 0.3 ? [pick(ATTACHMENTS)] : [])].filter((a, k, all) => all.findIndex((b) => b.file === a.file) === k);
    // 规章 and 行政规范性文件 offer their text as PDF and as Word (the content check requires both).
    if (kind === '规章' || kind === '行政规范性文件') {
      const given = (fm.attachments ?? []) as typeof ATTACHMENTS;
      fm.attachments = [...given, ...ATTACHMENTS.slice(0, 2).filter((a) => !given.some((b) => b.file === a.file))];
    }
    if (rnd() < 0.08 && items.length > 0) fm.related = [pick(items.slice(-500)).id];
    const item: Generated = { id, index: i, kind, title, published, frontMatter: fm, body };
    items.push(item);
    if (kind === '规章' || kind === '行政规范性文件') documents.push(item);
  }

  // Amend or repeal some documents, naming a later document of the same kind as the successor.
  for (let k = 0; k < documents.length; k++) {
    const doc = documents[k]!;
    const r = rnd();
    if (r > 0.15) continue;
    const later = documents.slice(k + 1, k + 40).filter((d) => d.kind === doc.kind);
    if (r < 0.03) {
      doc.frontMatter.validity = '失效';
      continue;
    }
    if (later.length === 0) continue;
    doc.frontMatter.validity = r < 0.09 ? '废止' : '已修改';
    doc.frontMatter.replacedBy = pick(later).id;
  }
  return items;
}

function rank(order: readonly string[], key: string): number {
  const i = order.indexOf(key);
  return i === -1 ? order.length : i;
}

/** Marks a directory this script wrote, so that it only ever deletes its own output. */
const MARKER = '.gongkai-sample';

export function writeSample(out: string, items: readonly Generated[]) {
  if (PROJECT === out || PROJECT.startsWith(`${out}/`)) throw new Error(`Refusing to write over the project: ${out}`);
  if (existsSync(out)) {
    if (!existsSync(join(out, MARKER))) throw new Error(`${out} exists and was not written by gen-sample; choose a new directory`);
    rmSync(out, { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, MARKER), 'Written by scripts/gen-sample.ts; deleted and rewritten on the next run.\n');
  for (const key of ['site', 'departments', 'policyAreas', 'catalogueTopics', 'catalogueIndustries', 'catalogueOrganisations'] as const) {
    mkdirSync(resolve(out, CONTENT_PATHS[key], '..'), { recursive: true });
    cpSync(join(PROJECT, CONTENT_PATHS[key]), join(out, CONTENT_PATHS[key]));
  }
  cpSync(join(PROJECT, CONTENT_PATHS.disclosurePages), join(out, CONTENT_PATHS.disclosurePages), { recursive: true });
  for (const folder of [CONTENT_PATHS.consultations, CONTENT_PATHS.feedback]) mkdirSync(join(out, folder), { recursive: true });
  cpSync(join(PROJECT, 'public/files/catalogue'), join(out, 'public/files/catalogue'), { recursive: true });
  const itemsDir = join(out, CONTENT_PATHS.catalogueItems);
  mkdirSync(itemsDir, { recursive: true });
  const first = ['title', 'kind', 'documentNumber', 'issuer', 'written', 'published'];
  for (const item of items) {
    const ordered = Object.fromEntries(Object.entries(item.frontMatter).sort(([a], [b]) => rank(first, a) - rank(first, b)));
    const front = yaml.dump(ordered, { lineWidth: -1, quotingType: '"' });
    writeFileSync(join(itemsDir, `${item.id}.md`), `---\n# 合成的示例文件（scripts/gen-sample.ts）\n${front}---\n\n${item.body}\n`);
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { items: { type: 'string', default: '2000' }, out: { type: 'string' }, seed: { type: 'string', default: '1' } } });
  const count = Number(values.items);
  if (!Number.isInteger(count) || count < 1) throw new Error('--items must be a positive whole number');
  if (!values.out) throw new Error('Usage: node scripts/gen-sample.ts --items 20000 --out <dir>');
  const out = resolve(values.out);
  const started = Date.now();
  const items = generateCatalogue(count, Number(values.seed));
  writeSample(out, items);
  console.log(`${count} catalogue items written to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`Build with: GONGKAI_CONTENT_ROOT=${out} GONGKAI_CACHE_DIR=${join(out, '.cache')} npx astro build`);
}
