/**
 * CSV for department staff who open exports in Excel or WPS: UTF-8 with a byte
 * order mark (so Chinese is not garbled), CRLF rows, every cell quoted, and
 * cells that a spreadsheet would run as a formula neutralised (CSV injection).
 */

import { withoutBidiControls } from './visible-text.ts';

export const UTF8_BOM = '\uFEFF';

/** Leading characters that make Excel, WPS or LibreOffice treat a cell as a formula. */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠']);

/**
 * A cell value safe to open: a value starting with a formula trigger gets a
 * leading apostrophe, which spreadsheets show as text and never evaluate.
 */
export function neutraliseFormula(value: string): string {
  const first = value[0];
  return first !== undefined && FORMULA_TRIGGERS.has(first) ? `'${value}` : value;
}

/** Bidirectional controls are dropped: a cell must read as what it holds. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '""';
  const text = typeof value === 'string' ? neutraliseFormula(withoutBidiControls(value)) : String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return cells.map(csvCell).join(',');
}

/** A whole CSV document: BOM, header row, data rows, CRLF line ends. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return UTF8_BOM + [csvRow(header), ...rows.map(csvRow)].join('\r\n') + '\r\n';
}
