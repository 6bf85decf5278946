/**
 * The five-level grid as pages show it: each node with its level's name and the
 * contact that answers for it (its own, or the nearest level above that has one).
 * Pure.
 */
import { GRID_LEVELS, type GridLevel } from './community.ts';

interface GridNodeInput {
  name: string;
  responsible: string;
  contact?: string | undefined;
}

export interface GridInput extends GridNodeInput {
  contact: string;
  unitResponsible: string;
  stations: (GridNodeInput & { compounds: (GridNodeInput & { buildings: (GridNodeInput & { units: number })[] })[] })[];
}

export interface GridNodeView {
  level: GridLevel;
  name: string;
  responsible: string;
  contact: string;
  /** False when the contact is the level above's. */
  ownContact: boolean;
  children: GridNodeView[];
}

export type GridView = GridNodeView;

function node(level: number, input: GridNodeInput, inherited: string, children: (contact: string) => GridNodeView[]): GridNodeView {
  const contact = input.contact ?? inherited;
  return { level: GRID_LEVELS[level]!, name: input.name, responsible: input.responsible, contact, ownContact: input.contact !== undefined, children: children(contact) };
}

export function gridWithContacts(grid: GridInput): GridView {
  return node(0, grid, grid.contact, (c0) =>
    grid.stations.map((s) =>
      node(1, s, c0, (c1) =>
        s.compounds.map((p) =>
          node(2, p, c1, (c2) =>
            p.buildings.map((b) =>
              node(3, b, c2, (c3) =>
                Array.from({ length: b.units }, (_, i) => ({ level: GRID_LEVELS[4], name: `${i + 1} 单元`, responsible: grid.unitResponsible, contact: c3, ownContact: false, children: [] })),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** How many nodes each level has (社区党总支 1, 网格服务站 2, …). */
export function gridLevelCounts(grid: GridView): Record<GridLevel, number> {
  const counts = Object.fromEntries(GRID_LEVELS.map((l) => [l, 0])) as Record<GridLevel, number>;
  const walk = (n: GridNodeView) => {
    counts[n.level]++;
    n.children.forEach(walk);
  };
  walk(grid);
  return counts;
}
