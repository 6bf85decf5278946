/**
 * The functions' and scripts' data files are found from any working directory, and the scheduled
 * notifications (no request to take an origin from) fall back to the site's own address.
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { builtFile } from '../../src/server/deploy-data.ts';
import { resetCommentRuntime, runtime } from '../../src/server/comment-runtime.ts';
import { fixtureData } from '../helpers/comments.ts';

const REPO = resolve(import.meta.dirname, '../..');

describe('builtFile', () => {
  it('takes the override, else the working directory, else the project the code belongs to', () => {
    expect(builtFile('dist/x.json', '/srv/data/x.json')).toBe('/srv/data/x.json');
    expect(builtFile('package.json')).toBe(resolve('package.json'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'gongkai-cwd-'));
    try {
      const module = pathToFileURL(join(REPO, 'src/server/deploy-data.ts')).href;
      const found = execFileSync(process.execPath, ['--input-type=module', '-e', `const { builtFile } = await import(${JSON.stringify(module)}); console.log(builtFile('package.json')); console.log(builtFile('dist/missing.json'));`], { cwd: elsewhere, encoding: 'utf8' });
      expect(found.trim().split('\n')).toEqual([join(REPO, 'package.json'), join(elsewhere, 'dist/missing.json')]);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('consultations without a request', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    resetCommentRuntime();
  });

  it('are read from the site’s own address when the file is not there', async () => {
    const server = createServer((req, res) => {
      if (req.url !== '/data/consultations.json') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fixtureData()));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      process.env.GONGKAI_CONSULTATIONS_FILE = join(tmpdir(), 'gongkai-no-such-dir', 'consultations.json');
      process.env.SITE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const data = await runtime().consultations();
      expect([...data.byId.keys()]).toContain('test-open');
    } finally {
      server.close();
    }
  });
});
