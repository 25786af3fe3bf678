/**
 * The `command` adapter, exactly as contract section 6 says: `config.command` (an argument
 * array) runs with cwd = the worktree, the prompt on stdin and in `STORY_PROMPT_FILE`, env
 * `STORY_ID`, `STORY_FILE`, `STORY_AGENT`, `STORY_PHASE`, `STORY_FINDINGS_FILE` (fix) and
 * `STORY_VERDICT_FILE` (review). Exit 0 is success; a reviewer's verdict is read from the
 * verdict file and validated strictly.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AgentConfig } from '../../config/options';
import { StoriesError } from '../../errors';
import type { AgentAdapter, AgentParseInput, AgentResult, AgentRunRequest } from '../types';
import { parseVerdictJson } from '../verdict';
import { commandLine, detectCli, runCli, type CliSpec } from './cli-runner';
import { emptyUsage, exitReason, timedOutReason } from './common';
import { lastMeaningfulLines, shorten } from './text';

const spec: CliSpec = {
  adapter: 'command',
  executable: '',
  installHint: 'Check the agent\'s "command" option: its first element must be an executable on PATH or a path to one.',
  promptOnStdin: true,
  checkConfig,
  buildArgs: ({ request }) => {
    checkConfig(request.config);
    return [...(request.config.args ?? [])];
  },
  prepare: ({ request }) => {
    if (request.phase !== 'review') return;
    // A verdict left from an earlier round must not pass for this round's.
    const file = verdictFileOf(request);
    mkdirSync(dirname(file), { recursive: true });
    rmSync(file, { force: true });
  },
};

function checkConfig(config: AgentConfig): void {
  if (config.command === undefined) {
    throw new StoriesError({
      code: 'CONFIG_INVALID',
      message: 'command adapter: the "command" option is missing',
      hint: 'Give the argument array to run, e.g. { "adapter": "command", "command": ["node", "tools/agents/x.js"] }.',
    });
  }
  commandLine({ spec: { executable: '' }, config });
}

/** Where a command reviewer writes its verdict: the request's `verdictFile`, else beside the prompt file. */
export function verdictFileOf(request: Pick<AgentRunRequest, 'verdictFile' | 'promptFile'>): string {
  return request.verdictFile ?? join(dirname(request.promptFile), 'verdict.json');
}

/** Pure: the `STORY_*` variables of the contract for one request. */
export function commandEnvironment(request: AgentRunRequest): Record<string, string> {
  return {
    STORY_ID: request.storyId,
    STORY_FILE: request.storyFile,
    STORY_AGENT: request.agentName,
    STORY_PHASE: request.phase,
    STORY_PROMPT_FILE: request.promptFile,
    ...(request.phase === 'fix' && request.findingsFile ? { STORY_FINDINGS_FILE: request.findingsFile } : {}),
    ...(request.phase === 'review' ? { STORY_VERDICT_FILE: verdictFileOf(request) } : {}),
  };
}

/** Pure: exit code (and, for review, the verdict file's text) -> normalized result. */
export function parseCommand(input: AgentParseInput): AgentResult {
  const base = { usage: emptyUsage() };
  if (input.timedOut) return { ...base, ok: false, reason: timedOutReason(input.timeoutSeconds) };
  if (input.exitCode !== 0) {
    return { ...base, ok: false, reason: exitReason(input, lastMeaningfulLines(input.stderr) || lastMeaningfulLines(input.stdout)) };
  }
  const summary = shorten(lastMeaningfulLines(input.stdout, 3), 300);
  const result: AgentResult = { ...base, ok: true, ...(summary ? { summary } : {}) };
  if (input.phase !== 'review') return result;
  const where = input.verdictFile ?? 'STORY_VERDICT_FILE';
  if (input.verdictText === null || input.verdictText === undefined) {
    return { ...base, ok: false, reason: `the reviewer exited 0 but wrote no verdict to STORY_VERDICT_FILE (${where})` };
  }
  const parsed = parseVerdictJson(input.verdictText);
  if (!parsed.verdict) return { ...base, ok: false, reason: `invalid verdict in ${where}: ${parsed.problem}` };
  return { ...result, verdict: parsed.verdict };
}

/** The `command` adapter. */
export const commandAdapter: AgentAdapter = {
  name: 'command',
  detect: ({ config, env, cwd }) => detectCli({ spec, config, env, cwd }),
  run: ({ request }) =>
    runCli({
      request,
      spec,
      parse: parseCommand,
      extraEnv: commandEnvironment(request),
      afterRun: () => {
        if (request.phase !== 'review') return {};
        const file = verdictFileOf(request);
        return { verdictFile: file, verdictText: existsSync(file) ? readFileSync(file, 'utf8') : null };
      },
    }),
  parse: parseCommand,
};
