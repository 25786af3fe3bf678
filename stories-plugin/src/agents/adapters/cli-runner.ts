/**
 * The shell shared by every adapter: resolve the executable, write the prompt file, run the
 * process (group, timeout, log, bounded output), hand what it printed to the adapter's pure
 * `parse`, and mask secrets in the result before anyone stores it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AgentConfig } from '../../config/options';
import { StoriesError } from '../../errors';
import { runProcess } from '../../process/spawn';
import { createRedactor } from '../environment';
import { findExecutable } from '../executable';
import type { AgentAvailability, AgentParseInput, AgentResult, AgentRunRequest } from '../types';

/** How to run one CLI. */
export interface CliSpec {
  /** Registry name, for messages. */
  adapter: string;
  /** Executable looked up on PATH unless the configuration's `command` replaces it. */
  executable: string;
  /** Shown when the executable is missing (`npm i -g @anthropic-ai/claude-code`). */
  installHint: string;
  /** Pure: the CLI arguments for one request (after any `command` prefix). May throw CONFIG_INVALID. */
  buildArgs(args: { request: AgentRunRequest }): string[];
  /** True when the prompt goes to stdin (else the CLI reads it from `promptFile` or the args). */
  promptOnStdin: boolean;
  /** Which stdout lines are worth memory (large tool-output events are not). */
  keepStdoutLine?: (line: string) => boolean;
  /** Pure: throws CONFIG_INVALID for options this CLI cannot take (checked by `detect` too). */
  checkConfig?(config: AgentConfig): void;
  /** Writes files the arguments refer to (a schema file) before the run. */
  prepare?(args: { request: AgentRunRequest }): void;
}

/** The argument array to spawn: `config.command` (if any) replaces the executable. */
export function commandLine(args: { spec: Pick<CliSpec, 'executable'>; config: AgentConfig }): string[] {
  const { config, spec } = args;
  if (config.command !== undefined) {
    if (!Array.isArray(config.command) || config.command.length === 0 || config.command.some((part) => typeof part !== 'string' || !part)) {
      throw new StoriesError({
        code: 'CONFIG_INVALID',
        message: `agent option "command" must be a non-empty array of strings, got ${JSON.stringify(config.command)}`,
        hint: 'Write it as an argument array, e.g. "command": ["node", "tools/agents/x.js"] (never a shell string).',
      });
    }
    return [...config.command];
  }
  return [spec.executable];
}

/** Whether the CLI can run: its executable exists and its configuration builds arguments. */
export async function detectCli(args: {
  spec: CliSpec;
  config: AgentConfig;
  env: Record<string, string>;
  cwd?: string;
}): Promise<AgentAvailability> {
  const { spec, config, env } = args;
  let command: string;
  try {
    command = commandLine({ spec, config })[0];
    spec.checkConfig?.(config);
  } catch (error) {
    if (error instanceof StoriesError) return { available: false, hint: error.hint ? `${error.message}. ${error.hint}` : error.message };
    throw error;
  }
  const path = findExecutable({ command, pathValue: env.PATH ?? process.env.PATH, cwd: args.cwd });
  if (path) return { available: true, path };
  const where = command.includes('/') ? `${command} does not exist or is not executable` : `"${command}" is not on PATH`;
  return { available: false, hint: `${spec.adapter}: ${where}. ${spec.installHint}` };
}

/** Runs the CLI for `request` and returns the parsed, secret-free result. */
export async function runCli(args: {
  request: AgentRunRequest;
  spec: CliSpec;
  parse: (input: AgentParseInput) => AgentResult;
  /** Variables of the CLI's protocol (the `command` adapter's STORY_*). */
  extraEnv?: Record<string, string>;
  /** Runs after the process ended; adds to what `parse` reads (e.g. the verdict file). */
  afterRun?: () => Partial<AgentParseInput>;
}): Promise<AgentResult> {
  const { request, spec } = args;
  const [command, ...prefixArgs] = commandLine({ spec, config: request.config });
  const cliArgs = spec.buildArgs({ request });
  mkdirSync(dirname(request.promptFile), { recursive: true });
  writeFileSync(request.promptFile, request.prompt);
  spec.prepare?.({ request });
  const env = { ...request.env, ...(request.config.env ?? {}), ...(args.extraEnv ?? {}) };
  const redact = createRedactor(env);
  const timeoutSeconds = request.config.timeoutSeconds ?? request.timeoutSeconds;
  const run = await runProcess({
    command,
    args: [...prefixArgs, ...cliArgs],
    cwd: request.cwd,
    env,
    stdin: spec.promptOnStdin ? request.prompt : undefined,
    logFile: request.logFile,
    timeoutSeconds,
    keepStdoutLine: spec.keepStdoutLine,
    redact,
  });
  const ended = { exitCode: run.exitCode, timedOut: run.timedOut, durationMs: run.durationMs };
  if (run.spawnError) {
    const hint = run.spawnError.startsWith('command not found') ? ` ${spec.installHint}` : '';
    return { ok: false, reason: redact(`${run.spawnError}.${hint}`), usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, ...ended };
  }
  const parsed = args.parse({
    stdout: run.stdout,
    stderr: run.stderr,
    exitCode: run.exitCode,
    signal: run.signal,
    timedOut: run.timedOut,
    timeoutSeconds,
    phase: request.phase,
    now: Date.now(),
    ...(args.afterRun?.() ?? {}),
  });
  return { ...maskResult(parsed, redact), ...ended };
}

function maskResult(result: AgentResult, redact: (text: string) => string): AgentResult {
  const masked: AgentResult = { ...result };
  if (masked.reason !== undefined) masked.reason = redact(masked.reason);
  if (masked.summary !== undefined) masked.summary = redact(masked.summary);
  if (masked.usageLimit) masked.usageLimit = { ...masked.usageLimit, message: redact(masked.usageLimit.message) };
  if (masked.verdict) masked.verdict = { ...masked.verdict, findings: masked.verdict.findings.map(redact) };
  return masked;
}
