/**
 * Worktree bootstrap: a fresh worktree holds only tracked files, so the options `worktreeCopy`
 * (untracked files such as `.env`, copied from the workspace) and `worktreeSetup` (command lines
 * such as `npm ci`, run in the worktree before the agent starts) make it usable.
 */
import { copyFileSync, existsSync, mkdirSync, statSync, cpSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { createRedactor } from '../agents/environment';
import { runProcess } from '../process/spawn';
import type { StoryContext } from './story-context';

/** Whether the worktree is ready; `reason` names the step that failed. */
export type Bootstrap = { ok: true } | { ok: false; reason: string };

/** True when `path` is inside `root` (no `..` escape, not absolute elsewhere). */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Copies `worktreeCopy` entries, then runs `worktreeSetup` commands, logging each. */
export async function prepareWorktree(context: StoryContext, args: { worktree: string; env: Record<string, string> }): Promise<Bootstrap> {
  for (const entry of context.options.worktreeCopy) {
    const source = resolve(context.workspaceRoot, entry);
    const target = resolve(args.worktree, entry);
    if (!isInside(context.workspaceRoot, source) || !isInside(args.worktree, target)) {
      return { ok: false, reason: `worktreeCopy: "${entry}" is outside the workspace` };
    }
    if (!existsSync(source)) {
      context.log(`worktreeCopy: ${entry} does not exist in the workspace; skipped`);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    if (statSync(source).isDirectory()) cpSync(source, target, { recursive: true });
    else copyFileSync(source, target);
    context.log(`worktreeCopy: copied ${entry}`);
  }
  const logDir = await context.store.logDir({ storyId: context.story.id });
  for (const [index, command] of context.options.worktreeSetup.entries()) {
    context.log(`worktreeSetup: ${command}`);
    // A setup command line is the workspace owner's (nx.json), run like an npm script.
    const result = await runProcess({
      command: 'sh',
      args: ['-c', command],
      cwd: args.worktree,
      env: args.env,
      logFile: join(logDir, `setup-${index + 1}.log`),
      timeoutSeconds: context.options.agentTimeoutSeconds,
      redact: createRedactor(args.env),
    });
    if (result.exitCode !== 0 || result.timedOut) {
      const how = result.timedOut ? `timed out after ${context.options.agentTimeoutSeconds} s` : `exited with ${result.exitCode ?? result.signal}`;
      return { ok: false, reason: `worktreeSetup step ${index + 1} \`${command}\` ${how} (log: setup-${index + 1}.log)` };
    }
  }
  return { ok: true };
}
