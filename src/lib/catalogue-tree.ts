/**
 * Classification trees (主题、行业、机构分类): nodes with a code, a name, an
 * order and an optional parent. Pure: builds the tree, reports broken parents
 * and cycles, and groups items under every node of their subtree.
 */

export interface TreeNodeInput {
  code: string;
  name: string;
  order: number;
  parent?: string | undefined;
}

export interface TreeNode<T extends TreeNodeInput = TreeNodeInput> {
  code: string;
  name: string;
  order: number;
  parent: string | undefined;
  /** 0 for a root. */
  depth: number;
  /** Child codes, by order then code. */
  children: string[];
  data: T;
}

export interface Tree<T extends TreeNodeInput = TreeNodeInput> {
  nodes: ReadonlyMap<string, TreeNode<T>>;
  /** Root codes, by order then code. */
  roots: string[];
}

export interface TreeProblem {
  code: string;
  field: 'parent';
  message: string;
}

function byOrder<T extends TreeNodeInput>(nodes: ReadonlyMap<string, T>) {
  return (a: string, b: string) => {
    const na = nodes.get(a);
    const nb = nodes.get(b);
    return (na?.order ?? 0) - (nb?.order ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
  };
}

/**
 * Builds a tree. Nodes whose parent is missing, or that sit on a cycle (or
 * below one), are left out and reported, so the rest of the tree still works.
 */
export function buildTree<T extends TreeNodeInput>(inputs: readonly T[]): { tree: Tree<T>; problems: TreeProblem[] } {
  const problems: TreeProblem[] = [];
  const byCode = new Map<string, T>();
  for (const n of inputs) byCode.set(n.code, n);

  // A node is placed when the chain of parents from it reaches a root.
  const placed = new Map<string, boolean>();
  const placeable = (code: string): boolean => {
    const known = placed.get(code);
    if (known !== undefined) return known;
    const chain: string[] = [];
    const onChain = new Set<string>();
    let current: string | undefined = code;
    let ok = false;
    while (current !== undefined) {
      const cached = placed.get(current);
      if (cached !== undefined) {
        ok = cached;
        break;
      }
      if (onChain.has(current)) {
        ok = false;
        break;
      }
      const node = byCode.get(current);
      if (!node) {
        ok = false;
        break;
      }
      chain.push(current);
      onChain.add(current);
      if (node.parent === undefined) {
        ok = true;
        break;
      }
      current = node.parent;
    }
    for (const c of chain) placed.set(c, ok);
    return ok;
  };

  for (const n of inputs) {
    if (n.parent === undefined) continue;
    if (n.parent === n.code) {
      problems.push({ code: n.code, field: 'parent', message: `类目“${n.code}”不能以自己为上级类目` });
    } else if (!byCode.has(n.parent)) {
      problems.push({ code: n.code, field: 'parent', message: `找不到上级类目“${n.parent}”，请检查编码是否写错` });
    }
  }
  const onCycle = (code: string): boolean => {
    let current = byCode.get(code)?.parent;
    for (let steps = 0; current !== undefined && steps <= byCode.size; steps++) {
      if (current === code) return true;
      current = byCode.get(current)?.parent;
    }
    return false;
  };
  for (const n of inputs) {
    if (placeable(n.code) || n.parent === undefined || n.parent === n.code || !byCode.has(n.parent)) continue;
    problems.push(
      onCycle(n.code)
        ? { code: n.code, field: 'parent', message: `类目“${n.code}”的上级类目形成了循环（上级的上级最终又指回它），请改正 parent` }
        : { code: n.code, field: 'parent', message: `上级类目“${n.parent}”本身的上级类目有误，本类目因此无法归入分类树` },
    );
  }

  const nodes = new Map<string, TreeNode<T>>();
  const compare = byOrder(byCode);
  for (const n of inputs) {
    if (!placeable(n.code)) continue;
    nodes.set(n.code, { code: n.code, name: n.name, order: n.order, parent: n.parent, depth: 0, children: [], data: n });
  }
  const roots: string[] = [];
  for (const node of nodes.values()) {
    if (node.parent === undefined) roots.push(node.code);
    else nodes.get(node.parent)?.children.push(node.code);
  }
  roots.sort(compare);
  for (const node of nodes.values()) node.children.sort(compare);
  const setDepth = (code: string, depth: number) => {
    const node = nodes.get(code);
    if (!node) return;
    node.depth = depth;
    for (const c of node.children) setDepth(c, depth + 1);
  };
  for (const r of roots) setDepth(r, 0);
  return { tree: { nodes, roots }, problems };
}

/** The node's ancestors from the root down to its parent. */
export function ancestorsOf<T extends TreeNodeInput>(tree: Tree<T>, code: string): TreeNode<T>[] {
  const out: TreeNode<T>[] = [];
  let current = tree.nodes.get(code)?.parent;
  while (current !== undefined) {
    const node = tree.nodes.get(current);
    if (!node) break;
    out.unshift(node);
    current = node.parent;
  }
  return out;
}

/** Every node in display order (depth first, siblings by order). */
export function flattenTree<T extends TreeNodeInput>(tree: Tree<T>): TreeNode<T>[] {
  const out: TreeNode<T>[] = [];
  const visit = (code: string) => {
    const node = tree.nodes.get(code);
    if (!node) return;
    out.push(node);
    for (const c of node.children) visit(c);
  };
  for (const r of tree.roots) visit(r);
  return out;
}

/**
 * Groups items under each node of their classification and every ancestor of
 * it, keeping the order in which items come (pass them newest first). An item
 * classified twice within one subtree is listed there once.
 */
export function groupBySubtree<T extends TreeNodeInput, I>(tree: Tree<T>, items: readonly I[], codesOf: (item: I) => readonly string[]): Map<string, I[]> {
  const groups = new Map<string, I[]>();
  for (const code of tree.nodes.keys()) groups.set(code, []);
  const ancestry = new Map<string, string[]>();
  const selfAndAncestors = (code: string): string[] => {
    let cached = ancestry.get(code);
    if (!cached) {
      cached = tree.nodes.has(code) ? [code, ...ancestorsOf(tree, code).map((n) => n.code)] : [];
      ancestry.set(code, cached);
    }
    return cached;
  };
  for (const item of items) {
    const seen = new Set<string>();
    for (const code of codesOf(item)) {
      for (const c of selfAndAncestors(code)) {
        if (seen.has(c)) continue;
        seen.add(c);
        groups.get(c)?.push(item);
      }
    }
  }
  return groups;
}

/** Groups items under the nodes they are filed on (no ancestors), keeping the order in which they come. */
export function groupByNode<T extends TreeNodeInput, I>(tree: Tree<T>, items: readonly I[], codesOf: (item: I) => readonly string[]): Map<string, I[]> {
  const groups = new Map<string, I[]>();
  for (const code of tree.nodes.keys()) groups.set(code, []);
  for (const item of items) {
    for (const code of new Set(codesOf(item))) groups.get(code)?.push(item);
  }
  return groups;
}
