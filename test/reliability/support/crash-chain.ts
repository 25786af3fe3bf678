/**
 * The crash-and-resume driver: runs `nx run-many -t implement` again and again on a workspace of
 * scripted stories, SIGKILLing the whole orchestrator at one kill point per run, until every
 * point of the schedule was tried; then a last run must finish the work. When a workspace has
 * nothing left to do, a fresh one takes over. After every kill it checks what must hold even
 * mid-crash (readable state, the base branch only moved forward) and notes which stories were
 * left active with a dead owner, so the end can check that history shows their recovery.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NxWorkspace } from '../../../stories-plugin/src/testing/nx-workspace';
import { tempDir, type TempDir } from '../../../stories-plugin/src/testing/temp-dir';
import { completedRunProblems, readHistoryLines, readRecords } from './invariants';
import { agentPauseLine, arm, disarm, hitDetail, installKillPointHook, wasHit, watchStateWrites, type KillPoint } from './kill-points';
import { startNx, runNx, type NxExit } from './nx-process';
import { killProcessesWorkingIn, processesWorkingIn, waitFor } from './processes';
import { scriptedStory, storyFileName } from './stories';
import { reliabilityWorkspace } from './workspace';

/** What happened at one kill point. */
export interface KillRecord {
  point: KillPoint;
  /** Killed at the point, or the run ended before reaching it. */
  outcome: 'killed' | 'missed';
  /** The hook's or agent's note, or the state file that was being written. */
  detail: string;
  /** Stories left in an active status whose owner died with the kill. */
  orphaned: string[];
  /** Agent processes still running in `.worktrees/` right after the kill. */
  strayAgents: number;
  at: string;
  /** Output of a run that ended, failing, before its point: a recovery that did not work. */
  failedRun?: string;
}

/** The figures and problems of a whole chain. */
export interface ChainReport {
  kills: KillRecord[];
  /** `RECOVER` transitions in the workspaces' histories. */
  recoveries: number;
  workspaces: number;
  storiesRun: number;
  runs: number;
  problems: string[];
}

const ACTIVE = ['In Progress', 'Ready for Review', 'Changes Requested', 'Approved'];
const STORY_IDS = ['1.1', '1.2', '1.3', '2.1', '2.2'];
const RUN_ARGS = ['run-many', '-t', 'implement', '--parallel', '3'];
const MAX_ATTEMPTS_PER_POINT = 3;

interface ChainWorkspace {
  ws: NxWorkspace;
  control: TempDir;
  mainTips: string[];
  orphanedAt: { story: string; at: string }[];
}

function openWorkspace(): ChainWorkspace {
  const control = tempDir('nx-stories-control-');
  const pause = agentPauseLine(control.path);
  const files: Record<string, string> = {};
  const dependencies: Record<string, string[]> = { '1.2': ['1.1'], '2.2': ['2.1'] };
  for (const id of STORY_IDS) {
    files[storyFileName(id, `story-${id.replace('.', '-')}`)] = scriptedStory({ id, title: `Story ${id}`, dependencies: dependencies[id], before: [pause] });
  }
  const ws = reliabilityWorkspace(files);
  installKillPointHook({ gitDir: join(ws.path, '.git'), control: control.path });
  mkdirSync(join(ws.path, '.agent-orchestration/locks'), { recursive: true });
  return { ws, control, mainTips: [ws.git('rev-parse', 'main')], orphanedAt: [] };
}

function allMerged(chain: ChainWorkspace): boolean {
  const records = readRecords(chain.ws.path);
  return STORY_IDS.every((id) => records[id]?.status === 'Merged');
}

/** Runs nx until `point` is reached, then SIGKILLs its whole process group. */
async function killedRun(chain: ChainWorkspace, point: KillPoint, random: () => number): Promise<KillRecord> {
  const { ws, control } = chain;
  let detail = '';
  let stopWatching = () => undefined as void;
  disarm(control.path, { clearHit: true });
  if (point !== 'state-write' && point !== 'random') arm(control.path, point);
  const nx = startNx({ cwd: ws.path, argv: RUN_ARGS });
  let killNow = false;
  if (point === 'state-write') {
    let skip = Math.floor(random() * 60);
    stopWatching = watchStateWrites({
      stateDir: join(ws.path, '.agent-orchestration'),
      onWrite: (name) => {
        if (skip-- > 0) return false;
        // Signal from the watch callback itself: the closest a test gets to inside the write.
        process.kill(-nx.pid, 'SIGKILL');
        detail = name;
        killNow = true;
        return true;
      },
    });
  }
  // A run of the five stories from scratch takes 3-8 s here: the delay lands inside it.
  const deadline = point === 'random' ? Date.now() + 500 + random() * 2_500 : Infinity;
  let ended: NxExit | undefined;
  void nx.exited.then((exit) => (ended = exit));
  await waitFor(() => killNow || ended !== undefined || wasHit(control.path) || Date.now() > deadline, { timeoutMs: 300_000, intervalMs: 5 });
  const endedFirst = ended;
  const reached = !endedFirst && (killNow || wasHit(control.path) || Date.now() > deadline);
  await nx.killGroup();
  stopWatching();
  disarm(control.path);
  if (wasHit(control.path)) detail = hitDetail(control.path).replace(/\n/g, ' | ');
  if (point === 'random') detail = 'after a random delay';
  const records = readRecords(ws.path); // throws if a state file is torn
  const at = new Date().toISOString();
  const orphaned = Object.values(records)
    .filter((record) => ACTIVE.includes(record.status) && record.owner)
    .map((record) => record.storyId);
  chain.orphanedAt.push(...orphaned.map((story) => ({ story, at })));
  const strayAgents = processesWorkingIn(join(ws.path, '.worktrees')).length;
  return {
    point,
    outcome: reached ? 'killed' : 'missed',
    detail: reached ? detail : `run ended first (exit ${endedFirst?.status})`,
    orphaned,
    strayAgents,
    at,
    ...(endedFirst && endedFirst.status !== 0 ? { failedRun: endedFirst.output.slice(-3000) } : {}),
  };
}

/** Problems with the base branch's history: every tip seen must be an ancestor of the next. */
function historyProblems(chain: ChainWorkspace): string[] {
  const tip = chain.ws.git('rev-parse', 'main');
  const previous = chain.mainTips[chain.mainTips.length - 1];
  chain.mainTips.push(tip);
  try {
    chain.ws.git('merge-base', '--is-ancestor', previous, tip);
    return [];
  } catch {
    return [`main moved from ${previous} to ${tip}, which does not contain it: history was rewritten`];
  }
}

/** The recovery of every orphaned story must be in history after the kill that orphaned it. */
function recoveryProblems(chain: ChainWorkspace): string[] {
  const history = readHistoryLines(chain.ws.path);
  return chain.orphanedAt
    .filter(({ story, at }) => !history.some((entry) => entry.story === story && entry.time >= at && /RECOVER|MERGE|ALREADY_MERGED|RESET/.test(entry.event)))
    .map(({ story, at }) => `story ${story}, orphaned by the kill at ${at}, shows no recovery in history.jsonl`);
}

/** True for a plugin worker process of Nx (`.../plugins/isolation/plugin-worker.js`). */
function isNxPluginWorker(pid: number): boolean {
  return /plugins[\\/]isolation[\\/]plugin-worker/.test(commandLine(pid));
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** `pid (command line)`, for a message. */
function describeProcess(pid: number): string {
  return `${pid} (${commandLine(pid).slice(0, 200)})`;
}

/** Finishes a workspace: one more run must complete everything; then every invariant is checked. */
async function finish(chain: ChainWorkspace, problems: string[]): Promise<number> {
  const last = await runNx({ cwd: chain.ws.path, argv: RUN_ARGS });
  if (last.status !== 0) problems.push(`the resuming run exited ${last.status}:\n${last.output.slice(-4000)}`);
  problems.push(...historyProblems(chain), ...completedRunProblems(chain.ws, STORY_IDS), ...recoveryProblems(chain));
  // Agents orphaned by the kills were reaped by the runs that took their stories over. Nx's own
  // plugin workers are spawned detached (outside the killed group) and end on their own once
  // their nx is gone: they are Nx's, not ours, and not counted (the workspace's cleanup kills them).
  const ours = () => processesWorkingIn(chain.ws.path).filter((pid) => !isNxPluginWorker(pid));
  if (!(await waitFor(() => ours().length === 0, { timeoutMs: 10_000, intervalMs: 200 }))) {
    problems.push(`processes still running in the workspace after the last run: ${ours().map(describeProcess).join('; ')}`);
  }
  return 1;
}

/** Runs the whole chain over `schedule`; never throws for a found problem, it reports it. */
export async function runCrashChain(args: { schedule: KillPoint[]; random: () => number; log?: (line: string) => void }): Promise<ChainReport> {
  const report: ChainReport = { kills: [], recoveries: 0, workspaces: 0, storiesRun: 0, runs: 0, problems: [] };
  let chain: ChainWorkspace | undefined;
  const close = async () => {
    if (!chain) return;
    report.runs += await finish(chain, report.problems);
    report.recoveries += readHistoryLines(chain.ws.path).filter((entry) => entry.event === 'RECOVER').length;
    report.storiesRun += STORY_IDS.length;
    killProcessesWorkingIn(chain.ws.path);
    chain.ws.cleanup();
    chain.control.cleanup();
    chain = undefined;
  };
  try {
    for (const point of args.schedule) {
      // A point the run did not reach (nothing left to do there) is tried again on fresh work.
      for (let attempt = 1; attempt <= MAX_ATTEMPTS_PER_POINT; attempt++) {
        if (chain && allMerged(chain)) await close();
        if (!chain) {
          chain = openWorkspace();
          report.workspaces++;
        }
        const kill = await killedRun(chain, point, args.random);
        report.runs++;
        report.kills.push(kill);
        args.log?.(`${kill.outcome} at ${kill.point}: ${kill.detail}; orphaned ${kill.orphaned.join(',') || '-'}; stray agents ${kill.strayAgents}`);
        report.problems.push(...historyProblems(chain).map((problem) => `after the kill at ${point}: ${problem}`));
        if (kill.failedRun) report.problems.push(`the run after earlier kills failed before reaching ${point}:\n${kill.failedRun}`);
        if (kill.outcome === 'killed') break;
        await close(); // the next attempt starts on a workspace with all its stories to do
      }
    }
    await close();
  } finally {
    if (chain) {
      killProcessesWorkingIn(chain.ws.path);
      chain.ws.cleanup();
      chain.control.cleanup();
    }
  }
  return report;
}
