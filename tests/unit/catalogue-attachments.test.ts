/**
 * The sample catalogue's attachments are real files: each PDF has a header, a
 * cross-reference table whose offsets point at its objects, and a trailer; each
 * DOCX is a ZIP whose parts Word needs are present and whose main document is
 * well-formed WordprocessingML.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

const DIR = resolve(import.meta.dirname, '../../public/files/catalogue');
const files = readdirSync(DIR);

/** Entries of a ZIP file from its central directory: name → uncompressed bytes. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressed);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extra + comment;
  }
  return out;
}

describe('sample catalogue attachments', () => {
  it('has PDF and Word files', () => {
    expect(files.some((f) => f.endsWith('.pdf'))).toBe(true);
    expect(files.some((f) => f.endsWith('.docx'))).toBe(true);
  });

  for (const name of files.filter((f) => f.endsWith('.pdf'))) {
    it(`${name} is a well-formed PDF`, () => {
      const pdf = readFileSync(join(DIR, name));
      const text = pdf.toString('latin1');
      expect(text.startsWith('%PDF-1.')).toBe(true);
      expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
      const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
      expect(text.slice(startxref, startxref + 4)).toBe('xref');
      const [, first, count] = /^xref\s+(\d+) (\d+)/.exec(text.slice(startxref)) ?? [];
      expect(Number(first)).toBe(0);
      const rows = text.slice(startxref).split('\n').slice(2, 2 + Number(count));
      rows.slice(1).forEach((row, i) => {
        const offset = Number(row.slice(0, 10));
        expect(text.slice(offset).startsWith(`${i + 1} 0 obj`), `${name} object ${i + 1}`).toBe(true);
      });
      expect(/trailer\s*<<[^>]*\/Root 1 0 R/.test(text)).toBe(true);
      const length = Number(/\/Length (\d+) >>\nstream\n/.exec(text)?.[1]);
      const streamStart = text.indexOf('stream\n') + 'stream\n'.length;
      expect(text.slice(streamStart + length, streamStart + length + '\nendstream'.length)).toBe('\nendstream');
    });
  }

  for (const name of files.filter((f) => f.endsWith('.docx'))) {
    it(`${name} is a Word document Word can open`, () => {
      const parts = unzip(readFileSync(join(DIR, name)));
      for (const part of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml']) expect(parts.has(part), part).toBe(true);
      for (const [part, data] of parts) expect(XMLValidator.validate(data.toString('utf8')), part).toBe(true);
      const types = parts.get('[Content_Types].xml')!.toString('utf8');
      expect(types).toContain('PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"');
      expect(parts.get('_rels/.rels')!.toString('utf8')).toContain('Target="word/document.xml"');
      expect(parts.get('word/document.xml')!.toString('utf8')).toMatch(/<w:document [^>]*><w:body><w:p>/);
    });
  }
});
