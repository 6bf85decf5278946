/**
 * Content trees for checker and build tests: the good fixture tree, and copies of it
 * in a temporary directory with an editor's mistake written into real files.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A complete small content tree that passes the content check (see its README). */
export const GOOD_TREE = resolve(import.meta.dirname, '../fixtures/content-good');
/** A small disclosure catalogue that passes the catalogue check (see its README). */
export const CATALOGUE_TREE = resolve(import.meta.dirname, '../fixtures/catalogue-good');

export interface TreeEditor {
  readonly root: string;
  read(file: string): string;
  write(file: string, text: string): void;
  /** Replaces text that must occur exactly once in the file, so a stale case fails loudly. */
  replace(file: string, from: string, to: string): void;
  remove(file: string): void;
}

/** An editor of the files under `root`. */
export function treeEditor(root: string): TreeEditor {
  const at = (file: string) => join(root, file);
  return {
    root,
    read: (file) => readFileSync(at(file), 'utf8'),
    write: (file, text) => writeFileSync(at(file), text),
    replace(file, from, to) {
      const text = readFileSync(at(file), 'utf8');
      const count = text.split(from).length - 1;
      if (count !== 1) throw new Error(`${file}: expected exactly one ${JSON.stringify(from)}, found ${count}`);
      writeFileSync(at(file), text.replace(from, () => to));
    },
    remove: (file) => rmSync(at(file)),
  };
}

/** Copies the good tree to a new temporary directory, applies `edit`, returns the root. Caller removes it. */
export function makeBrokenTree(edit: (tree: TreeEditor) => void): string {
  const root = mkdtempSync(join(tmpdir(), 'gongkai-content-'));
  cpSync(GOOD_TREE, root, { recursive: true });
  edit(treeEditor(root));
  return root;
}

/** The consultation tree and the catalogue tree in one temporary content tree that passes the check (with the catalogue's issuers). Caller removes it. */
export function makeCombinedTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'gongkai-content-'));
  cpSync(GOOD_TREE, root, { recursive: true });
  cpSync(CATALOGUE_TREE, root, { recursive: true, filter: (source) => !source.endsWith('README.md') });
  const departments = readFileSync(join(root, 'content/departments.yaml'), 'utf8');
  writeFileSync(
    join(root, 'content/departments.yaml'),
    `${departments.trimEnd()}\n${[
      ['jtb', '交通运输部', '交通运输部'],
      ['jtb-glj', '交通运输部公路局', '部公路局'],
      ['sz-mzj', '酒泉市肃州区民政局', '区民政局'],
    ]
      .map(([id, name, shortName]) => `${id}:\n  name: ${name}\n  shortName: ${shortName}\n  email: ${id}@example.gov.cn\n`)
      .join('')}`,
  );
  return root;
}
