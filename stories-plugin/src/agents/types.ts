/**
 * The shape every agent adapter has: a typed registry entry of `{ detect, run, parse }`, with one
 * named-arguments object per function and one normalized result, whatever the CLI.
 */
import type { AgentConfig } from '../config/options';

/** What the orchestrator asks an agent to do. */
export type AgentPhase = 'implement' | 'fix' | 'review' | 'resolve-conflict';

/** Token and cost figures, where the CLI reports them (zeros otherwise). */
export interface AgentUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** A reviewer's decision (contract section 6). */
export interface ReviewVerdict {
  verdict: 'approve' | 'changes_requested';
  findings: string[];
}

/** One normalized result for any CLI. */
export interface AgentResult {
  /** True only when the process succeeded and its result events report no error. */
  ok: boolean;
  /** Why it did not succeed (`timed out after 30 s`, `Not logged in`, `exit code 2`). */
  reason?: string;
  /** The agent's own closing words, shortened. */
  summary?: string;
  usage: AgentUsage;
  sessionId?: string;
  /** Set by reviewers. */
  verdict?: ReviewVerdict;
  /**
   * Set when the CLI reported a rate or usage limit: not a failure, try again after `resetAt`
   * (an ISO time when the CLI gave one we could compute, else its own words, e.g. `3pm (Europe/Berlin)`).
   */
  usageLimit?: { resetAt?: string; message: string };
  /** The process's exit code (null: killed or never started); set by `run`. */
  exitCode?: number | null;
  /** True when the run hit its timeout and its process group was killed; set by `run`. */
  timedOut?: boolean;
  /** Wall time of the run; set by `run`. */
  durationMs?: number;
}

/** Everything one agent invocation needs. */
export interface AgentRunRequest {
  storyId: string;
  phase: AgentPhase;
  /** The worktree: the agent's cwd. */
  cwd: string;
  /** The full prompt text (also written to `promptFile`). */
  prompt: string;
  promptFile: string;
  /** The story file inside the worktree (absolute). */
  storyFile: string;
  /** The agent's name (e.g. `python-developer`). */
  agentName: string;
  /** The agent's configuration (adapter and its options). */
  config: AgentConfig;
  /** For `fix`: a file listing the findings to address. */
  findingsFile?: string;
  /** For `review`: where a command reviewer writes its verdict JSON. */
  verdictFile?: string;
  /** Where everything the agent prints goes (appended). */
  logFile: string;
  timeoutSeconds: number;
  /** Environment for the agent (already an allow-list; adapters add their own needs). */
  env: Record<string, string>;
}

/** Whether the CLI can run here; `hint` says how to install it when it cannot. */
export interface AgentAvailability {
  available: boolean;
  hint?: string;
  /** The executable that will run, resolved on PATH (when available). */
  path?: string;
}

/** What `parse` reads: the run's output and how it ended. Pure data. */
export interface AgentParseInput {
  stdout: string;
  exitCode: number | null;
  timedOut: boolean;
  timeoutSeconds: number;
  /** The tail of stderr (some CLIs print their fatal errors only there). */
  stderr?: string;
  /** The signal that ended the process, if any. */
  signal?: string | null;
  /** The phase that ran; `review` makes the verdict mandatory. */
  phase?: AgentPhase;
  /** Epoch ms to resolve relative reset times against (`try again in 2 hours`); default: none. */
  now?: number;
  /** `command` reviewer: the verdict file's text (null when the file is missing). */
  verdictText?: string | null;
  /** `command` reviewer: where the verdict was expected, for messages. */
  verdictFile?: string;
}

/** One CLI's adapter. */
export interface AgentAdapter {
  /** Registry key, e.g. `claude-code`. */
  name: string;
  /** Checks the CLI is installed, before any worktree is made. */
  detect(args: {
    config: AgentConfig;
    env: Record<string, string>;
    /** Where a relative `command` path is resolved (the workspace root); default `process.cwd()`. */
    cwd?: string;
  }): Promise<AgentAvailability>;
  /** Runs the CLI for one request and returns its normalized result. */
  run(args: { request: AgentRunRequest }): Promise<AgentResult>;
  /** Pure: turns what the CLI printed and its exit into the normalized result. */
  parse(args: AgentParseInput): AgentResult;
}
