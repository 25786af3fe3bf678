/**
 * End-to-end helpers for the `stories` command: run the built bin in a temp workspace, lay out
 * scripted stories the offline agent carries out, and read the state files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TEST_GIT_ENV } from '../../testing/git-repo';
import { REPO_ROOT } from '../../testing/nx-workspace';

/** The committed bin shim, which loads `stories-plugin/dist/cli/main.js` (build first). */
export const STORIES_BIN = join(REPO_ROOT, 'stories-plugin/bin/stories.js');

/** The offline agent and reviewer. */
export const AGENT_TOOLS = resolve(REPO_ROOT, 'stories-plugin/tools/agents');

/** The environment every `stories` and nx run of the tests gets: no daemon, no cloud, no TUI, test git identity. */
export const CLI_TEST_ENV: Record<string, string> = { ...TEST_GIT_ENV, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true' };

/** What one `stories` run printed and how it ended. */
export interface StoriesResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `node stories-plugin/bin/stories.js <args>` in `cwd` without a terminal. */
export function runStories(args: { cwd: string; argv: string[]; env?: Record<string, string> }): StoriesResult {
  const result = spawnSync(process.execPath, [STORIES_BIN, ...args.argv], {
    cwd: args.cwd,
    env: { ...process.env, ...CLI_TEST_ENV, ...args.env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Plugin options with the offline agent as `general-developer` and the offline reviewer. */
export function offlineAgents(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    agents: { 'general-developer': { adapter: 'command', command: ['node', join(AGENT_TOOLS, 'offline-agent.js')] } },
    reviewer: { adapter: 'command', command: ['node', join(AGENT_TOOLS, 'offline-reviewer.js')] },
    ...extra,
  };
}

/**
 * A story whose implementation appends its id to `starts` (outside the repository, so tests count
 * agent starts), writes `src/<id>.txt`, and whose test checks that file.
 */
export function scriptedStory(args: { id: string; title: string; dependencies?: string; epic?: string; starts: string; extra?: string }): string {
  return [
    '---',
    `test: ${JSON.stringify(`test -f src/${args.id}.txt`)}`,
    '---',
    '',
    `# Story ${args.id}: ${args.title}`,
    '',
    ...(args.epic ? [`**Epic**: ${args.epic}`, ''] : []),
    `**Dependencies**: ${args.dependencies ?? 'none'}`,
    '',
    '## Tasks',
    '',
    '- [ ] write the file',
    '',
    '## Acceptance Criteria',
    '',
    `- src/${args.id}.txt exists`,
    '',
    '## Implementation',
    '',
    '```sh',
    `echo ${args.id} >> ${args.starts}`,
    'mkdir -p src',
    `echo "${args.title} $(date +%s%N)" > src/${args.id}.txt`,
    ...(args.extra ? [args.extra] : []),
    '```',
    '',
  ].join('\n');
}

/** The ids the agents started, in order of the log, and the log emptied for the next step. */
export function takeStarts(file: string): string[] {
  if (!existsSync(file)) return [];
  const ids = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  writeFileSync(file, '');
  return ids.sort();
}

/** Status of every recorded story. */
export function recordedStatuses(root: string): Record<string, string> {
  const dir = join(root, '.agent-orchestration');
  if (!existsSync(dir)) return {};
  return Object.fromEntries(
    readdirSync(dir)
      .filter((name) => /^story-.*\.json$/.test(name))
      .map((name) => {
        const record = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { storyId: string; status: string };
        return [record.storyId, record.status];
      }),
  );
}
