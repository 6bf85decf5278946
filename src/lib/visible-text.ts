/**
 * The one rule for free text the public sends (comments, reports, subscriptions
 * and every intake to come): what counts is what a reader sees. A character
 * counts when its grapheme cluster holds a letter, number, punctuation or
 * symbol that is not default-ignorable, so zero-width spaces, word joiners,
 * Hangul fillers, soft hyphens, lone combining marks and bidirectional
 * controls count for nothing, as ideographic spaces already did.
 *
 * Bidirectional controls can make a line read differently from what it is
 * (`‮fdp.exe` shows as `exe.pdf`): single-line fields refuse them, file names,
 * mail headers and CSV cells have them removed. No dependencies: page scripts
 * may count the same way.
 */

/** U+061C, U+200E/U+200F, U+202A–U+202E, U+2066–U+2069. */
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Control characters other than tab and line ends (multi-line text). */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** Single-line fields: no line breaks or control characters (they could reach mail headers). */
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A character that shows something. Hangul fillers are letters and the Braille
 * blank a symbol by category, yet print nothing: default-ignorable code points
 * and U+2800 are taken out.
 */
const SHOWS_SOMETHING = /[[\p{L}\p{N}\p{P}\p{S}]--[\p{Default_Ignorable_Code_Point}\u2800]]/v;

const graphemes = new Intl.Segmenter('zh-CN', { granularity: 'grapheme' });

/** How many characters a reader sees: grapheme clusters that show something. */
export function visibleLength(text: string): number {
  let n = 0;
  for (const { segment } of graphemes.segment(text)) if (SHOWS_SOMETHING.test(segment)) n++;
  return n;
}

export function hasBidiControl(text: string): boolean {
  return BIDI_CONTROL.test(text);
}

export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

export type FreeTextProblem = 'empty' | 'control' | 'bidi' | 'invisible' | 'too-short' | 'too-long';

export interface FreeTextRule {
  /** Names, places, contact details: no line breaks, no bidirectional controls. */
  singleLine: boolean;
  /** Fewest characters a reader must see (default 1). */
  minVisible?: number;
  /** Most code points stored (what the form's counter shows). */
  maxChars: number;
}

export type FreeTextCheck = { ok: true; visible: number } | { ok: false; problem: FreeTextProblem; visible: number; chars: number };

/**
 * Checks one free-text value as the intake will store it (already trimmed and
 * normalised by the caller). Problems in this order: empty, control characters,
 * bidirectional controls (single-line only), nothing visible, too few visible
 * characters, too many characters.
 */
export function checkFreeText(value: string, rule: FreeTextRule): FreeTextCheck {
  const chars = [...value].length;
  const visible = visibleLength(value);
  const problem = (p: FreeTextProblem): FreeTextCheck => ({ ok: false, problem: p, visible, chars });
  if (value === '') return problem('empty');
  if ((rule.singleLine ? CONTROL_IN_LINE : CONTROL_IN_TEXT).test(value)) return problem('control');
  if (rule.singleLine && hasBidiControl(value)) return problem('bidi');
  if (visible === 0) return problem('invisible');
  if (visible < (rule.minVisible ?? 1)) return problem('too-short');
  if (chars > rule.maxChars) return problem('too-long');
  return { ok: true, visible };
}
