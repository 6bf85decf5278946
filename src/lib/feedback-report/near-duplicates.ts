/**
 * Near-duplicate comments (mass campaigns: one text sent many times, with small
 * changes): compared after removing what does not change the meaning (spaces,
 * punctuation, width, case), by the overlap of character pairs (Dice
 * coefficient). Texts equal after that are one group at once; distinct ones are
 * compared pairwise, skipping pairs whose lengths already rule the threshold out.
 */

/** Comments at least this similar are grouped (0.85: a signature or a sentence changed in a long text). */
export const NEAR_DUPLICATE_THRESHOLD = 0.85;

export function comparableText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

function bigrams(text: string): Map<string, number> {
  const chars = [...text];
  const grams = new Map<string, number>();
  if (chars.length === 1) grams.set(chars[0]!, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i]! + chars[i + 1]!;
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

function gramCount(grams: Map<string, number>): number {
  let n = 0;
  for (const v of grams.values()) n += v;
  return n;
}

/** Dice coefficient of the two texts' character pairs (1 for equal texts, 0 for nothing shared). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const ga = bigrams(a);
  const gb = bigrams(b);
  const total = gramCount(ga) + gramCount(gb);
  if (total === 0) return 0;
  let shared = 0;
  for (const [g, n] of ga) shared += Math.min(n, gb.get(g) ?? 0);
  return (2 * shared) / total;
}

export interface DuplicateGroup<T> {
  /** The first member (earliest in the input): what the group is read as. */
  representative: T;
  members: T[];
}

/** Groups items whose texts are near-duplicates (transitively), in the order of their first member. */
export function groupNearDuplicates<T>(items: readonly T[], textOf: (item: T) => string, threshold = NEAR_DUPLICATE_THRESHOLD): DuplicateGroup<T>[] {
  // Equal comparable texts first: a campaign of thousands becomes one entry.
  const byText = new Map<string, T[]>();
  for (const item of items) {
    const key = comparableText(textOf(item));
    const list = byText.get(key);
    if (list) list.push(item);
    else byText.set(key, [item]);
  }
  const texts = [...byText.keys()];
  const lengths = texts.map((t) => [...t].length);
  const parent = texts.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const [short, long] = lengths[i]! < lengths[j]! ? [lengths[i]!, lengths[j]!] : [lengths[j]!, lengths[i]!];
      // Dice ≤ 2·short / (short + long): too different in length to reach the threshold.
      if (long === 0 || (2 * short) / (short + long) < threshold) continue;
      if (find(i) !== find(j) && similarity(texts[i]!, texts[j]!) >= threshold) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, T[]>();
  texts.forEach((t, i) => {
    const root = find(i);
    const list = groups.get(root) ?? [];
    list.push(...byText.get(t)!);
    groups.set(root, list);
  });
  const order = new Map(items.map((item, i) => [item, i]));
  return [...groups.values()]
    .map((members) => members.sort((a, b) => order.get(a)! - order.get(b)!))
    .sort((a, b) => order.get(a[0]!)! - order.get(b[0]!)!)
    .map((members) => ({ representative: members[0]!, members }));
}
