/**
 * Kill points: places inside a running `nx run-many -t implement` where a test SIGKILLs the whole
 * orchestrator. Each is reached deterministically by something that pauses there and says so:
 *
 * - git's `reference-transaction` hook (installed in the test repository) pauses with the ref
 *   locked, in the `prepared` state: while `git worktree add -b` creates the story branch
 *   (`branch-create`), inside `git worktree add` after the checkout while the new worktree is still
 *   locked as "initializing" (`worktree-checkout`, the `ORIG_HEAD` update of its `reset --hard`),
 *   while the agent's work is committed on the story branch (`commit`), while the merge moves the
 *   base branch (`merge`), and while the merged story branch is deleted (`branch-delete`);
 * - the story's own script pauses while the agent runs (`agent`);
 * - an inotify watch on `.agent-orchestration/` (and its `locks/`) fires on the first temp file
 *   or lock file, i.e. in the middle of a state write (`state-write`); the test kills from the
 *   watch callback, which is as close as a test gets to killing inside a write;
 * - a seeded random delay after nx starts (`random`).
 *
 * A test arms one point by writing its name to `<control>/arm`; the first process that reaches it
 * renames `arm` to `hit` (exactly one wins) and sleeps until it is killed.
 */
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

/** Every kind of kill point. */
export const KILL_POINTS = ['branch-create', 'worktree-checkout', 'agent', 'commit', 'state-write', 'merge', 'branch-delete', 'random'] as const;
/** One kind of kill point. */
export type KillPoint = (typeof KILL_POINTS)[number];

const ZERO = '0{40}';
const OID = '[0-9a-f]{40}';
const NONZERO = '[0-9a-f]*[1-9a-f][0-9a-f]*';
/** Which ref update (`<old> <new> <ref>` line) each git point pauses on. */
const REF_PATTERNS: Partial<Record<KillPoint, string>> = {
  'branch-create': `^${ZERO} ${OID} refs/heads/story/`,
  'worktree-checkout': ` ORIG_HEAD$`,
  commit: `^${NONZERO} ${NONZERO} refs/heads/story/`,
  merge: ` refs/heads/main$`,
  'branch-delete': `^${OID} ${ZERO} refs/heads/story/`,
};

/** The shell line a story's implementation starts with, pausing there when `agent` is armed. */
export function agentPauseLine(control: string): string {
  const arm = JSON.stringify(join(control, 'arm'));
  const hit = JSON.stringify(join(control, 'hit'));
  return `if [ "$(cat ${arm} 2>/dev/null)" = agent ] && mv ${arm} ${hit} 2>/dev/null; then echo "$STORY_ID" > ${hit}.detail; sleep 120; fi`;
}

/** Installs the `reference-transaction` hook of the repository whose common git dir is `gitDir`. */
export function installKillPointHook(args: { gitDir: string; control: string }): void {
  const cases = Object.entries(REF_PATTERNS)
    .map(([point, pattern]) => `  ${point}) pattern='${pattern}' ;;`)
    .join('\n');
  const hook = join(args.gitDir, 'hooks', 'reference-transaction');
  writeFileSync(
    hook,
    [
      '#!/bin/sh',
      '# Test kill points (nx-stories reliability suite): pause in the prepared state when armed.',
      'refs=$(cat)',
      '[ "$1" = prepared ] || exit 0',
      `control='${args.control}'`,
      'point=$(cat "$control/arm" 2>/dev/null) || exit 0',
      'case "$point" in',
      cases,
      '  *) exit 0 ;;',
      'esac',
      'printf "%s\\n" "$refs" | grep -Eq "$pattern" || exit 0',
      'mv "$control/arm" "$control/hit" 2>/dev/null || exit 0',
      'printf "%s\\n%s\\n" "$point" "$refs" > "$control/hit.detail"',
      'sleep 120',
      '',
    ].join('\n'),
  );
  chmodSync(hook, 0o755);
}

/** Arms `point` (git and agent points); clears an earlier hit. */
export function arm(control: string, point: KillPoint): void {
  rmSync(join(control, 'hit'), { force: true });
  rmSync(join(control, 'hit.detail'), { force: true });
  writeFileSync(join(control, 'arm'), point);
}

/** Disarms whatever is armed (a point that was not reached); `clearHit` also forgets an earlier hit. */
export function disarm(control: string, options: { clearHit?: boolean } = {}): void {
  rmSync(join(control, 'arm'), { force: true });
  if (options.clearHit) {
    rmSync(join(control, 'hit'), { force: true });
    rmSync(join(control, 'hit.detail'), { force: true });
  }
}

/** True once an armed point was reached. */
export function wasHit(control: string): boolean {
  return existsSync(join(control, 'hit'));
}

/** What the hook or agent wrote about the hit (point and ref lines, or the story id). */
export function hitDetail(control: string): string {
  try {
    return readFileSync(join(control, 'hit.detail'), 'utf8').trim();
  } catch {
    return '';
  }
}

/**
 * Calls `onWrite` for each temp file (`.story-1.2.json.<pid>.<hex>.tmp`) or lock file event in the
 * state folder or its `locks/`, until it returns true; returns a function that stops watching.
 */
export function watchStateWrites(args: { stateDir: string; onWrite: (name: string) => boolean }): () => void {
  const watchers: FSWatcher[] = [];
  let fired = false;
  const fire = (name: string | null) => {
    if (fired || !name || !(/\.tmp$/.test(name) || /\.lock$/.test(name))) return;
    fired = args.onWrite(name);
  };
  for (const dir of [args.stateDir, join(args.stateDir, 'locks')]) {
    watchers.push(watch(dir, (_event, name) => fire(name)));
  }
  return () => watchers.forEach((watcher) => watcher.close());
}

/** Renames `arm` away once, so a point armed by mistake cannot fire later (used by cleanup). */
export function consumeArm(control: string): void {
  try {
    renameSync(join(control, 'arm'), join(control, 'arm.unused'));
  } catch {
    // nothing armed
  }
}
