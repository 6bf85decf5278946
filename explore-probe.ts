import { chromium, type Page } from 'playwright-core';
import { startStaticServer } from './src/server/static-server.ts';
import { handleFunctionRequest } from './src/server/local-functions.ts';
import { startEditorProxy } from './src/server/editor-proxy.ts';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
const T = readFileSync('/tmp/s5probe/tree', 'utf8').trim(); const O = readFileSync('/tmp/s5probe/out', 'utf8').trim();
const proxy = await startEditorProxy({ repoDir: T, port: 8081 });
const server = await startStaticServer({ root: O, functions: handleFunctionRequest });
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--no-first-run'] });
const p = await (await b.newContext({ timezoneId: 'Asia/Shanghai', locale: 'zh-CN', viewport: {width: 1280, height: 900} })).newPage();
const msgs: string[] = []; p.on('console', m => { if (m.type() !== 'log') msgs.push(m.type()+': '+m.text().slice(0,200)); }); p.on('pageerror', e => msgs.push('pageerror: '+e.message.slice(0,300)));
const field = (name: string) => p.locator(`[id^="${name}-field-"]`).first();
async function choose(name: string, text: string) { const f = field(name); await f.click(); await f.pressSequentially(text); await p.keyboard.press('Enter'); }
try {
await p.goto(server.url + '/admin/');
await p.getByRole('button', { name: '登录' }).click();
await p.goto(server.url + '/admin/#/collections/catalogueItems/new');
await field('title').fill('2025年全国收费公路统计公报');
await choose('kind', '公告');
await choose('issuer', 'jtb-glj');
await field('published').fill('2026-11-20');
await choose('topics', 'zt11');
await p.getByRole('button', { name: /新增附件/ }).click();
await p.waitForTimeout(500);
writeFileSync('/tmp/s5probe/att.html', await p.content());
await p.locator('[id^="attachments-field-"]').locator('[id^="title-field-"]').first().fill('统计公报全文');
await p.getByRole('button', { name: '选择文件' }).click();
await p.waitForTimeout(1000);
writeFileSync('/tmp/s5probe/media.html', await p.content());
await p.locator('input[type="file"]').setInputFiles({ name: 'gonglu-tongji-2025.pdf', mimeType: 'application/pdf', buffer: readFileSync('tests/fixtures/catalogue-good/public/files/catalogue/rule-2020.pdf') });
await p.waitForTimeout(1500);
await p.screenshot({ path: '/tmp/s5probe/e6.png' });
await p.getByRole('button', { name: '选用已选中项目' }).click();
const body = p.locator('[data-slate-editor="true"]').first();
await body.click(); await p.keyboard.type('2025年全国收费公路统计情况。');
await p.getByRole('button', { name: '发布' }).first().click();
await p.getByText('立即发布').click();
await p.waitForTimeout(3000);
await p.screenshot({ path: '/tmp/s5probe/e7.png' });


} catch (e) { console.log('ERR', e); }
console.log(msgs.join('\n'));

await b.close(); await server.close(); await proxy.close();
