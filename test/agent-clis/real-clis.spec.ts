/**
 * The real agent CLIs, installed from npm at pinned versions into test/agent-clis/node_modules
 * (`npm install --prefix test/agent-clis --no-audit --no-fund`), run here through their adapters
 * with an empty HOME (no login) and a dead proxy (no network). Each must be accepted by the CLI's
 * argument parser and end in a failure with a clear reason, leaving no process behind: what they
 * really do then is in ../shared/FIELD-NOTES.md (claude: "Not logged in", exit 1; gemini: exit 41
 * with an auth message on stderr; codex: retries forever; opencode: silent forever).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { buildAgentEnvironment } from '../../stories-plugin/src/agents/environment';
import { getAdapter } from '../../stories-plugin/src/agents/registry';
import type { AgentPhase, AgentResult } from '../../stories-plugin/src/agents/types';
import { processGroupMembers } from '../../stories-plugin/src/process/process-group';
import { tempDir, type TempDir } from '../../stories-plugin/src/testing/temp-dir';

const cliBin = join(__dirname, 'node_modules', '.bin');
const installed = ['claude', 'codex', 'gemini', 'opencode'].every((cli) => existsSync(join(cliBin, cli)));
const onCi = process.env.CI === 'true' || process.env.CI === '1';
const INSTALL = 'npm install --prefix test/agent-clis --no-audit --no-fund';

/** Runs one adapter once in a fresh sandbox and reports what it left behind. */
async function runReal(args: { adapter: string; phase: AgentPhase; timeoutSeconds: number }): Promise<{
  result: AgentResult;
  leftovers: number[];
  groupMembers: number[];
  log: string;
}> {
  const dir: TempDir = tempDir('nx-stories-real-cli-');
  try {
    const home = join(dir.path, 'home');
    const worktree = join(dir.path, 'worktree');
    mkdirSync(home);
    mkdirSync(worktree);
    const marker = `NX_STORIES_REAL_CLI_PROBE=${dir.path}`;
    const deadProxy = 'http://127.0.0.1:9';
    const env = buildAgentEnvironment({
      adapter: args.adapter,
      source: { PATH: [cliBin, dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter), HOME: home, LANG: 'C.UTF-8', HTTPS_PROXY: deadProxy, HTTP_PROXY: deadProxy, ALL_PROXY: deadProxy },
      extra: { NX_STORIES_REAL_CLI_PROBE: dir.path },
    });
    const logFile = join(dir.path, 'logs', `${args.phase}.log`);
    const adapter = getAdapter(args.adapter);
    const config = { adapter: args.adapter };
    expect(await adapter.detect({ config, env })).toMatchObject({ available: true });
    const result = await adapter.run({
      request: {
        storyId: '1.1',
        phase: args.phase,
        cwd: worktree,
        prompt: 'Reply with the word hello.',
        promptFile: join(dir.path, 'logs', `${args.phase}.prompt.md`),
        storyFile: join(worktree, 'docs/stories/1.1.hello.md'),
        agentName: 'general-developer',
        config,
        logFile,
        timeoutSeconds: args.timeoutSeconds,
        env,
      },
    });
    const log = readFileSync(logFile, 'utf8');
    const leader = Number(/started pid (\d+)/.exec(log)?.[1]);
    return { result, leftovers: processesMarkedWith(marker, dir.path), groupMembers: processGroupMembers(leader), log };
  } finally {
    dir.cleanup();
  }
}

/** Live processes that carry the probe's variable or run inside its folder. */
function processesMarkedWith(marker: string, folder: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (state !== 'Z' && (environ.split('\0').includes(marker) || cwd.startsWith(folder))) found.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

if (!installed && onCi) {
  test('the real agent CLIs are installed', () => {
    throw new Error(`test/agent-clis/node_modules is missing: run \`${INSTALL}\` before the tests (CI=true requires them)`);
  });
} else if (!installed) {
  // eslint-disable-next-line no-console
  console.warn(
    `\n${'!'.repeat(78)}\n!! SKIPPED: the real agent CLI tests. test/agent-clis/node_modules is missing.\n!! Run \`${INSTALL}\` to run them (CI=true makes this a failure).\n${'!'.repeat(78)}\n`,
  );
  test.skip(`real agent CLIs (not installed: run ${INSTALL})`, () => undefined);
} else {
  describe('real agent CLIs with no login and no network', () => {
    test.concurrent.each([
      { adapter: 'claude-code', phase: 'implement' as const },
      { adapter: 'claude-code', phase: 'review' as const },
    ])('$adapter ($phase): not logged in is a failure, whatever the subtype says', async ({ adapter, phase }) => {
      const { result, leftovers, groupMembers } = await runReal({ adapter, phase, timeoutSeconds: 30 });
      expect(result).toMatchObject({ ok: false, timedOut: false, exitCode: 1 });
      expect(result.reason).toMatch(/Not logged in/);
      expect(result.usageLimit).toBeUndefined();
      expect(leftovers).toEqual([]);
      expect(groupMembers).toEqual([]);
    });

    test.concurrent.each([
      { adapter: 'gemini', phase: 'implement' as const },
      { adapter: 'gemini', phase: 'review' as const },
    ])('$adapter ($phase): no auth method is exit 41 with its message as the reason', async ({ adapter, phase }) => {
      const { result, leftovers, groupMembers } = await runReal({ adapter, phase, timeoutSeconds: 30 });
      expect(result).toMatchObject({ ok: false, timedOut: false, exitCode: 41 });
      expect(result.reason).toMatch(/^exit code 41: Please set an Auth method .*GEMINI_API_KEY/);
      expect(leftovers).toEqual([]);
      expect(groupMembers).toEqual([]);
    });

    test.concurrent.each([
      { adapter: 'codex', phase: 'implement' as const },
      { adapter: 'codex', phase: 'review' as const },
      { adapter: 'opencode', phase: 'implement' as const },
      { adapter: 'opencode', phase: 'review' as const },
    ])('$adapter ($phase): accepts the arguments, hangs without a network, is killed at the timeout with its whole group', async ({ adapter, phase }) => {
      const { result, leftovers, groupMembers, log } = await runReal({ adapter, phase, timeoutSeconds: 15 });
      expect(log).not.toMatch(/unexpected argument|unknown option|Usage: codex exec|You must provide a message/);
      expect(result).toMatchObject({ ok: false, timedOut: true, exitCode: null });
      expect(result.reason).toMatch(/^timed out after 15 s/);
      expect(leftovers).toEqual([]);
      expect(groupMembers).toEqual([]);
    });
  });
}
