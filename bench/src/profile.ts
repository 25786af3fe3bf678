/**
 * Where an nx run's time goes, from the probe's per-process records: per target, how long a task
 * process lived, how long it took before the executor was loaded (node + nx start-up, project
 * graph), how much of its life went to git and to agents, how many git processes it spawned and
 * how many state writes it did. Pure; {@link readProbeDir} is the one function that reads disk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BATCH_TARGET, type ProbeRecord, type ProbeSpawn } from './probe';

/** Averages over the task processes of one target (ms, counts per task). */
export interface TargetProfile {
  target: string;
  tasks: number;
  lifeMs: number;
  startupMs: number;
  /** Requiring the executor module and everything it imports. */
  pluginLoadMs: number;
  gitMs: number;
  gitSpawns: number;
  agentMs: number;
  agentSpawns: number;
  otherSpawns: number;
  stateWrites: number;
  stateWriteMs: number;
  /** Life minus start-up, plugin load, git, agents and state writes: the plugin's own JavaScript and waiting for locks. */
  restMs: number;
  /** Git subcommands run per task, most frequent first (`log 2`, `rev-parse 3`). */
  gitCommands: Array<[string, number]>;
}

/** Reads every record the probe wrote into `dir`. */
export function readProbeDir(dir: string): ProbeRecord[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as ProbeRecord);
}

const duration = (spawn: ProbeSpawn) => (spawn.endMs ?? spawn.startMs) - spawn.startMs;
const isGit = (spawn: ProbeSpawn) => /(^|\/)git$/.test(spawn.command);
const isAgent = (spawn: ProbeSpawn, agentsDir: string) => spawn.first.startsWith(agentsDir);

/**
 * Total of the union of intervals, so parallel git calls of one process are not counted twice.
 */
function unionMs(intervals: Array<[number, number]>): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of sorted) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

/**
 * Per-target averages over the task processes in `records` (processes with `taskTarget`). A batch
 * process ran `batchTasks` tasks: its figures are shared out among them.
 */
export function profileTargets(records: readonly ProbeRecord[], agentsDir: string, batchTasks = 1): TargetProfile[] {
  const byTarget = new Map<string, ProbeRecord[]>();
  for (const record of records) {
    if (!record.taskTarget) continue;
    const list = byTarget.get(record.taskTarget) ?? [];
    list.push(record);
    byTarget.set(record.taskTarget, list);
  }
  const order = ['run', 'review', 'merge', 'implement', BATCH_TARGET];
  return [...byTarget.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([target, list]) => {
      const share = target === BATCH_TARGET ? Math.max(1, batchTasks) : 1;
      const mean = (value: (record: ProbeRecord) => number) => list.reduce((sum, record) => sum + value(record), 0) / list.length / share;
      const spansOf = (record: ProbeRecord, test: (spawn: ProbeSpawn) => boolean) =>
        record.spawns.filter(test).map((spawn): [number, number] => [spawn.startMs, spawn.startMs + duration(spawn)]);
      const lifeMs = mean((record) => record.endMs - record.startMs);
      const startupMs = mean((record) => (record.executorLoadedMs ?? record.endMs) - record.startMs);
      const pluginLoadMs = mean((record) => (record.executorReadyMs ?? record.executorLoadedMs ?? record.endMs) - (record.executorLoadedMs ?? record.endMs));
      const gitMs = mean((record) => unionMs(spansOf(record, isGit)));
      const agentMs = mean((record) => unionMs(spansOf(record, (spawn) => isAgent(spawn, agentsDir))));
      const stateWriteMs = mean((record) => record.stateWriteMs);
      return {
        target,
        tasks: list.length * share,
        lifeMs,
        startupMs,
        pluginLoadMs,
        gitMs,
        gitSpawns: mean((record) => record.spawns.filter(isGit).length),
        agentMs,
        agentSpawns: mean((record) => record.spawns.filter((spawn) => isAgent(spawn, agentsDir)).length),
        otherSpawns: mean((record) => record.spawns.filter((spawn) => !isGit(spawn) && !isAgent(spawn, agentsDir)).length),
        stateWrites: mean((record) => record.stateWrites),
        stateWriteMs,
        restMs: lifeMs - startupMs - pluginLoadMs - gitMs - agentMs - stateWriteMs,
        gitCommands: gitHistogram(list, share),
      };
    });
}

function gitHistogram(list: readonly ProbeRecord[], share: number): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const record of list) for (const spawn of record.spawns.filter(isGit)) counts.set(spawn.first, (counts.get(spawn.first) ?? 0) + 1);
  return [...counts.entries()].map(([command, count]): [string, number] => [command, count / list.length / share]).sort((a, b) => b[1] - a[1]);
}

/** The nx main process (the one that spawned the task processes) and its plugin workers. */
export function mainProcessSummary(records: readonly ProbeRecord[]): { lifeMs: number; pluginWorkers: number; taskProcesses: number } | undefined {
  const main = records.find((record) => /(^|\/)nx(\.js)?$/.test(record.script) || record.script.endsWith('bin/nx'));
  if (!main) return undefined;
  return {
    lifeMs: main.endMs - main.startMs,
    pluginWorkers: records.filter((record) => /plugin-worker/.test(record.script)).length,
    taskProcesses: records.filter((record) => record.taskTarget).length,
  };
}

/** One task of an `NX_PROFILE` file (Nx's Chrome-trace task profile). */
export interface NxProfileTask {
  project: string;
  target: string;
  startMs: number;
  endMs: number;
  /** `success`, `failure`, `local-cache`, `local-cache-kept-existing`, ... */
  status: string;
}

/** Reads the tasks of an `NX_PROFILE` file. */
export function readNxProfile(file: string): NxProfileTask[] {
  const events = JSON.parse(readFileSync(file, 'utf8')) as Array<{ ph: string; ts: number; dur: number; args?: { target?: { project: string; target: string }; status?: string } }>;
  return events
    .filter((event) => event.ph === 'X' && event.args?.target)
    .map((event) => ({
      project: event.args!.target!.project,
      target: event.args!.target!.target,
      startMs: event.ts / 1000,
      endMs: (event.ts + event.dur) / 1000,
      status: event.args!.status ?? 'unknown',
    }));
}

/** True for a task that ran its executor (not replayed from the cache). */
export function executed(task: NxProfileTask): boolean {
  return !/cache/.test(task.status);
}
