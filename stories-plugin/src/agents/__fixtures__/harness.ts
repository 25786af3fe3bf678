/**
 * Test harness for the adapters: a temp folder with the fake CLIs of `bin/` copied onto a PATH
 * of their own, a worktree folder, a log folder, and readers for what a fake recorded.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { tempDir } from '../../testing/temp-dir';
import type { AgentConfig } from '../../config/options';
import type { AgentPhase, AgentRunRequest } from '../types';

/** What a fake CLI received. */
export interface Recorded {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  stdin?: string;
  message?: string;
  schema?: unknown;
}

/** A sandbox for running adapters against fake CLIs. */
export interface FakeCliSandbox {
  root: string;
  worktree: string;
  /** PATH with the fakes and node, nothing else. */
  path: string;
  request(args: { config: AgentConfig; scenario: string; phase?: AgentPhase; timeoutSeconds?: number } & Partial<AgentRunRequest>): AgentRunRequest;
  recorded(): Recorded;
  /** The [fake, child] pids a hanging scenario wrote. */
  pids(): number[];
  log(): string;
  cleanup(): void;
}

/** Creates the sandbox; call `cleanup` in afterEach. */
export function fakeCliSandbox(): FakeCliSandbox {
  const dir = tempDir('nx-stories-agents-');
  const bin = join(dir.path, 'bin');
  mkdirSync(bin);
  const source = join(__dirname, 'bin');
  for (const file of readdirSync(source)) {
    copyFileSync(join(source, file), join(bin, file));
    chmodSync(join(bin, file), 0o755);
  }
  const worktree = join(dir.path, 'worktree');
  mkdirSync(worktree);
  const logs = join(dir.path, 'logs', '1.1');
  const path = [bin, dirname(process.execPath)].join(delimiter);
  const recordFile = join(dir.path, 'record.json');
  const pidFile = join(dir.path, 'pids.json');

  return {
    root: dir.path,
    worktree,
    path,
    request({ config, scenario, phase = 'implement', timeoutSeconds = 20, ...rest }) {
      return {
        storyId: '1.1',
        phase,
        cwd: worktree,
        prompt: `Implement story 1.1 (${phase}).\nAcceptance: greet by name.\n`,
        promptFile: join(logs, `${phase}.prompt.md`),
        storyFile: join(worktree, 'docs/stories/1.1.greeting.md'),
        agentName: 'python-developer',
        config,
        logFile: join(logs, `${phase}.log`),
        timeoutSeconds,
        env: { PATH: path, HOME: dir.path, FAKE_SCENARIO: scenario, FAKE_RECORD: recordFile, FAKE_PIDS: pidFile },
        ...rest,
      };
    },
    recorded() {
      return JSON.parse(readFileSync(recordFile, 'utf8')) as Recorded;
    },
    pids() {
      return existsSync(pidFile) ? (JSON.parse(readFileSync(pidFile, 'utf8')) as number[]) : [];
    },
    log() {
      const files = existsSync(logs) ? readdirSync(logs).filter((f) => f.endsWith('.log')) : [];
      return files.map((f) => readFileSync(join(logs, f), 'utf8')).join('\n');
    },
    cleanup: () => dir.cleanup(),
  };
}
