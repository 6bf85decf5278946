/**
 * Where the web editor saves: a git host (GitHub, GitLab, Gitea/Forgejo) named by the environment, or,
 * when none is named, the local proxy (decap-server) that `npm start` runs on 127.0.0.1.
 */
export interface EditorBackend {
  name: string;
  repo?: string;
  branch?: string;
  api_root?: string;
  base_url?: string;
  app_id?: string;
  auth_type?: string;
  proxy_url?: string;
}

export interface EditorSettings {
  /** The production git host (null: the editor only works on this computer, with the local proxy). */
  backend: EditorBackend | null;
  /** Where the local proxy (decap-server) listens. */
  localProxyUrl: string;
}

const BACKENDS = ['github', 'gitlab', 'gitea'] as const;
/** Git hosts whose Decap backend has the editorial workflow (draft → review → publish as pull/merge requests). */
export const WORKFLOW_BACKENDS = new Set<string>(['github', 'gitlab']);

export const DEFAULT_LOCAL_PROXY_PORT = 8081;

/** The editor's settings from the environment (see .env.example); throws a Chinese message for a bad value. */
export function editorSettings(env: NodeJS.ProcessEnv = process.env): EditorSettings {
  const port = Number(env.GONGKAI_EDITOR_PROXY_PORT || DEFAULT_LOCAL_PROXY_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`GONGKAI_EDITOR_PROXY_PORT 无效：${env.GONGKAI_EDITOR_PROXY_PORT}`);
  const localProxyUrl = `http://127.0.0.1:${port}/api/v1`;
  const name = env.GONGKAI_EDITOR_BACKEND?.trim();
  if (!name) return { backend: null, localProxyUrl };
  if (!(BACKENDS as readonly string[]).includes(name)) throw new Error(`GONGKAI_EDITOR_BACKEND 应为 ${BACKENDS.join('、')} 之一，现为“${name}”`);
  const repo = env.GONGKAI_EDITOR_REPO?.trim();
  if (!repo || !/^[^/\s]+(\/[^/\s]+)+$/.test(repo)) throw new Error('使用代码托管平台时必须设置 GONGKAI_EDITOR_REPO（仓库，例如 zhengwu/gongkai-site）');
  const optional = (key: keyof EditorBackend, value: string | undefined) => (value?.trim() ? { [key]: value.trim() } : {});
  return {
    backend: {
      name,
      repo,
      branch: env.GONGKAI_EDITOR_BRANCH?.trim() || 'main',
      ...optional('api_root', env.GONGKAI_EDITOR_API_ROOT),
      ...optional('base_url', env.GONGKAI_EDITOR_BASE_URL),
      ...optional('app_id', env.GONGKAI_EDITOR_APP_ID),
      ...(env.GONGKAI_EDITOR_APP_ID?.trim() && name !== 'github' ? { auth_type: 'pkce' } : {}),
    },
    localProxyUrl,
  };
}

/** Origins the editor page talks to: the git host's API, or the local proxy. */
export function editorConnectOrigins(settings: EditorSettings): string[] {
  const { backend } = settings;
  if (!backend) return [new URL(settings.localProxyUrl).origin];
  const apiRoot = backend.api_root ?? { github: 'https://api.github.com', gitlab: 'https://gitlab.com/api/v4', gitea: 'https://try.gitea.io/api/v1' }[backend.name]!;
  const origins = [new URL(apiRoot).origin];
  if (backend.base_url) origins.push(new URL(backend.base_url).origin);
  return origins;
}

