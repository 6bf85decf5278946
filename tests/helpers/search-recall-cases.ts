/**
 * The Chinese queries of the recall test (tests/build/search-recall.test.ts), each
 * with the pages it must return among the first results; also run against the
 * index split into bundles by years (tests/build/search-bundles.test.ts).
 */
export interface RecallCase {
  query: string;
  /** Pages that must be among the first results. */
  expect: string[];
  why: string;
}

export const RECALL_CASES: readonly RecallCase[] = [
  { query: '防空', expect: ['/consultations/renfang-gongcheng-pingshi-liyong/', '/feedback/renfang-gongcheng-pingshi-liyong/'], why: 'two characters inside 人民防空工程' },
  { query: '人民防空工程', expect: ['/consultations/renfang-gongcheng-pingshi-liyong/', '/feedback/renfang-gongcheng-pingshi-liyong/'], why: 'a run the segmenter splits' },
  { query: '停车', expect: ['/consultations/juzhuqu-tingche-guanli/'], why: 'inside 居住区停车管理办法' },
  { query: '裁量基准', expect: ['/consultations/scjg-xingzheng-chufa-cailiang-jizhun-xiuding/', '/consultations/sifa-xingzheng-chufa-cailiang-jizhun/', '/feedback/sifa-xingzheng-chufa-cailiang-jizhun/'], why: 'inside 行政处罚裁量基准' },
  { query: '行政处罚 知识产权', expect: ['/consultations/zscqj-xingzheng-chufa-cailiangquan/', '/feedback/zscqj-xingzheng-chufa-cailiangquan/'], why: 'two words, both required' },
  { query: '北京市人民防空办公室', expect: ['/consultations/renfang-gongcheng-pingshi-liyong/'], why: 'department name' },
  { query: '北京市知识产权局', expect: ['/consultations/zscqj-weifa-xingwei-fenlei-mulu/', '/consultations/zscqj-xingzheng-chufa-cailiangquan/'], why: 'department name' },
  { query: '交公路规〔2020〕3号', expect: ['/disclosure/items/shoufei-gonglu-lianwang-shoufei-guize-2020/'], why: '文号 with 〔〕' },
  { query: '交公路规[2020]3号', expect: ['/disclosure/items/shoufei-gonglu-lianwang-shoufei-guize-2020/'], why: '文号 typed with ASCII brackets' },
  { query: '交通运输部令２０２０年第５号', expect: ['/disclosure/items/daolu-yunshu-cheliang-jishu-guanli-xiugai-2020/'], why: '文号 with full-width digits' },
  { query: '国办发〔2019〕54号', expect: ['/consultations/gonggong-ziyuan-jiaoyi-jiceng-gongkai-mulu/'], why: '文号 cited as a basis in the text' },
  { query: '国办发（2020）23号', expect: ['/consultations/laojiu-xiaoqu-zonghe-zhengzhi/'], why: '文号 typed with full-width parentheses' },
  { query: '黑臭水体', expect: ['/remediation/', '/remediation/progress/2025-10-20-paicha-shibie-gongshi/'], why: 'three characters the segmenter splits (黑|臭|水体)' },
  { query: '谢家河', expect: ['/remediation/water-bodies/xiejiahe/'], why: 'place name split into single characters' },
  { query: '小青龙河 截污纳管', expect: ['/remediation/progress/2026-07-31-jiewu-xiaoqinglonghe/'], why: 'place name plus a term' },
  { query: '山洪灾害红色预警', expect: ['/notices/2020-07-05-shanhong-hongse/', '/notices/2020-07-06-shanhong-hongse-gengxin/'], why: 'warning title' },
  { query: '高考延期', expect: ['/notices/2020-07-07-gaokao-yanqi/', '/notices/2020-07-07-huiying-gaokao-shijian/'], why: 'notice and response' },
  { query: '歙县「7·7」洪涝灾害', expect: ['/events/shexian-77-honglao/'], why: 'corner brackets and a middle dot' },
  { query: '“好差评”', expect: ['/disclosure/items/haochaping-tongbao-2020-q3/'], why: 'Chinese quotation marks' },
  { query: '收费公路 联网收费', expect: ['/disclosure/items/shoufei-gonglu-lianwang-shoufei-guize-2020/', '/disclosure/items/shoufei-gonglu-lianwang-shoufei-guize-2018/', '/disclosure/items/jiedu-shoufei-gonglu-lianwang-shoufei-guize-2020/'], why: 'two words, document and its interpretation' },
  { query: '政府信息公开指南', expect: ['/disclosure/guide/'], why: 'column page' },
  { query: '临时救助', expect: ['/disclosure/items/linshi-jiuzhu-yicixing-gaozhidan/'], why: 'service guide' },
  { query: '满意度', expect: ['/remediation/progress/2026-11-05-gongzhong-pingyi-jieguo/'], why: 'inside 满意度92.0%' },
  { query: '南水北调', expect: ['/consultations/jumin-jieti-shuijia-tiaozheng/'], why: 'only in the PDF attachment' },
  { query: '收费公路债务余额', expect: ['/disclosure/items/shoufei-gonglu-tongji-gongbao-2019/'], why: 'only in the PDF attachment' },
];
