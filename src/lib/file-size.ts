/** File sizes as attachment links show them: 356 KB, 1.2 MB. Binary units, as file managers count. */

const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;

function oneDecimal(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1);
}

export function formatFileSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0 || !Number.isInteger(bytes)) throw new RangeError(`Not a file size: ${bytes}`);
  if (bytes < KB) return `${bytes} B`;
  // Rounding may carry into the next unit (1023.96 KB → 1 MB), so compare against the rounded value.
  if (Math.round((bytes / KB) * 10) / 10 < 1024) return `${oneDecimal(bytes / KB)} KB`;
  if (Math.round((bytes / MB) * 10) / 10 < 1024) return `${oneDecimal(bytes / MB)} MB`;
  return `${oneDecimal(bytes / GB)} GB`;
}
