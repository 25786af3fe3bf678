/**
 * A profiler preloaded into every node process of an nx run (`NODE_OPTIONS=--require probe.js`,
 * only in profiling runs: it costs a little). It records, per process, when it started and ended,
 * which Nx task it ran (Nx puts `NX_TASK_TARGET_*` in a task's environment), when the nx-stories
 * executor was loaded, every child process (command, duration) and every write under
 * `.agent-orchestration/` (state files, history, locks). One JSON file per process goes to
 * `BENCH_PROBE_DIR` when the process exits. Agents never load it: their environment is an allow-list.
 */
// `import x = require()`: the real module objects, so patching them reaches every caller.
import childProcess = require('node:child_process');
import fs = require('node:fs');
import Module = require('node:module');
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** A child process seen by the probe. */
export interface ProbeSpawn {
  command: string;
  /** The first argument (git's subcommand, the script an agent runs). */
  first: string;
  startMs: number;
  endMs?: number;
  sync: boolean;
}

/** What one process recorded. Times are epoch milliseconds. */
export interface ProbeRecord {
  pid: number;
  ppid: number;
  script: string;
  taskProject?: string;
  taskTarget?: string;
  startMs: number;
  /** When the nx-stories executor module was first required (task processes only). */
  executorLoadedMs?: number;
  /** When that require returned: the plugin's modules (xstate, gray-matter, fast-glob, ...) are loaded. */
  executorReadyMs?: number;
  endMs: number;
  spawns: ProbeSpawn[];
  stateWrites: number;
  stateWriteMs: number;
}

/** The target name the probe gives Nx's batch worker process. */
export const BATCH_TARGET = 'implement (batch)';

function install(outputDir: string): void {
  const record: ProbeRecord = {
    pid: process.pid,
    ppid: process.ppid,
    script: process.argv[1] ?? '',
    ...(process.env.NX_TASK_TARGET_PROJECT ? { taskProject: process.env.NX_TASK_TARGET_PROJECT } : {}),
    ...(process.env.NX_TASK_TARGET_TARGET ? { taskTarget: process.env.NX_TASK_TARGET_TARGET } : {}),
    // Nx's batch worker runs many tasks and has no task of its own in its environment.
    ...(/run-batch(\.js)?$/.test(process.argv[1] ?? '') ? { taskTarget: BATCH_TARGET } : {}),
    startMs: performance.timeOrigin,
    endMs: 0,
    spawns: [],
    stateWrites: 0,
    stateWriteMs: 0,
  };

  type Spawner = (this: childProcess.ChildProcess, options: { file?: string; args?: string[] }) => unknown;
  const prototype = childProcess.ChildProcess.prototype as unknown as { spawn: Spawner };
  const originalSpawn = prototype.spawn;
  prototype.spawn = function probedSpawn(this: childProcess.ChildProcess, options) {
    const entry: ProbeSpawn = { command: options.file ?? '', first: options.args?.[1] ?? '', startMs: Date.now(), sync: false };
    record.spawns.push(entry);
    this.once('exit', () => (entry.endMs = Date.now()));
    return originalSpawn.call(this, options);
  };
  const mutable = childProcess as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['spawnSync', 'execFileSync', 'execSync']) {
    const original = mutable[name];
    mutable[name] = function probedSync(...args: unknown[]) {
      const entry: ProbeSpawn = { command: String(args[0]), first: Array.isArray(args[1]) ? String(args[1][0] ?? '') : '', startMs: Date.now(), sync: true };
      record.spawns.push(entry);
      try {
        return original.apply(this, args);
      } finally {
        entry.endMs = Date.now();
      }
    };
  }

  const mutableFs = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['writeFileSync', 'renameSync', 'appendFileSync', 'openSync', 'unlinkSync', 'rmSync']) {
    const original = mutableFs[name];
    mutableFs[name] = function probedWrite(...args: unknown[]) {
      const path = String(args[0]);
      if (!path.includes('.agent-orchestration')) return original.apply(this, args);
      if (name === 'openSync' && !/[wa]/.test(String(args[1] ?? 'r'))) return original.apply(this, args);
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        record.stateWrites++;
        record.stateWriteMs += performance.now() - start;
      }
    };
  }

  const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const originalLoad = loader._load;
  loader._load = function probedLoad(request, parent, isMain) {
    const first = record.executorLoadedMs === undefined && /executors[\\/](run|review|merge|implement)[\\/](executor|batch)/.test(request);
    if (!first) return originalLoad.call(this, request, parent, isMain);
    record.executorLoadedMs = Date.now();
    try {
      return originalLoad.call(this, request, parent, isMain);
    } finally {
      record.executorReadyMs = Date.now();
    }
  };

  process.once('exit', () => {
    record.endMs = Date.now();
    try {
      fs.mkdirSync(outputDir, { recursive: true });
      fs.writeFileSync(join(outputDir, `${process.pid}.json`), JSON.stringify(record));
    } catch {
      // A profile that cannot be written must not change how the process ends.
    }
  });
}

if (process.env.BENCH_PROBE_DIR) install(process.env.BENCH_PROBE_DIR);
