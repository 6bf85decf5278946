/**
 * The ledger check on /receipts/: loads the standalone verifier the site publishes
 * (/verify-ledger.mjs, the same file anyone can download and run with Node.js) and
 * checks a code against the published ledger, every signed tree head and the public
 * key. Without JavaScript the form stays hidden and the page explains the manual check.
 */
type Verifier = typeof import('../lib/ledger/verify-ledger.mjs');
import type { PublishedLedger, SignedTreeHead, SigningKeys } from '../lib/ledger/verify-ledger.mjs';

const VERIFIER_URL = '/verify-ledger.mjs';

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-cache' });
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return (await r.json()) as T;
}

const form = document.querySelector<HTMLFormElement>('form[data-ledger-check]');
if (form) {
  form.hidden = false;
  const result = form.querySelector<HTMLElement>('[data-ledger-result]');
  const say = (text: string, tone: 'ok' | 'bad' | 'busy') => {
    if (!result) return;
    result.textContent = text;
    result.dataset.tone = tone;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const ledgerUrl = String(data.get('ledger') ?? '');
    const code = String(data.get('code') ?? '');
    say('正在核对……', 'busy');
    (async () => {
      const v = (await import(/* @vite-ignore */ VERIFIER_URL)) as Verifier;
      if (!v.normaliseCode(code)) return say('核验码应为 64 位数字和字母（a–f），请检查是否输入完整。', 'bad');
      const savedText = String(data.get('savedHead') ?? '').trim();
      let savedHead: SignedTreeHead | undefined;
      if (savedText) {
        try {
          savedHead = JSON.parse(savedText) as SignedTreeHead;
        } catch {
          return say('保存的树头不是完整的树头文件内容，请打开树头文件，全部复制后粘贴。', 'bad');
        }
      }
      const ledger = await getJson<PublishedLedger>(ledgerUrl);
      const heads = await Promise.all(v.headUrls(ledgerUrl, ledger).map((u) => getJson<SignedTreeHead>(u)));
      const keys = await getJson<SigningKeys>(v.keysUrl(ledgerUrl));
      const r = await v.checkCode(ledger, heads, keys, code, savedHead ? { savedHead } : {});
      const latest = heads.at(-1);
      if (!r.ledgerOk) return say(`清单与签名树头不一致（${r.problems.map((p) => p.code).join('、')}），请保存本页截图并联系政务公开主管部门。`, 'bad');
      if (r.savedHeadOk === false) {
        return say(`当前清单与您保存的第 ${savedHead?.sequence ?? ''} 号签名树头不一致：该树头之后清单被删改，或该树头不是用公布的公钥签发的。请保存树头文件和本页截图，向政务公开主管部门反映。`, 'bad');
      }
      if (!r.included) return say(`清单中没有这个核验码（清单共 ${r.count} 条，截至 ${latest?.timestamp ?? ''}）。如果您的意见是最近提交的，请在下一个签名树头生成后再核对；否则请核对核验码和所选意见征集。`, 'bad');
      if (!r.inclusionOk) return say('找到了核验码，但审计路径无法与签名树头对上，请联系政务公开主管部门。', 'bad');
      say(
        `已计入：该核验码是清单第 ${r.position} 条，首次纳入第 ${r.head?.sequence} 号签名树头（${r.head?.timestamp}）；已用公布的公钥验证全部 ${heads.length} 个签名树头，最新树头（共 ${latest?.treeSize} 条，根值 ${latest?.root}）包含它，且每个树头都完整保留了之前的条目。${
          r.savedHeadOk ? `当前清单也完整保留了您保存的第 ${savedHead?.sequence} 号树头（${savedHead?.treeSize} 条）的全部条目。` : ''
        }`,
        'ok',
      );
    })().catch(() => say('清单文件或核验程序暂时无法读取，请稍后再试，或直接打开清单文件查找。', 'bad'));
  });
}
