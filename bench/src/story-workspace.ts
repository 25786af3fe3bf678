/**
 * A benchmark workspace of generated stories run by the sleep agent and the approving reviewer,
 * and one timed `nx run-many -t implement` on it, with Nx's task profile and, on request, the
 * per-process probe.
 */
import { join, relative } from 'node:path';
import type { BenchStory } from './dag';
import type { ProbeRecord } from './probe';
import { readNxProfile, readProbeDir, type NxProfileTask } from './profile';
import { benchPluginOptions, storyFiles } from './stories';
import { AGENTS_DIR, assertOk, benchRepo, readStarts, scratchDir, type BenchRepo, type Timed } from './workspace';

/** A workspace of benchmark stories with a scratch folder outside it (starts log, profiles). */
export interface StoryWorkspace {
  repo: BenchRepo;
  scratch: string;
  startsLog: string;
  /** Agent starts so far (one line per start). */
  starts(): string[];
  cleanup(): void;
}

/** The probe compiled beside this module. */
const PROBE = join(__dirname, 'probe.js');

/** Lays out `stories` (plus `extraFiles`) in a fresh temp workspace and commits them. */
export function storyWorkspace(args: { prefix: string; stories: readonly BenchStory[]; extraFiles?: Record<string, string>; bodyLines?: number; keep?: boolean }): StoryWorkspace {
  const scratch = scratchDir(`${args.prefix}scratch-`);
  const startsLog = join(scratch.path, 'starts.log');
  const repo = benchRepo({
    prefix: args.prefix,
    files: { ...(args.extraFiles ?? {}), ...storyFiles(args.stories, args.bodyLines) },
    nxPlugin: benchPluginOptions({ agentsDir: AGENTS_DIR, startsLog }),
  });
  return {
    repo,
    scratch: scratch.path,
    startsLog,
    starts: () => readStarts(startsLog),
    cleanup() {
      if (args.keep) {
        process.stdout.write(`  kept ${repo.path} and ${scratch.path}\n`);
        return;
      }
      repo.cleanup();
      scratch.cleanup();
    },
  };
}

/**
 * Runs `work` on a fresh story workspace and removes it afterwards, except when `work` fails:
 * then the workspace (state files, logs, git history) is kept for a post-mortem and the error
 * names it.
 */
export async function withStoryWorkspace<T>(
  args: Parameters<typeof storyWorkspace>[0],
  work: (ws: StoryWorkspace) => T | Promise<T>,
): Promise<T> {
  const ws = storyWorkspace(args);
  let result: T;
  try {
    result = await work(ws);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n(workspace kept for a post-mortem: ${ws.repo.path}, scratch ${ws.scratch})`);
  }
  ws.cleanup();
  return result;
}

/** One timed implement run: what nx did, its task profile, and the probe's records when asked. */
export interface ImplementRun {
  result: Timed;
  tasks: NxProfileTask[];
  probe?: ProbeRecord[];
}

/** The Nx project name of a benchmark story. */
export function projectName(storyId: string): string {
  return `story-${storyId}`;
}

/**
 * `nx run-many -t implement --parallel P` (on `projects` when given) with `NX_PROFILE` written to
 * the scratch folder; with `probe`, every node process of the run is profiled too. Fails when nx fails.
 */
export function runImplement(ws: StoryWorkspace, args: { label: string; parallel: number; projects?: string[]; probe?: boolean; env?: Record<string, string> }): ImplementRun {
  const profileFile = join(ws.scratch, `${args.label}.profile.json`);
  const probeDir = join(ws.scratch, `${args.label}.probe`);
  const env: Record<string, string> = {
    // Nx joins NX_PROFILE to its cwd, so it has to be relative.
    NX_PROFILE: relative(ws.repo.path, profileFile),
    ...(args.probe ? { BENCH_PROBE_DIR: probeDir, NODE_OPTIONS: `--require ${PROBE}` } : {}),
    ...(args.env ?? {}),
  };
  const nxArgs = ['run-many', '-t', 'implement', '--parallel', String(args.parallel), ...(args.projects ? ['-p', args.projects.join(',')] : [])];
  const result = assertOk(ws.repo.nx(nxArgs, env), `nx ${nxArgs.join(' ')} (${args.label})`);
  return { result, tasks: readNxProfile(profileFile), ...(args.probe ? { probe: readProbeDir(probeDir) } : {}) };
}
