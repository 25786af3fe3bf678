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
 * claims it by renaming `arm` (exactly one wins), writes `hit.detail`, renames its claim to `hit`
 * and sleeps until it is killed.
 */
import { chmodSync, existsSync, readFileSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

/** Every kind of kill point. */
export const KILL_POINTS = ['branch-create', 'worktree-checkout', 'agent', 'commit', 'state-write', 'merge', 'branch-delete', 'random'] as const;
/** One kind of kill point. */
export type KillPoint = (typeof KILL_POINTS)[number];

const ZERO = '$1 ~ /^0+$/';
const STORY_REF = '$3 ~ /^refs\\/heads\\/story\\//';
/** Which ref update (`<old> <new> <ref>` line, as awk fields) each git point pauses on. */
const REF_CONDITIONS: Partial<Record<KillPoint, string>> = {
  'branch-create': `${ZERO} && $2 !~ /^0+$/ && ${STORY_REF}`,
  'worktree-checkout': '$3 == "ORIG_HEAD"',
  commit: `$1 !~ /^0+$/ && $2 !~ /^0+$/ && $1 != $2 && ${STORY_REF}`,
  merge: '$3 == "refs/heads/main" && $1 != $2',
  // git 2.39 runs the hook for the packed-refs part of a deletion too (a `0 0 <ref>` line).
  'branch-delete': `$2 ~ /^0+$/ && ${STORY_REF}`,
};

/** The shell line a story's implementation starts with, pausing there when `agent` is armed. */
export function agentPauseLine(control: string): string {
  const arm = JSON.stringify(join(control, 'arm'));
  const hit = JSON.stringify(join(control, 'hit'));
  const claim = JSON.stringify(join(control, 'claim.agent'));
  return `if [ "$(cat ${arm} 2>/dev/null)" = agent ] && mv ${arm} ${claim} 2>/dev/null; then echo "$STORY_ID" > ${JSON.stringify(join(control, 'hit.detail'))}; mv ${claim} ${hit}; sleep 120; fi`;
}

/** Installs the `reference-transaction` hook of the repository whose common git dir is `gitDir`. */
export function installKillPointHook(args: { gitDir: string; control: string }): void {
  const cases = Object.entries(REF_CONDITIONS)
    .map(([point, condition]) => `  ${point}) condition='${condition}' ;;`)
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
      'printf "%s\\n" "$refs" | awk "$condition { found = 1 } END { exit !found }" || exit 0',
      'mv "$control/arm" "$control/claim.$$" 2>/dev/null || exit 0',
      'printf "%s\\n%s\\n" "$point" "$refs" > "$control/hit.detail"',
      'mv "$control/claim.$$" "$control/hit"',
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
