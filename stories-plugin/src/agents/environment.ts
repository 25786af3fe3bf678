/**
 * The environment an agent runs with: an explicit allow-list, never the orchestrator's whole
 * environment (which may hold deploy keys, npm tokens, Nx Cloud tokens...). The list is the
 * basics every tool needs, the toolchains tests use, plus what the adapter's CLI needs to log in,
 * plus the agent configuration's own `env`. And `redactSecrets` masks the values of token-like
 * variables before anything is written to a log or state file. Pure: the source is a parameter.
 */
import type { AgentConfig } from '../config/options';

/**
 * Variables every agent gets when set. An entry ending in `*` is a prefix. `GIT_*` is absent on
 * purpose: `GIT_DIR`/`GIT_INDEX_FILE` leaking from a hook would point an agent at the wrong
 * repository; only the identity variables pass.
 */
export const BASE_ENV_ALLOW_LIST: readonly string[] = [
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'LC_*', 'TZ', 'TERM', 'COLORTERM', 'NO_COLOR',
  'TMPDIR', 'TMP', 'TEMP', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'all_proxy',
  'SSL_CERT_FILE', 'SSL_CERT_DIR', 'NODE_EXTRA_CA_CERTS', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE',
  'GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL',
  // toolchains the story's tests may need
  'NVM_DIR', 'NVM_BIN', 'VOLTA_HOME', 'PNPM_HOME', 'COREPACK_HOME', 'BUN_INSTALL', 'DENO_DIR',
  'GOPATH', 'GOROOT', 'GOCACHE', 'GOMODCACHE', 'GOPROXY', 'GOPRIVATE', 'GOFLAGS', 'GOTOOLCHAIN',
  'VIRTUAL_ENV', 'CONDA_PREFIX', 'PYENV_ROOT', 'PIPX_HOME', 'UV_CACHE_DIR', 'POETRY_HOME',
  'CARGO_HOME', 'RUSTUP_HOME', 'JAVA_HOME', 'DOTNET_ROOT',
];

/** What each adapter's CLI needs on top of the base list (log-in, provider choice, config home). */
export const ADAPTER_ENV_ALLOW_LISTS: Readonly<Record<string, readonly string[]>> = {
  'claude-code': [
    'ANTHROPIC_*', 'CLAUDE_CODE_*', 'CLAUDE_CONFIG_DIR', 'DISABLE_AUTOUPDATER', 'DISABLE_TELEMETRY',
    // Bedrock / Vertex providers
    'AWS_*', 'CLOUD_ML_REGION', 'GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_CLOUD_PROJECT', 'VERTEX_REGION_*',
  ],
  codex: ['OPENAI_*', 'CODEX_*', 'AZURE_OPENAI_*'],
  gemini: ['GEMINI_*', 'GOOGLE_*', 'CLOUDSDK_*'],
  opencode: [
    'OPENCODE_*', 'ANTHROPIC_*', 'OPENAI_*', 'GEMINI_*', 'GOOGLE_*', 'OPENROUTER_*', 'GROQ_*', 'MISTRAL_*',
    'DEEPSEEK_*', 'XAI_*', 'TOGETHER_*', 'FIREWORKS_*', 'CEREBRAS_*', 'AZURE_*', 'AWS_*', 'GITHUB_TOKEN', 'OLLAMA_*',
  ],
  aider: [
    'AIDER_*', 'ANTHROPIC_*', 'OPENAI_*', 'GEMINI_*', 'GOOGLE_*', 'OPENROUTER_*', 'GROQ_*', 'MISTRAL_*',
    'DEEPSEEK_*', 'XAI_*', 'COHERE_*', 'AZURE_*', 'AWS_*', 'OLLAMA_*', 'LITELLM_*',
  ],
  command: [],
};

/** Names whose values are secrets (matched on the variable name, case-insensitive). */
const SECRET_NAME = /(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?|AUTH|COOKIE|SESSION)(?:_|$)|^(?:AWS_ACCESS_KEY_ID)$/i;
/** Shorter values are not masked: replacing "1" or "true" everywhere would garble the log. */
const MIN_SECRET_LENGTH = 6;

/**
 * The environment for one agent run: the allow-listed variables of `source` (default
 * `process.env`), the adapter's own needs, then `config.env` and `extra` (which win).
 */
export function buildAgentEnvironment(args: {
  adapter: string;
  config?: Pick<AgentConfig, 'env'>;
  source?: Readonly<Record<string, string | undefined>>;
  extra?: Record<string, string>;
}): Record<string, string> {
  const source = args.source ?? process.env;
  const allow = [...BASE_ENV_ALLOW_LIST, ...(ADAPTER_ENV_ALLOW_LISTS[args.adapter] ?? [])];
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && allow.some((entry) => matchesEntry(name, entry))) env[name] = value;
  }
  return { ...env, ...(args.config?.env ?? {}), ...(args.extra ?? {}) };
}

/** True for variable names whose values must never be written out (`ANTHROPIC_API_KEY`). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * The secret values found in `env`: values of token-like variables, and passwords inside proxy
 * URLs (`http://user:pass@proxy`). Longest first, so a secret containing another is masked whole.
 */
export function secretValues(env: Readonly<Record<string, string | undefined>>): string[] {
  const secrets = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (isSecretName(name) && value.length >= MIN_SECRET_LENGTH) secrets.add(value);
    if (/proxy$/i.test(name)) {
      const password = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^@\s]+)@/i.exec(value)?.[1];
      if (password && password.length >= MIN_SECRET_LENGTH) secrets.add(password);
    }
  }
  return [...secrets].sort((a, b) => b.length - a.length);
}

/** Replaces every secret value of `env` found in `text` with `***`. */
export function redactSecrets(text: string, env: Readonly<Record<string, string | undefined>>): string {
  return createRedactor(env)(text);
}

/** `redactSecrets` with the secrets looked up once, for masking a stream of lines. */
export function createRedactor(env: Readonly<Record<string, string | undefined>>): (text: string) => string {
  const secrets = secretValues(env);
  return (text) => {
    let result = text;
    for (const secret of secrets) {
      if (result.includes(secret)) result = result.split(secret).join('***');
    }
    return result;
  };
}

function matchesEntry(name: string, entry: string): boolean {
  return entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry;
}
