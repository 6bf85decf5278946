import { describe, expect, it } from 'vitest';
import { ancestorsOf, buildTree, flattenTree, groupBySubtree, type TreeNodeInput } from '../../src/lib/catalogue-tree.ts';

const node = (code: string, order: number, parent?: string): TreeNodeInput => ({ code, name: `名称${code}`, order, parent });

describe('buildTree', () => {
  it('orders roots and children by order, then code, and sets depths', () => {
    const { tree, problems } = buildTree([node('b', 2), node('a', 2), node('c', 1), node('a2', 2, 'a'), node('a1', 1, 'a'), node('a1x', 1, 'a1')]);
    expect(problems).toEqual([]);
    expect(tree.roots).toEqual(['c', 'a', 'b']);
    expect(tree.nodes.get('a')?.children).toEqual(['a1', 'a2']);
    expect(tree.nodes.get('a1x')?.depth).toBe(2);
    expect(flattenTree(tree).map((n) => n.code)).toEqual(['c', 'a', 'a1', 'a1x', 'a2', 'b']);
    expect(ancestorsOf(tree, 'a1x').map((n) => n.code)).toEqual(['a', 'a1']);
    expect(ancestorsOf(tree, 'c')).toEqual([]);
  });

  it('reports an unknown parent and leaves the node and its subtree out', () => {
    const { tree, problems } = buildTree([node('a', 1), node('x', 1, 'missing'), node('y', 1, 'x')]);
    expect(problems.map((p) => [p.code, p.message])).toEqual([
      ['x', expect.stringContaining('找不到上级类目“missing”')],
      ['y', expect.stringContaining('上级类目“x”本身的上级类目有误')],
    ]);
    expect([...tree.nodes.keys()]).toEqual(['a']);
  });

  it('reports a node that is its own parent', () => {
    const { tree, problems } = buildTree([node('a', 1, 'a')]);
    expect(problems).toEqual([{ code: 'a', field: 'parent', message: expect.stringContaining('不能以自己为上级类目') }]);
    expect(tree.nodes.size).toBe(0);
  });

  it('reports every node on a cycle and a node hanging below it, without looping', () => {
    const { tree, problems } = buildTree([node('r', 1), node('a', 1, 'c'), node('b', 1, 'a'), node('c', 1, 'b'), node('d', 1, 'c')]);
    const byCode = new Map(problems.map((p) => [p.code, p.message]));
    for (const code of ['a', 'b', 'c']) expect(byCode.get(code)).toContain('形成了循环');
    expect(byCode.get('d')).toContain('本身的上级类目有误');
    expect([...tree.nodes.keys()]).toEqual(['r']);
  });
});

describe('groupBySubtree', () => {
  const { tree } = buildTree([node('a', 1), node('a1', 1, 'a'), node('a2', 2, 'a'), node('b', 2)]);

  it('lists an item under its node and every ancestor, in the order given', () => {
    const items = [
      { id: 'new', codes: ['a1'] },
      { id: 'mid', codes: ['b'] },
      { id: 'old', codes: ['a2'] },
    ];
    const groups = groupBySubtree(tree, items, (i) => i.codes);
    expect(groups.get('a')?.map((i) => i.id)).toEqual(['new', 'old']);
    expect(groups.get('a1')?.map((i) => i.id)).toEqual(['new']);
    expect(groups.get('b')?.map((i) => i.id)).toEqual(['mid']);
  });

  it('counts an item classified twice in one subtree once there', () => {
    const groups = groupBySubtree(tree, [{ id: 'x', codes: ['a1', 'a2'] }], (i) => i.codes);
    expect(groups.get('a')?.length).toBe(1);
    expect(groups.get('a1')?.length).toBe(1);
    expect(groups.get('a2')?.length).toBe(1);
  });

  it('has an empty list for every node without items and ignores unknown codes', () => {
    const groups = groupBySubtree(tree, [{ id: 'x', codes: ['nope'] }], (i) => i.codes);
    expect([...groups.values()].every((g) => g.length === 0)).toBe(true);
    expect(groups.size).toBe(4);
  });
});
