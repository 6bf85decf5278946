/**
 * The web editor's configuration (Decap CMS `config.yml`), generated from the content schemas so that
 * the editor and `npm run check` cannot drift: every field of a schema becomes an editor field, with
 * its label from src/schemas/messages.ts, its allowed values from the schema's enums, its hint from the
 * schema's own Chinese message, and the ids other files may name offered as choices.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import yaml from 'js-yaml';
import type { z } from 'astro/zod';
import { CONTENT_PATHS, type ContentPaths } from './content-paths.ts';
import { readDataMap } from './content-files.ts';
import { consultationSchema } from '../schemas/consultation.ts';
import { feedbackSchema } from '../schemas/feedback.ts';
import { annualReportSchema, catalogueItemSchema, disclosurePageSchema } from '../schemas/catalogue.ts';
import { noticeSchema } from '../schemas/notice.ts';
import { eventSchema } from '../schemas/event.ts';
import { calendarDate, closingInstant, fileLink, wallClockInstant } from '../schemas/fields.ts';
import { ownFieldLabel } from '../schemas/messages.ts';
import { WORKFLOW_BACKENDS, type EditorSettings } from '../lib/editor/settings.ts';

/** What another file's field may name: an entry of a data file (选择) or of an editor collection (关联). */
type Reference = { data: keyof ContentPaths } | { collection: string };

export interface EditorCollectionSpec {
  name: string;
  label: string;
  /** Singular, for “新建…”. */
  labelSingular: string;
  folder: keyof ContentPaths;
  schema: z.ZodType;
  /** Where attachments uploaded in this collection go, under public/. */
  filesFolder: string;
  /** Field paths (dotted, list items not counted) naming entries elsewhere. */
  references?: Record<string, Reference>;
}

/** The Markdown collections editors work in through the web editor. */
export const EDITOR_COLLECTIONS: readonly EditorCollectionSpec[] = [
  {
    name: 'consultations',
    label: '意见征集',
    labelSingular: '意见征集',
    folder: 'consultations',
    schema: consultationSchema,
    filesFolder: 'files/consultations',
    references: { department: { data: 'departments' }, policyAreas: { data: 'policyAreas' } },
  },
  {
    name: 'feedback',
    label: '意见征集情况说明（反馈）',
    labelSingular: '反馈',
    folder: 'feedback',
    schema: feedbackSchema,
    filesFolder: 'files/consultations',
    references: { consultation: { collection: 'consultations' } },
  },
  {
    name: 'catalogueItems',
    label: '主动公开目录',
    labelSingular: '目录信息',
    folder: 'catalogueItems',
    schema: catalogueItemSchema,
    filesFolder: 'files/catalogue',
    references: {
      issuer: { data: 'departments' },
      topics: { data: 'catalogueTopics' },
      industries: { data: 'catalogueIndustries' },
      organisations: { data: 'catalogueOrganisations' },
      replacedBy: { collection: 'catalogueItems' },
      interprets: { collection: 'catalogueItems' },
      related: { collection: 'catalogueItems' },
    },
  },
  { name: 'disclosurePages', label: '信息公开栏目页面', labelSingular: '栏目页面', folder: 'disclosurePages', schema: disclosurePageSchema, filesFolder: 'files/disclosure' },
  { name: 'annualReports', label: '信息公开工作年度报告', labelSingular: '年度报告', folder: 'annualReports', schema: annualReportSchema, filesFolder: 'files/disclosure' },
  {
    name: 'notices',
    label: '通知公告与应急信息',
    labelSingular: '信息',
    folder: 'notices',
    schema: noticeSchema,
    filesFolder: 'files/notices',
    references: { event: { collection: 'events' }, updates: { collection: 'notices' }, cancels: { collection: 'notices' } },
  },
  { name: 'events', label: '专题', labelSingular: '专题', folder: 'events', schema: eventSchema, filesFolder: 'files/notices' },
];

/** Texts long enough for a multi-line box. */
const LONG_TEXT_FIELDS = new Set(['explanation', 'abstract', 'summary', 'description', 'text', 'instruction', 'validityNote', 'reason', 'note', 'shortWindowReason', 'applicants']);

const WALL_CLOCK_HINT = '北京时间。';
const CLOSING_HINT = '北京时间。只选日期、不填时间时，截止到当天 24 时。';

export interface EditorField {
  name: string;
  label: string;
  widget: string;
  required?: boolean;
  default?: unknown;
  hint?: string;
  options?: { label: string; value: string }[] | string[];
  multiple?: boolean;
  fields?: EditorField[];
  field?: EditorField;
  format?: string;
  date_format?: string | boolean;
  time_format?: string | boolean;
  picker_utc?: boolean;
  value_type?: string;
  collection?: string;
  value_field?: string;
  search_fields?: string[];
  display_fields?: string[];
  options_length?: number;
  summary?: string;
  collapsed?: boolean;
  choose_url?: boolean;
}

// Zod 4 keeps a schema's construction in `_zod.def`; only the parts the editor needs are read.
interface ZodDef {
  type: string;
  innerType?: z.ZodType;
  defaultValue?: unknown;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string>;
  checks?: { _zod: { def: { check: string; format?: string; error?: (issue: object) => string | undefined } } }[];
  error?: (issue: object) => string | undefined;
}
const defOf = (schema: z.ZodType): ZodDef => (schema as unknown as { _zod: { def: ZodDef } })._zod.def;

/** The schema without optional/default wrappers, and whether the field may be left out, and its default. */
function unwrap(schema: z.ZodType): { core: z.ZodType; optional: boolean; defaultValue?: unknown } {
  let core = schema;
  let optional = false;
  let defaultValue: unknown;
  for (;;) {
    const def = defOf(core);
    if (def.type === 'optional' || def.type === 'nullable') optional = true;
    else if (def.type === 'default' || def.type === 'prefault') {
      optional = true;
      defaultValue = def.defaultValue;
    } else break;
    core = def.innerType!;
  }
  return { core, optional, ...(defaultValue !== undefined ? { defaultValue } : {}) };
}

/** The hint a schema's own format message gives (e.g. how an id or a number is written), worded as advice. */
function formatHint(schema: z.ZodType): string | undefined {
  return formatMessage(schema)?.replace('格式不正确，例如', '格式例如');
}

function formatMessage(schema: z.ZodType): string | undefined {
  const def = defOf(schema);
  for (const check of def.checks ?? []) {
    if (check._zod.def.check === 'string_format' && check._zod.def.format === 'regex') return check._zod.def.error?.({ input: '' });
  }
  if (def.type === 'string' && def.checks?.some((c) => c._zod.def.check === 'string_format')) return def.error?.({ input: '' });
  return undefined;
}

interface FieldContext {
  spec: EditorCollectionSpec;
  /** A file name in the collection's folder, for the folder-specific labels. */
  file: string;
  choices: (ref: Reference) => EditorField['options'] | undefined;
}

function referenceWidget(ref: Reference, multiple: boolean, ctx: FieldContext): Partial<EditorField> | undefined {
  if ('collection' in ref) {
    return { widget: 'relation', collection: ref.collection, value_field: '{{slug}}', search_fields: ['title'], display_fields: ['title'], options_length: 50, multiple };
  }
  const options = ctx.choices(ref);
  return options ? { widget: 'select', options, multiple } : undefined;
}

/** The editor field of one schema field. */
function fieldOf(name: string, schema: z.ZodType, path: string[], ctx: FieldContext): EditorField {
  const { core, optional, defaultValue } = unwrap(schema);
  const label = ownFieldLabel(path, ctx.file) ?? name;
  const base: EditorField = { name, label, widget: 'string', required: !optional };
  if (defaultValue !== undefined && !(Array.isArray(defaultValue) && defaultValue.length === 0)) base.default = defaultValue;
  const dotted = path.join('.');
  const reference = ctx.spec.references?.[dotted];

  if (core === wallClockInstant || core === closingInstant) {
    return { ...base, widget: 'datetime', format: 'YYYY-MM-DD HH:mm', date_format: 'YYYY-MM-DD', time_format: 'HH:mm', picker_utc: false, hint: core === closingInstant ? CLOSING_HINT : WALL_CLOCK_HINT };
  }
  if (core === calendarDate) return { ...base, widget: 'datetime', format: 'YYYY-MM-DD', date_format: 'YYYY-MM-DD', time_format: false, picker_utc: false };
  if (core === fileLink) return { ...base, widget: 'file', choose_url: true, hint: '上传文件，或填写完整网址' };

  const def = defOf(core);
  switch (def.type) {
    case 'pipe': {
      // A pipe that starts from text (a trimmed title with a length rule) is edited as that text;
      // one that converts anything (preprocess) as what it ends in.
      const from = defOf(def.in!).type;
      const inner = from === 'string' ? def.in! : def.out!;
      return { ...fieldOf(name, inner, path, ctx), required: !optional, ...(base.default !== undefined ? { default: base.default } : {}) };
    }
    case 'union': {
      const first = def.options!.find((o) => defOf(unwrap(o).core).type === 'string') ?? def.options![0]!;
      return { ...fieldOf(name, first, path, ctx), required: !optional };
    }
    case 'boolean':
      return { ...base, widget: 'boolean', default: base.default ?? false };
    case 'number': {
      const integer = def.checks?.some((c) => c._zod.def.check === 'number_format') ?? false;
      return { ...base, widget: 'number', ...(integer ? { value_type: 'int' } : { value_type: 'float' }) };
    }
    case 'enum':
      return { ...base, widget: 'select', options: Object.values(def.entries!) };
    case 'object': {
      const fields = objectFields(core, path, ctx);
      // The editor would insist on the required parts of a part that may be left out as a whole;
      // the content check still requires them once any of it is filled in.
      return { ...base, widget: 'object', collapsed: optional, fields: optional ? fields.map((f) => ({ ...f, required: false })) : fields };
    }
    case 'array': {
      const element = unwrap(def.element!).core;
      const elementDef = defOf(element);
      const listBase = { ...base, ...(optional ? {} : { required: true }) };
      if (reference) {
        const widget = referenceWidget(reference, true, ctx);
        if (widget) return { ...listBase, ...widget } as EditorField;
      }
      if (elementDef.type === 'enum') return { ...listBase, widget: 'select', multiple: true, options: Object.values(elementDef.entries!) };
      if (elementDef.type === 'object') {
        const fields = objectFields(element, path, ctx);
        return { ...listBase, widget: 'list', collapsed: false, summary: `{{fields.${fields[0]?.name ?? 'title'}}}`, fields };
      }
      const item = fieldOf(name, def.element!, path, ctx);
      const hint = formatHint(unwrap(def.element!).core);
      return { ...listBase, widget: 'list', field: { ...item, required: true }, ...(hint ? { hint } : {}) };
    }
    case 'string': {
      if (reference) {
        const widget = referenceWidget(reference, false, ctx);
        if (widget) return { ...base, ...widget } as EditorField;
      }
      const hint = formatHint(core);
      return { ...base, widget: LONG_TEXT_FIELDS.has(name) ? 'text' : 'string', ...(hint ? { hint } : {}) };
    }
    default:
      return base;
  }
}

function objectFields(schema: z.ZodType, path: string[], ctx: FieldContext): EditorField[] {
  const shape = defOf(schema).shape ?? {};
  return Object.entries(shape).map(([key, value]) => fieldOf(key, value, [...path, key], ctx));
}

/** Choices for ids of a data file (departments, policy areas, classification trees): “名称（编号）”. */
function dataChoices(root: string): (ref: Reference) => EditorField['options'] | undefined {
  const cache = new Map<string, EditorField['options']>();
  return (ref) => {
    if (!('data' in ref)) return undefined;
    const path = CONTENT_PATHS[ref.data];
    if (!cache.has(path)) {
      if (!existsSync(resolve(root, path))) return undefined;
      const { entries } = readDataMap(root, path);
      cache.set(
        path,
        [...entries].map(([id, value]) => {
          const name = value && typeof value === 'object' && 'name' in value ? String((value as { name: unknown }).name) : id;
          return { label: `${name}（${id}）`, value: id };
        }),
      );
    }
    return cache.get(path);
  };
}

/** The Decap collection of one spec. */
export function editorCollection(spec: EditorCollectionSpec, root: string, choices = dataChoices(root)): Record<string, unknown> {
  const folder = CONTENT_PATHS[spec.folder];
  const ctx: FieldContext = { spec, file: `${folder}/_.md`, choices };
  return {
    name: spec.name,
    label: spec.label,
    label_singular: spec.labelSingular,
    folder,
    extension: 'md',
    format: 'frontmatter',
    create: true,
    // File names are ids in addresses: ASCII only, from the creation time (a Chinese title gives no usable name).
    slug: '{{year}}{{month}}{{day}}-{{hour}}{{minute}}{{second}}',
    identifier_field: 'title',
    summary: '{{title}}',
    media_folder: `/public/${spec.filesFolder}`,
    public_folder: `/${spec.filesFolder}`,
    fields: [...objectFields(spec.schema, [], ctx), { name: 'body', label: '正文', widget: 'markdown', required: false, hint: '用 Markdown 书写，可使用标题、列表、表格和链接' }],
  };
}

/** The whole configuration, as an object (config.yml is its YAML). */
export function editorConfig(root: string, settings: EditorSettings): Record<string, unknown> {
  const choices = dataChoices(root);
  const { backend } = settings;
  return {
    locale: 'zh_Hans',
    ...(backend
      ? { backend, ...(WORKFLOW_BACKENDS.has(backend.name) ? { publish_mode: 'editorial_workflow' } : {}) }
            // decap-server on this computer, writing the files into the working tree (no account, no workflow).
      : { backend: { name: 'proxy', proxy_url: settings.localProxyUrl, branch: 'main' } }),
    media_folder: 'public/files',
    public_folder: '/files',
    // Previews and links in the editor open the built site's own pages.
    show_preview_links: false,
    collections: EDITOR_COLLECTIONS.map((spec) => editorCollection(spec, root, choices)),
  };
}

export function editorConfigYaml(root: string, settings: EditorSettings): string {
  return `# Generated by the build from src/build/editor-config.ts and the content schemas; do not edit.\n${yaml.dump(editorConfig(root, settings), { lineWidth: -1, noRefs: true })}`;
}
