/**
 * The web editor's local proxy: Decap's own decap-server, in file-system mode, writing what the editor
 * saves straight into a working tree (no account, no network). Listens on 127.0.0.1 only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

export interface EditorProxy {
  /** The API address the editor's configuration names (…/api/v1). */
  readonly url: string;
  close(): Promise<void>;
}

/** Asks the proxy what it serves; true once it answers. */
async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"action":"info"}' });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Starts decap-server on 127.0.0.1:`port` for the files under `repoDir`; resolves once it answers.
 * Rejects with a Chinese message when it exits first (e.g. the port is taken).
 */
export async function startEditorProxy(options: { repoDir: string; port: number; timeoutMs?: number }): Promise<EditorProxy> {
  const entry = createRequire(import.meta.url).resolve('decap-server/dist/index.js');
  const url = `http://127.0.0.1:${options.port}/api/v1`;
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: options.repoDir,
    env: { PATH: process.env.PATH ?? '', PORT: String(options.port), BIND_HOST: '127.0.0.1', MODE: 'fs', GIT_REPO_DIRECTORY: options.repoDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  const close = () =>
    new Promise<void>((resolve) => {
      if (exited) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  while (!(await answers(url))) {
    if (exited || Date.now() > deadline) {
      await close();
      throw new Error(`网页编辑器的本地服务未能在 127.0.0.1:${options.port} 启动 / the editor's local proxy did not start${errors ? `:\n${errors.trim()}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, close };
}
