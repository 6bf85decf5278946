/**
 * What a tree node's page lists. A node without sub-nodes lists its items,
 * paginated. A node with sub-nodes lists the sub-nodes with their counts and a
 * preview of the newest items beneath it, and paginates only the items filed on
 * the node itself: every item then appears in one paginated list per tree, not
 * once per ancestor, which keeps the number of pages close to the number of
 * items at any size. Pure.
 */
import type { Tree, TreeNodeInput } from './catalogue-tree.ts';

/** Entries on one catalogue list page: short enough to scan on a phone, long enough to keep the page count low at 20,000 items. */
export const CATALOGUE_PAGE_SIZE = 30;
/** Newest items shown on a node with sub-nodes. */
export const PREVIEW_SIZE = 10;

export interface NodeListing<I> {
  /** Items filed on this node itself (its whole list when it has no sub-nodes), to paginate. */
  paginated: readonly I[];
  /** Newest items of the whole subtree, on a node with sub-nodes; empty otherwise. */
  preview: readonly I[];
  /** Items in the node's subtree. */
  total: number;
}

export function nodeListing<T extends TreeNodeInput, I>(
  tree: Tree<T>,
  subtree: ReadonlyMap<string, readonly I[]>,
  direct: ReadonlyMap<string, readonly I[]>,
  code: string,
): NodeListing<I> {
  const node = tree.nodes.get(code);
  if (!node) throw new Error(`No node ${code}`);
  const all = subtree.get(code) ?? [];
  if (node.children.length === 0) return { paginated: all, preview: [], total: all.length };
  return { paginated: direct.get(code) ?? [], preview: all.slice(0, PREVIEW_SIZE), total: all.length };
}
