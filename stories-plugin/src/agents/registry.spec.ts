import { fakeCliSandbox } from './__fixtures__/harness';
import { ADAPTER_NAMES, getAdapter, isAdapterName, runAgent } from './registry';

describe('getAdapter', () => {
  it('has one adapter per contract name, each knowing its own name', () => {
    expect(ADAPTER_NAMES.slice(0, 6)).toEqual(['claude-code', 'codex', 'gemini', 'opencode', 'aider', 'command']);
    for (const name of ADAPTER_NAMES) {
      const adapter = getAdapter(name);
      expect(adapter.name).toBe(name);
      expect(typeof adapter.detect).toBe('function');
      expect(typeof adapter.run).toBe('function');
      expect(typeof adapter.parse).toBe('function');
    }
  });

  it('rejects an unknown name with the known ones and a guess', () => {
    expect(() => getAdapter('claude')).toThrow('unknown agent adapter "claude" (did you mean "claude-code"?)');
    expect(() => getAdapter('cursor')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', hint: expect.stringContaining('claude-code, codex, gemini') }));
    expect(isAdapterName('toString')).toBe(false);
  });
});

describe('runAgent', () => {
  it('runs the adapter the configuration names', async () => {
    const sandbox = fakeCliSandbox();
    try {
      const result = await runAgent({ request: sandbox.request({ config: { adapter: 'gemini' }, scenario: 'success' }) });
      expect(result).toMatchObject({ ok: true, summary: 'Implemented the greeting endpoint.' });
    } finally {
      sandbox.cleanup();
    }
  });
});
