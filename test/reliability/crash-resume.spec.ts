/**
 * Crash and resume (issue 9): SIGKILL the whole `nx run-many -t implement` process group at
 * seeded kill points (worktree creation, agent run, commit, state write, merge, branch deletion,
 * random moments), run again, and check that every story ends merged exactly once with nothing
 * lost or left behind. `RELIABILITY_KILL_POINTS` (default 10) sets how many points; the soak runs 100.
 */
import { KILL_POINTS } from './support/kill-points';
import { killSchedule, reliabilitySeed, seededRandom } from './support/random';
import { runCrashChain } from './support/crash-chain';

const KILLS = Number(process.env.RELIABILITY_KILL_POINTS ?? 10);
const SEED = reliabilitySeed(9_2025);

describe('crash and resume', () => {
  it(
    `SIGKILLs the orchestrator at ${KILLS} kill points (seed ${SEED}); each resume merges every story exactly once, nothing left behind`,
    async () => {
      const random = seededRandom(SEED);
      const schedule = killSchedule(KILL_POINTS, KILLS, random);
      const lines: string[] = [];
      const report = await runCrashChain({ schedule, random, log: (line) => lines.push(line) });
      const killed = report.kills.filter((kill) => kill.outcome === 'killed');
      process.stdout.write(
        `crash-resume seed ${SEED}: ${killed.length} kills in ${report.kills.length} tries, ${report.recoveries} RECOVER transitions, ${report.workspaces} workspaces, ${report.storiesRun} stories, ${report.runs} runs\n${lines.join('\n')}\n`,
      );
      expect(report.problems).toEqual([]);
      // Every kind of point was really reached (a schedule of at least one round).
      const reachedKinds = new Set(killed.map((kill) => kill.point));
      expect([...reachedKinds].sort()).toEqual([...new Set(schedule)].sort());
      expect(killed.length).toBe(KILLS);
      expect(report.recoveries).toBeGreaterThan(0);
    },
    KILLS * 90_000,
  );
});
