/**
 * Tables of ids and their Chinese labels (`{ id: '标签' } as const`): the ids a table lists, and whether
 * a string from a form or a file is one of them.
 */
export function tableIds<T extends object>(table: T): (keyof T & string)[] {
  return Object.keys(table) as (keyof T & string)[];
}

export function isTableId<T extends object>(table: T, value: string): value is keyof T & string {
  return Object.hasOwn(table, value);
}
