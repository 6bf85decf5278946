/**
 * The web editor's configuration, generated from the content schemas: every field of every exposed
 * collection reaches it (walked here independently of the generator), with a Chinese label, the schema's
 * allowed values and the ids other files may name; the git host comes from the environment.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'astro/zod';
import yaml from 'js-yaml';
import { EDITOR_COLLECTIONS, editorCollection, editorConfig, editorConfigYaml, type EditorField } from '../../src/build/editor-config.ts';
import { editorConnectOrigins, editorSettings } from '../../src/lib/editor/settings.ts';
import { editorContentSecurityPolicy, editorPageResponse, EDITOR_PATH } from '../../src/server/editor-page.ts';
import { consultationSchema, LIFECYCLE_STAGES } from '../../src/schemas/consultation.ts';
import { CATALOGUE_KINDS } from '../../src/schemas/catalogue.ts';
import { readDataMap } from '../../src/build/content-files.ts';
import { CONTENT_PATHS } from '../../src/build/content-paths.ts';
import { GOOD_TREE } from '../helpers/content-tree.ts';

const ROOT = process.cwd();
const LOCAL = editorSettings({});

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType };
const def = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Dotted paths of every field of a schema: nested objects and lists of objects included. */
function schemaPaths(schema: z.ZodType, prefix = ''): string[] {
  let d = def(schema);
  while (['optional', 'nullable', 'default', 'prefault'].includes(d.type)) d = def(d.innerType!);
  if (d.type === 'array') return schemaPaths(d.element!, prefix);
  if (d.type === 'pipe') return def(d.in!).type === 'object' ? schemaPaths(d.in!, prefix) : def(d.out!).type === 'object' ? schemaPaths(d.out!, prefix) : [];
  if (d.type !== 'object') return [];
  return Object.entries(d.shape!).flatMap(([key, value]) => [`${prefix}${key}`, ...schemaPaths(value, `${prefix}${key}.`)]);
}

function configPaths(fields: readonly EditorField[], prefix = ''): string[] {
  return fields.flatMap((f) => [`${prefix}${f.name}`, ...configPaths(f.fields ?? [], `${prefix}${f.name}.`)]);
}

function allFields(fields: readonly EditorField[]): EditorField[] {
  return fields.flatMap((f) => [f, ...allFields(f.fields ?? [])]);
}

const collectionFields = (name: string, root = ROOT) => {
  const spec = EDITOR_COLLECTIONS.find((c) => c.name === name)!;
  return editorCollection(spec, root).fields as EditorField[];
};

describe('the editor configuration generated from the schemas', () => {
  it('exposes consultations, feedback and the catalogue among its collections', () => {
    expect(EDITOR_COLLECTIONS.map((c) => c.name)).toEqual(expect.arrayContaining(['consultations', 'feedback', 'catalogueItems']));
  });

  for (const spec of EDITOR_COLLECTIONS) {
    it(`${spec.name}: has a field for every field of its schema, and only those (plus the body)`, () => {
      const fields = editorCollection(spec, ROOT).fields as EditorField[];
      expect(configPaths(fields).sort()).toEqual([...schemaPaths(spec.schema), 'body'].sort());
    });

    it(`${spec.name}: labels every field in Chinese`, () => {
      const unlabelled = allFields(editorCollection(spec, ROOT).fields as EditorField[]).filter((f) => !/\p{Script=Han}/u.test(f.label));
      expect(unlabelled.map((f) => f.name)).toEqual([]);
    });
  }

  it('reaches a field added to a schema without any other change', () => {
    const spec = EDITOR_COLLECTIONS.find((c) => c.name === 'consultations')!;
    const extended = z.object({ ...consultationSchema.shape, contactPerson: z.string().optional() });
    const fields = editorCollection({ ...spec, schema: extended }, ROOT).fields as EditorField[];
    expect(fields.find((f) => f.name === 'contactPerson')).toMatchObject({ widget: 'string', required: false });
  });

  it('offers the schema enums as choices, and the ids of the data files with their names', () => {
    const consultation = collectionFields('consultations');
    expect(consultation.find((f) => f.name === 'stage')).toMatchObject({ widget: 'select', options: [...LIFECYCLE_STAGES], required: true });
    const departments = [...readDataMap(GOOD_TREE, CONTENT_PATHS.departments).entries.keys()];
    const department = collectionFields('consultations', GOOD_TREE).find((f) => f.name === 'department')!;
    expect(department.widget).toBe('select');
    expect((department.options as { value: string }[]).map((o) => o.value)).toEqual(departments);
    expect((department.options as { label: string }[])[0]!.label).toMatch(/（.+）$/);
    expect(collectionFields('catalogueItems').find((f) => f.name === 'kind')).toMatchObject({ options: [...CATALOGUE_KINDS] });
    expect(collectionFields('feedback').find((f) => f.name === 'consultation')).toMatchObject({ widget: 'relation', collection: 'consultations' });
  });

  it('writes times as Beijing wall-clock text and dates as YYYY-MM-DD, the forms the content check reads', () => {
    const consultation = collectionFields('consultations');
    expect(consultation.find((f) => f.name === 'opens')).toMatchObject({ widget: 'datetime', format: 'YYYY-MM-DD HH:mm', picker_utc: false });
    expect(consultation.find((f) => f.name === 'closes')?.hint).toContain('24 时');
    expect(collectionFields('catalogueItems').find((f) => f.name === 'published')).toMatchObject({ widget: 'datetime', format: 'YYYY-MM-DD', time_format: false });
  });

  it('makes the parts of an optional group optional in the editor (the check still requires them once the group is filled)', () => {
    const post = collectionFields('consultations').find((f) => f.name === 'channels')!.fields!.find((f) => f.name === 'post')!;
    expect(post.required).toBe(false);
    expect(post.fields!.map((f) => f.required)).toEqual([false, false, false, false]);
  });

  it('uploads each collection’s attachments into its own public/files/ folder and names files by ASCII ids', () => {
    const config = editorConfig(ROOT, LOCAL) as { collections: Record<string, unknown>[] };
    const consultations = config.collections.find((c) => c.name === 'consultations')!;
    expect(consultations).toMatchObject({ folder: CONTENT_PATHS.consultations, media_folder: '/public/files/consultations', public_folder: '/files/consultations', extension: 'md' });
    const catalogue = config.collections.find((c) => c.name === 'catalogueItems')!;
    expect(catalogue).toMatchObject({ folder: CONTENT_PATHS.catalogueItems, media_folder: '/public/files/catalogue', public_folder: '/files/catalogue' });
    expect(String(catalogue.slug)).not.toMatch(/title|slug/);
  });

  it('round-trips through YAML with the Simplified Chinese interface', () => {
    const parsed = yaml.load(editorConfigYaml(ROOT, LOCAL)) as Record<string, unknown>;
    expect(parsed).toEqual(editorConfig(ROOT, LOCAL));
    expect(parsed.locale).toBe('zh_Hans');
  });
});

describe('where the editor saves', () => {
  it('without a git host: the local proxy on 127.0.0.1 (port from GONGKAI_EDITOR_PROXY_PORT), no workflow', () => {
    expect(editorConfig(ROOT, LOCAL)).toMatchObject({ backend: { name: 'proxy', proxy_url: 'http://127.0.0.1:8081/api/v1' } });
    expect(editorConfig(ROOT, LOCAL)).not.toHaveProperty('publish_mode');
    expect(editorSettings({ GONGKAI_EDITOR_PROXY_PORT: '9123' }).localProxyUrl).toBe('http://127.0.0.1:9123/api/v1');
    expect(() => editorSettings({ GONGKAI_EDITOR_PROXY_PORT: '70000' })).toThrow(/GONGKAI_EDITOR_PROXY_PORT 无效/);
  });

  it('GitHub and GitLab: the editorial workflow; Gitea: direct publishing (its Decap backend has no workflow)', () => {
    const github = editorSettings({ GONGKAI_EDITOR_BACKEND: 'github', GONGKAI_EDITOR_REPO: 'zhengwu/site', GONGKAI_EDITOR_BASE_URL: 'https://auth.example.gov.cn' });
    expect(editorConfig(ROOT, github)).toMatchObject({ backend: { name: 'github', repo: 'zhengwu/site', branch: 'main', base_url: 'https://auth.example.gov.cn' }, publish_mode: 'editorial_workflow' });
    const gitlab = editorSettings({ GONGKAI_EDITOR_BACKEND: 'gitlab', GONGKAI_EDITOR_REPO: 'zhengwu/site', GONGKAI_EDITOR_API_ROOT: 'https://git.example.gov.cn/api/v4', GONGKAI_EDITOR_APP_ID: 'abc' });
    expect(editorConfig(ROOT, gitlab)).toMatchObject({ backend: { name: 'gitlab', api_root: 'https://git.example.gov.cn/api/v4', app_id: 'abc', auth_type: 'pkce' }, publish_mode: 'editorial_workflow' });
    const gitea = editorSettings({ GONGKAI_EDITOR_BACKEND: 'gitea', GONGKAI_EDITOR_REPO: 'zhengwu/site', GONGKAI_EDITOR_API_ROOT: 'https://gitea.example.gov.cn/api/v1', GONGKAI_EDITOR_APP_ID: 'x' });
    expect(editorConfig(ROOT, gitea)).not.toHaveProperty('publish_mode');
    expect(editorConnectOrigins(gitea)).toEqual(['https://gitea.example.gov.cn']);
  });

  it('refuses an unknown git host or a missing repository with a Chinese message', () => {
    expect(() => editorSettings({ GONGKAI_EDITOR_BACKEND: 'bitbucket', GONGKAI_EDITOR_REPO: 'a/b' })).toThrow(/GONGKAI_EDITOR_BACKEND 应为 github、gitlab、gitea 之一/);
    expect(() => editorSettings({ GONGKAI_EDITOR_BACKEND: 'github' })).toThrow(/GONGKAI_EDITOR_REPO/);
    expect(() => editorSettings({ GONGKAI_EDITOR_BACKEND: 'github', GONGKAI_EDITOR_REPO: 'no-owner' })).toThrow(/GONGKAI_EDITOR_REPO/);
  });
});

describe('the editor page', () => {
  it('answers GET with the editor document and a policy that lets the editor reach only its own backend', async () => {
    const response = editorPageResponse(new Request(`http://127.0.0.1${EDITOR_PATH}`), {});
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/<html lang="zh-CN">[\s\S]*<script src="\/admin\/decap-cms.js"><\/script>/);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("connect-src 'self' blob: http://127.0.0.1:8081;");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const github = editorContentSecurityPolicy({ GONGKAI_EDITOR_BACKEND: 'github', GONGKAI_EDITOR_REPO: 'zhengwu/site' });
    expect(github).toContain("connect-src 'self' blob: https://api.github.com;");
    expect(github).not.toContain('127.0.0.1');
  });

  it('refuses other methods', () => {
    const response = editorPageResponse(new Request(`http://127.0.0.1${EDITOR_PATH}`, { method: 'POST', body: 'x' }), {});
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
