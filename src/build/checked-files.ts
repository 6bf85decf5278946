/**
 * The Markdown files the build's content check has read, handed on to the
 * collections' loader (src/build/markdown-loader.ts): each file is read and
 * its front matter parsed once per build instead of twice, and the site is
 * built from exactly the text that was checked.
 *
 * Process-wide (globalThis): the check runs in the module graph of
 * astro.config.mjs, the loader in Vite's, so each has its own copy of this
 * module. Nothing is kept unless the build's check asks for it.
 */

export interface CheckedFile {
  /** The whole file as read. */
  text: string;
  /** Its parsed front matter (what the check validated). */
  data: unknown;
  /** Offset just past the closing `---` of the front matter. */
  frontmatterEnd: number;
}

/** Absolute folder path → file name → what the check read there. */
type Folders = Map<string, Map<string, CheckedFile>>;

const KEY = Symbol.for('gongkai.checkedMarkdownFiles');
type Holder = { [KEY]?: { recording: boolean; folders: Folders } };

function state() {
  const holder = globalThis as Holder;
  holder[KEY] ??= { recording: false, folders: new Map() };
  return holder[KEY];
}

/** Runs `check`, keeping every folder of Markdown files it reads whole for the loader. */
export function keepingCheckedFiles<T>(check: () => T): T {
  const s = state();
  s.folders.clear();
  s.recording = true;
  try {
    return check();
  } finally {
    s.recording = false;
  }
}

export function isKeepingCheckedFiles(): boolean {
  return state().recording;
}

/** A folder read whole (every file parsed); a folder read again replaces what was kept. */
export function keepCheckedFolder(dir: string, files: Map<string, CheckedFile>): void {
  const s = state();
  if (s.recording) s.folders.set(dir, files);
}

/** What the check read in `dir` (absolute), handed over once: a second call gets nothing. */
export function takeCheckedFolder(dir: string): Map<string, CheckedFile> | undefined {
  const { folders } = state();
  const files = folders.get(dir);
  folders.delete(dir);
  return files;
}

/** Drops whatever no loader took (frees the memory once the collections are loaded). */
export function discardCheckedFiles(): void {
  state().folders.clear();
}
