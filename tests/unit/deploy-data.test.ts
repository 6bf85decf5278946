import { createServer } from 'node:http';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployDataLoader } from '../../src/server/deploy-data.ts';

const parse = (json: unknown, origin: string): { n: number; origin: string } => {
  if (typeof json !== 'object' || json === null || typeof (json as { n?: unknown }).n !== 'number') throw new Error(`${origin} is not a test file`);
  return { n: (json as { n: number }).n, origin };
};

describe('deployDataLoader', () => {
  let dir: string;
  let server: ReturnType<typeof createServer>;
  let origin: string;
  let status = 200;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deploy-data-'));
    server = createServer((req, res) => {
      if (req.url !== '/data/x.json') return void res.writeHead(404).end();
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ n: 7 }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    origin = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the file, keeps it until it changes, then reads it again', async () => {
    const load = deployDataLoader({ label: 'Test data', sitePath: '/data/x.json', parse });
    const file = join(dir, 'x.json');
    await writeFile(file, JSON.stringify({ n: 1 }));
    await utimes(file, 1000, 1000);
    const first = await load(file);
    expect(first).toEqual({ n: 1, origin: file });
    expect(await load(file)).toBe(first);
    await writeFile(file, JSON.stringify({ n: 2 }));
    await utimes(file, 2000, 2000);
    expect((await load(file)).n).toBe(2);
  });

  it('rejects a file the parser refuses', async () => {
    const load = deployDataLoader({ label: 'Test data', sitePath: '/data/x.json', parse });
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ n: 'one' }));
    await expect(load(file)).rejects.toThrow(`${file} is not a test file`);
  });

  it('without the file asks the fallback origin, and says when it cannot', async () => {
    const load = deployDataLoader({ label: 'Test data', sitePath: '/data/x.json', parse });
    const missing = join(dir, 'missing.json');
    await expect(load(missing)).rejects.toThrow(`Test data not found at ${missing}`);
    status = 200;
    expect(await load(missing, origin)).toEqual({ n: 7, origin: `${origin}/data/x.json` });
    status = 503;
    await expect(load(missing, origin)).rejects.toThrow(`Test data: ${origin}/data/x.json answered 503`);
  });
});
