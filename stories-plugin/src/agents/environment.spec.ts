import { buildAgentEnvironment, createRedactor, isSecretName, redactSecrets, secretValues } from './environment';

const source = {
  PATH: '/usr/bin',
  HOME: '/home/dev',
  LANG: 'en_US.UTF-8',
  LC_ALL: 'C.UTF-8',
  HTTPS_PROXY: 'http://proxy.local:3128',
  ANTHROPIC_API_KEY: 'sk-ant-abcdef123456',
  OPENAI_API_KEY: 'sk-openai-999999',
  CODEX_HOME: '/home/dev/.codex',
  GEMINI_API_KEY: 'gem-key-777777',
  GOOGLE_CLOUD_PROJECT: 'proj',
  NPM_TOKEN: 'npm_secret_token',
  NX_CLOUD_ACCESS_TOKEN: 'nx-cloud-secret',
  GIT_DIR: '/elsewhere/.git',
  GIT_AUTHOR_NAME: 'Dev',
  AWS_SECRET_ACCESS_KEY: 'aws-secret-value',
  UNSET: undefined,
};

describe('buildAgentEnvironment', () => {
  it('passes the base allow-list and only the adapter\'s own provider variables', () => {
    const claude = buildAgentEnvironment({ adapter: 'claude-code', source });
    expect(claude).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/dev',
      LANG: 'en_US.UTF-8',
      LC_ALL: 'C.UTF-8',
      HTTPS_PROXY: 'http://proxy.local:3128',
      ANTHROPIC_API_KEY: 'sk-ant-abcdef123456',
      GIT_AUTHOR_NAME: 'Dev',
      AWS_SECRET_ACCESS_KEY: 'aws-secret-value', // Bedrock
      GOOGLE_CLOUD_PROJECT: 'proj', // Vertex
    });
    const codex = buildAgentEnvironment({ adapter: 'codex', source });
    expect(Object.keys(codex)).toEqual(expect.arrayContaining(['OPENAI_API_KEY', 'CODEX_HOME']));
    expect(codex).not.toHaveProperty('ANTHROPIC_API_KEY');
    const gemini = buildAgentEnvironment({ adapter: 'gemini', source });
    expect(gemini).toMatchObject({ GEMINI_API_KEY: 'gem-key-777777', GOOGLE_CLOUD_PROJECT: 'proj' });
  });

  it('never passes unrelated tokens or GIT_DIR, whatever the adapter', () => {
    for (const adapter of ['claude-code', 'codex', 'gemini', 'opencode', 'aider', 'command', 'unknown']) {
      const env = buildAgentEnvironment({ adapter, source });
      expect(env).not.toHaveProperty('NPM_TOKEN');
      expect(env).not.toHaveProperty('NX_CLOUD_ACCESS_TOKEN');
      expect(env).not.toHaveProperty('GIT_DIR');
      expect(env).not.toHaveProperty('UNSET');
    }
    expect(buildAgentEnvironment({ adapter: 'command', source })).not.toHaveProperty('ANTHROPIC_API_KEY');
  });

  it('lets the configuration\'s env and the extra variables win', () => {
    const env = buildAgentEnvironment({
      adapter: 'command',
      source,
      config: { env: { HOME: '/sandbox', MY_FLAG: '1' } },
      extra: { STORY_ID: '1.1', MY_FLAG: '2' },
    });
    expect(env).toMatchObject({ HOME: '/sandbox', MY_FLAG: '2', STORY_ID: '1.1', PATH: '/usr/bin' });
  });
});

describe('redactSecrets', () => {
  it('masks the values of token-like variables, longest first', () => {
    const env = { API_KEY: 'abcdef123', LONGER_TOKEN: 'abcdef123-and-more', SHORT_TOKEN: 'x1', PATH: '/usr/bin' };
    expect(redactSecrets('a abcdef123-and-more b abcdef123 c x1 /usr/bin', env)).toBe('a *** b *** c x1 /usr/bin');
  });

  it('masks a password inside a proxy URL but not the rest of it', () => {
    const env = { HTTPS_PROXY: 'http://alice:s3cr3t-pw@proxy:3128' };
    expect(secretValues(env)).toEqual(['s3cr3t-pw']);
    expect(redactSecrets('via http://alice:s3cr3t-pw@proxy:3128', env)).toBe('via http://alice:***@proxy:3128');
  });

  it('recognizes the usual secret names', () => {
    for (const name of ['ANTHROPIC_API_KEY', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'CLAUDE_CODE_OAUTH_TOKEN', 'DB_PASSWORD']) {
      expect(isSecretName(name)).toBe(true);
    }
    for (const name of ['PATH', 'HOME', 'KEYBOARD_LAYOUT', 'GOOGLE_CLOUD_PROJECT']) expect(isSecretName(name)).toBe(false);
  });

  it('works as a reusable redactor on many lines', () => {
    const redact = createRedactor({ OPENAI_API_KEY: 'sk-openai-999999' });
    expect(['x sk-openai-999999', 'none'].map(redact)).toEqual(['x ***', 'none']);
  });
});
