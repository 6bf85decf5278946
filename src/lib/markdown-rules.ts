/**
 * Rules about the Markdown text editors write, beyond what the schemas check. Pure.
 */

/** A GFM table delimiter row (`| --- | ---: |`) with at least one column alignment colon. */
const ALIGNED_DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/**
 * Line numbers (1-based, counted in the body) of table delimiter rows that set a
 * column alignment (`:---`, `---:`, `:---:`). Markdown renders alignment as a
 * `style` attribute, which the site's Content-Security-Policy blocks. Fenced code
 * blocks are skipped.
 */
export function alignedTableRows(body: string): number[] {
  const lines = body.split(/\r?\n/);
  const found: number[] = [];
  let fence: string | null = null;
  lines.forEach((line, i) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker) {
      if (fence === null) fence = marker[0]!;
      else if (marker[0] === fence) fence = null;
      return;
    }
    if (fence !== null) return;
    // A delimiter row needs a pipe (a lone `---` is a rule or a heading underline) and follows a header row.
    if (line.includes('|') && line.includes(':') && ALIGNED_DELIMITER_ROW.test(line) && (lines[i - 1] ?? '').includes('|')) found.push(i + 1);
  });
  return found;
}
