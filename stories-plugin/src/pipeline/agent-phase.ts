/**
 * One agent invocation of a pipeline step: the agent's configuration (its own, else the default
 * agent's), the prompt written to the story's log folder, the allow-listed environment, the
 * adapter, and the usage recorded in the story's state. Reviewers go through the same path.
 */
import { join } from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { buildAgentEnvironment } from '../agents/environment';
import { bootTicksNow, terminateEscapedProcesses } from '../process/escaped';
import { buildPrompt } from '../agents/prompt';
import { getAdapter } from '../agents/registry';
import { loadAgentRole } from '../agents/roles';
import type { AgentPhase, AgentResult, AgentAvailability } from '../agents/types';
import type { AgentConfig } from '../config/options';
import { StoriesError } from '../errors';
import { baseBranchViolation, branchTip, gitText } from '../git';
import { addUsage } from '../state';
import { budgetStop } from './budget';
import { failed, StepResult } from './step-result';
import type { StoryContext } from './story-context';
import { testCommandOf } from './test-command';

/** The configuration an agent name runs on: its own, else the default agent's (contract section 6). */
export function agentConfigFor(context: StoryContext, name: string): AgentConfig {
  const config = context.options.agents[name] ?? context.options.agents[context.options.defaultAgent];
  if (!config) {
    throw new StoriesError({ code: 'CONFIG_INVALID', message: `No configuration for agent "${name}" and none for the default agent "${context.options.defaultAgent}".`, hint: 'Add it under "agents" in the nx-stories plugin options.' });
  }
  return config;
}

/** The reviewer's configuration (never called for `reviewer: "human"`). */
function reviewerConfig(context: StoryContext): AgentConfig {
  const reviewer = context.options.reviewer;
  return typeof reviewer === 'string' ? agentConfigFor(context, reviewer) : reviewer;
}

/** How messages and the story's `## Review` section name the reviewer. */
export function reviewerName(context: StoryContext): string {
  const reviewer = context.options.reviewer;
  return typeof reviewer === 'string' ? reviewer : 'reviewer';
}

/**
 * The variables every agent and test command of the story gets on top of the allow-list:
 * the base commit the branch started from and the story's test command (the offline reviewer
 * uses both).
 */
export function agentEnvironment(context: StoryContext, args: { baseCommit?: string; config?: AgentConfig }): Record<string, string> {
  const config = args.config ?? agentConfigFor(context, context.agentName);
  const test = testCommandOf(context);
  return buildAgentEnvironment({
    adapter: config.adapter,
    config,
    extra: { ...(args.baseCommit ? { STORY_BASE_COMMIT: args.baseCommit } : {}), ...(test ? { STORY_TEST_COMMAND: test } : {}) },
  });
}

/** Checks the implementing agent's and the reviewer's CLIs exist, before any worktree is made. */
export async function checkAgentAvailable(context: StoryContext): Promise<AgentAvailability> {
  const configs = [agentConfigFor(context, context.agentName), ...(context.options.reviewer === 'human' ? [] : [reviewerConfig(context)])];
  for (const config of configs) {
    const availability = await getAdapter(config.adapter).detect({ config, env: agentEnvironment(context, { config }) });
    if (!availability.available) return availability;
  }
  return { available: true };
}

/** What one invocation is about. */
export interface AgentPhaseRequest {
  phase: AgentPhase;
  worktree: string;
  baseCommit?: string;
  findings?: string[];
  findingsFile?: string;
  conflicts?: string[];
  conflictsFile?: string;
}

/** Runs the implementing agent for one phase; records usage; returns the adapter's verdict. */
export async function invokeAgent(context: StoryContext, request: AgentPhaseRequest): Promise<AgentResult> {
  return invoke(context, { ...request, agentName: context.agentName, config: agentConfigFor(context, context.agentName) });
}

/** Runs the reviewer on the story's worktree; the verdict is in `result.verdict`. */
export async function invokeReviewer(context: StoryContext, args: { worktree: string }): Promise<AgentResult> {
  const baseCommit = await mergeBaseOf(context, args.worktree);
  return invoke(context, { phase: 'review', worktree: args.worktree, baseCommit, agentName: reviewerName(context), config: reviewerConfig(context) });
}

async function mergeBaseOf(context: StoryContext, worktree: string): Promise<string> {
  return gitText({ cwd: worktree, args: ['merge-base', `refs/heads/${context.baseBranch}`, 'HEAD'] });
}

async function invoke(context: StoryContext, request: AgentPhaseRequest & { agentName: string; config: AgentConfig }): Promise<AgentResult> {
  const { store, story } = context;
  const budget = await budgetStop(context);
  if (budget) {
    context.log(budget.message);
    return { ok: false, reason: budget.message, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, ...(budget.scope === 'run' ? { usageLimit: { message: budget.message } } : {}) };
  }
  const logDir = await store.logDir({ storyId: story.id });
  const round = nextInvocationNumber(logDir, request.phase);
  const stem = join(logDir, `${request.phase}-${round}`);
  const storyFile = join(request.worktree, story.file);
  const prompt = buildPrompt({
    phase: request.phase,
    story,
    storyText: existsSync(storyFile) ? readFileSync(storyFile, 'utf8') : context.text,
    agentName: request.agentName,
    role: await loadAgentRole({ workspaceRoot: context.workspaceRoot, agentName: request.agentName }),
    testCommand: testCommandOf(context),
    baseBranch: context.baseBranch,
    findings: request.findings,
    conflictedPaths: request.conflicts,
    diff: request.phase === 'review' && request.baseCommit ? await diffAgainst(request.worktree, request.baseCommit) : undefined,
    verdictTarget: request.config.adapter === 'command' || request.config.adapter === 'offline' ? 'file' : 'reply',
  });
  const promptFile = `${stem}.prompt.md`;
  writeFileSync(promptFile, prompt);
  context.log(`${request.phase}: ${request.agentName} (${request.config.adapter}), log ${stem}.log`);
  const startedTicks = bootTicksNow();
  const baseBefore = await branchTip({ repoRoot: context.workspaceRoot, branch: context.baseBranch });
  const ran = await getAdapter(request.config.adapter).run({
    request: {
      storyId: story.id,
      phase: request.phase,
      cwd: request.worktree,
      prompt,
      promptFile,
      storyFile,
      agentName: request.agentName,
      config: request.config,
      findingsFile: request.findingsFile,
      ...(request.phase === 'review' ? { verdictFile: `${stem}.verdict.json` } : {}),
      logFile: `${stem}.log`,
      timeoutSeconds: request.config.timeoutSeconds ?? context.options.agentTimeoutSeconds,
      env: {
        ...agentEnvironment(context, { baseCommit: request.baseCommit, config: request.config }),
        ...(request.conflictsFile ? { STORY_CONFLICTS_FILE: request.conflictsFile } : {}),
      },
    },
  });
  await stopEscapedProcesses(context, { folder: request.worktree, sinceTicks: startedTicks, what: request.agentName });
  // An agent may run any git command: one that rewinds or force-updates the base fails its story.
  const violation = await baseBranchViolation({ repoRoot: context.workspaceRoot, baseBranch: context.baseBranch, baseBefore, worktree: request.worktree });
  const result: AgentResult = violation ? { ...ran, ok: false, reason: violation } : ran;
  const phase = request.phase === 'implement' ? 'run' : request.phase;
  await store.update({ storyId: story.id, patch: (record) => addUsage({ record, phase, usage: result.usage }) });
  return result;
}

/** Ends what a run left running outside its process group (`setsid`), logging it. */
export async function stopEscapedProcesses(context: StoryContext, args: { folder: string; sinceTicks: number | undefined; what: string }): Promise<void> {
  const stopped = await terminateEscapedProcesses({ folder: args.folder, sinceTicks: args.sinceTicks });
  if (stopped.length > 0) context.log(`stopped ${stopped.length} process(es) that ${args.what} left running outside its process group (pids ${stopped.join(', ')})`);
}

/** Numbers invocations of a phase (`implement-1`, `fix-2`) so no log is overwritten. */
function nextInvocationNumber(logDir: string, phase: string): number {
  let number = 1;
  while (existsSync(join(logDir, `${phase}-${number}.prompt.md`))) number++;
  return number;
}

async function diffAgainst(worktree: string, baseCommit: string): Promise<string> {
  return gitText({ cwd: worktree, args: ['diff', '--stat', '--patch', '--no-color', baseCommit, 'HEAD', '--'] });
}

/** A usage limit is not a failure: the story goes back to Not Started until the limit resets. */
export async function pauseForUsageLimit(context: StoryContext, limit: { resetAt?: string; message: string }): Promise<StepResult> {
  await context.store.transition({ storyId: context.story.id, event: { type: 'PAUSE', ...(limit.resetAt ? { resetAt: limit.resetAt } : {}), reason: `usage limit: ${limit.message}` } });
  return failed(`paused by a usage limit (${limit.message})${limit.resetAt ? `; run again after ${limit.resetAt}` : ''}`);
}
