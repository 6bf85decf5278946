/**
 * Text of PDF attachments, for the search index. unpdf wraps pdf.js; Chinese
 * PDFs that use a predefined CJK encoding without embedded fonts (UniGB-UCS2-H,
 * GBK-EUC-H … — common in government files) need pdf.js's CMap files to map
 * their codes to characters. The simplified-Chinese set is kept in
 * src/build/pdf-cmaps/ (see its README); files in other such encodings yield no
 * text, which the caller reports.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractText, getDocumentProxy } from 'unpdf';

/** Directory of the packed CMaps (with a trailing slash), or undefined when it is missing. */
export function pdfCMapDirectory(): string | undefined {
  const candidates = [
    // Next to this module when it runs from the source tree (scripts, tests)…
    import.meta.url.startsWith('file:') ? fileURLToPath(new URL('./pdf-cmaps/', import.meta.url)) : undefined,
    // …and from the project root when Astro bundled it into its config.
    resolve(process.cwd(), 'src/build/pdf-cmaps'),
  ];
  const dir = candidates.find((d) => d !== undefined && existsSync(resolve(d, 'UniGB-UCS2-H.bcmap')));
  return dir === undefined ? undefined : `${resolve(dir)}/`;
}

/**
 * Joins the lines pdf.js returns into searchable text: a line break between two
 * Chinese characters is a wrap inside a sentence (removing it keeps words whole
 * for the segmenter); other white space runs become one space.
 */
export function joinPdfLines(text: string): string {
  return text
    .replace(/(\p{Script=Han}|[，。、；：？！）》」』])\s*\n\s*(?=\p{Script=Han}|[（《「『])/gu, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** All text of a PDF, lines joined. Throws on a file pdf.js cannot read. `null`: read without CMaps. */
export async function extractPdfText(bytes: Uint8Array, cMapDirectory: string | null = pdfCMapDirectory() ?? null): Promise<string> {
  // pdf.js may transfer the buffer it is given: hand it a copy.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), {
    verbosity: 0,
    ...(cMapDirectory ? { cMapUrl: cMapDirectory, cMapPacked: true } : {}),
  });
  try {
    const { text } = await extractText(pdf, { mergePages: true });
    return joinPdfLines(text);
  } finally {
    // Releases the worker-side document (unpdf's own helpers do the same).
    await pdf.loadingTask.destroy();
  }
}
