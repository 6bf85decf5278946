/**
 * Search finds what only a PDF attachment says: each phrase below is checked to
 * be in the attachment's text and NOT in the page that offers it (so the page
 * alone cannot be what matched), and the search must return the attachment's
 * own record (the page's URL with a #fragment) among the first results.
 * The phrases sit well into the PDF's text, not in its first lines.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractPdfText } from '../../src/build/pdf-text.ts';
import { normalizeQuery } from '../../src/lib/search.ts';
import { loadPagefind, type PagefindApi } from '../helpers/pagefind.ts';
import { readPage, SITE_DIR, textOf } from '../helpers/site.ts';

const PDF_ONLY = [
  { phrase: '年度计量周期', page: '/consultations/jumin-jieti-shuijia-tiaozheng/', pdf: 'public/files/consultations/jumin-jieti-shuijia-tiaozheng-fang-an-shuoming.pdf' },
  { phrase: '来水成本和污水处理成本', page: '/consultations/jumin-jieti-shuijia-tiaozheng/', pdf: 'public/files/consultations/jumin-jieti-shuijia-tiaozheng-fang-an-shuoming.pdf' },
] as const;

let pagefind: PagefindApi;
beforeAll(async () => {
  pagefind = await loadPagefind(SITE_DIR);
});

describe('phrases found only in a PDF attachment', () => {
  for (const c of PDF_ONLY) {
    it(`${c.phrase} → the attachment of ${c.page}`, async () => {
      const pdfText = (await extractPdfText(readFileSync(c.pdf))).replace(/\s/g, '');
      const at = pdfText.indexOf(c.phrase);
      expect(at, 'the phrase is in the PDF').toBeGreaterThanOrEqual(60);
      expect(textOf(readPage(c.page)).replace(/\s/g, ''), 'the phrase is not on the page itself').not.toContain(c.phrase);

      const response = await pagefind.search(normalizeQuery(c.phrase));
      const urls = await Promise.all(response.results.slice(0, 10).map(async (r) => (await r.data()).url));
      expect(urls.filter((u) => u.startsWith(`${c.page}#`)), `first results: ${urls.join(' ')}`).not.toEqual([]);
    });
  }
});
