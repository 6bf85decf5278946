/**
 * The ledger check on /receipts/: fetches the published ledger and runs the
 * same pure verifier anyone can run (src/lib/receipt-ledger.ts). Without
 * JavaScript the form stays hidden and the page explains the manual check.
 */
import { verifyReceipt, type ReceiptLedger } from '../lib/receipt-ledger.ts';

const form = document.querySelector<HTMLFormElement>('form[data-ledger-check]');
if (form && globalThis.crypto?.subtle) {
  form.hidden = false;
  const result = form.querySelector<HTMLElement>('[data-ledger-result]');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const say = (text: string) => {
      if (result) result.textContent = text;
    };
    say('正在核对……');
    fetch(String(data.get('ledger')), { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<ReceiptLedger>) : Promise.reject(new Error(String(r.status)))))
      .then((ledger) => verifyReceipt(ledger, String(data.get('code') ?? '')))
      .then((v) => {
        if (v.status === 'counted') say(`已计入：该核验码在清单中（共 ${v.count} 条，第 ${v.position} 条），清单完整一致。`);
        else if (v.status === 'not-counted') say(`清单中没有这个核验码（清单共 ${v.count} 条）。请核对核验码和所选意见征集是否正确。`);
        else if (v.status === 'bad-code') say('核验码应为 64 位数字和字母（a–f），请检查是否输入完整。');
        else say('清单文件不完整或不一致，请联系网站主办单位。');
      })
      .catch(() => say('清单文件暂时无法读取，请稍后再试，或直接打开清单文件查找。'));
  });
}
