/**
 * `stories implement` and `stories retry` end to end: the built bin, the real nx (daemon off) on a
 * temp git workspace, the offline agent and reviewer. Every story's script appends its id to a
 * file outside the repository, so the tests see exactly which stories an agent worked on.
 * The tests of each workspace run in order and build on each other (nx runs are slow).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { offlineAgents, recordedStatuses, runStories, scriptedStory, takeStarts } from '../../stories-plugin/src/cli/__fixtures__/cli-run';
import { nxWorkspace, type NxWorkspace } from '../../stories-plugin/src/testing/nx-workspace';
import { tempDir, type TempDir } from '../../stories-plugin/src/testing/temp-dir';

interface Summary {
  outcome: string;
  exitCode: number;
  totals: Record<string, number>;
  stories: Array<{ id: string; status: string; category: string; reason?: string }>;
}

/** Each nx run takes 5-40 s on a busy machine. */
jest.setTimeout(300_000);

const summaryOf = (ws: NxWorkspace): Summary => JSON.parse(readFileSync(join(ws.path, '.agent-orchestration/summary.json'), 'utf8'));
const categories = (summary: Summary) => Object.fromEntries(summary.stories.map((story) => [story.id, story.category]));

describe('stories implement', () => {
  let scratch: TempDir;
  let ws: NxWorkspace;
  const starts = () => join(scratch.path, 'starts');
  const marker = () => join(scratch.path, 'flaky-may-pass');

  beforeAll(() => {
    scratch = tempDir('nx-stories-scratch-');
    const story = (id: string, title: string, epic: string, dependencies?: string, extra?: string) => scriptedStory({ id, title, epic, dependencies, extra, starts: starts() });
    ws = nxWorkspace(
      {
        'docs/stories/1.1.sign-up.md': story('1.1', 'Sign up', 'Auth'),
        'docs/stories/1.2.log-in.md': story('1.2', 'Log in', 'Auth', '1.1'),
        'docs/stories/1.3.log-out.md': story('1.3', 'Log out', 'Auth', '1.2'),
        'docs/stories/1.5.tokens.md': story('1.5', 'Tokens', 'Auth'),
        'docs/stories/2.3.profile.md': story('2.3', 'Profile', 'Profile', '1.5'),
        'docs/stories/2.4.avatar.md': story('2.4', 'Avatar', 'Profile', '2.3'),
        'docs/stories/2.5.prefs.md': story('2.5', 'Prefs', 'Profile', '1.1'),
        'docs/stories/2.6.flaky.md': story('2.6', 'Flaky', 'Profile', 'none', `test -f ${marker()} || { echo "not yet" >&2; exit 3; }`),
      },
      offlineAgents(),
    );
  });
  afterAll(() => {
    ws.cleanup();
    scratch.cleanup();
  });

  it('1.1-1.3: runs the three stories through nx, shows progress lines without a terminal, and ends with the summary, summary.json and report.html (exit 0)', () => {
    const result = runStories({ cwd: ws.path, argv: ['implement', '1.1-1.3', '--parallel', '2'] });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(takeStarts(starts())).toEqual(['1.1', '1.2', '1.3']);
    expect(result.stdout).toContain('Running: nx run-many --targets implement --projects story-1.1,story-1.2,story-1.3 --parallel 2\n');
    const log = /nx output: (\.agent-orchestration\/logs\/nx-run-\d{8}-\d{6}\.log)/.exec(result.stdout)?.[1] as string;
    expect(readFileSync(join(ws.path, log), 'utf8')).toContain('story-1.3:implement');
    expect(result.stdout).toMatch(/^\[\d\d:\d\d:\d\d\] 1\.3 Log out: .*-> Merged$/m);
    expect(result.stdout).toContain('✅ Story Implementation Complete\n\nTotal Stories: 3\n✅ Completed: 3');
    expect(summaryOf(ws)).toMatchObject({ outcome: 'complete', exitCode: 0, totals: { total: 3, completed: 3 } });
    const html = readFileSync(join(ws.path, '.agent-orchestration/report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Log out');
    expect(recordedStatuses(ws.path)).toEqual({ '1.1': 'Merged', '1.2': 'Merged', '1.3': 'Merged' });
  });

  it('2.3 without a terminal and without --on-out-of-scope: cancels with exit code 2, nothing runs', () => {
    const result = runStories({ cwd: ws.path, argv: ['implement', '2.3'] });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Story 2.3 depends on story 1.5, which is not in the current scope.');
    expect(takeStarts(starts())).toEqual([]);
    expect(recordedStatuses(ws.path)['2.3']).toBeUndefined();
  });

  it('2.3 2.5 --on-out-of-scope skip: runs 2.5 alone (its dependency 1.1 is merged) without touching 1.5 or 2.3; exit 1 since 2.3 is not merged', () => {
    const result = runStories({ cwd: ws.path, argv: ['implement', '2.3', '2.5', '--on-out-of-scope', 'skip'] });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Skipping 2.3 for now.');
    expect(result.stdout).toContain('Running: nx run-many --targets implement --projects story-2.5 --parallel 3 --excludeTaskDependencies\n');
    expect(takeStarts(starts())).toEqual(['2.5']);
    const statuses = recordedStatuses(ws.path);
    expect([statuses['1.5'], statuses['2.3'], statuses['2.5']]).toEqual([undefined, undefined, 'Merged']);
    expect(categories(summaryOf(ws))).toEqual({ '2.3': 'skipped', '2.5': 'completed' });
    expect(result.stdout).toContain('⏭️  Skipped: 1');
  });

  it('2.3 --on-out-of-scope expand: runs 1.5, then 2.3 (exit 0)', () => {
    const result = runStories({ cwd: ws.path, argv: ['implement', '2.3', '--on-out-of-scope', 'expand'] });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toContain('Expanded the scope with 1.5.');
    expect(takeStarts(starts())).toEqual(['1.5', '2.3']);
    expect(summaryOf(ws)).toMatchObject({ outcome: 'complete', totals: { total: 2, completed: 2 } });
  });

  it('epic:profile: runs what is left of the epic; a failing story fails the run (exit 1) and the summary says why and what to run', () => {
    const result = runStories({ cwd: ws.path, argv: ['implement', 'epic:profile'] });
    expect(result.status).toBe(1);
    expect(takeStarts(starts())).toEqual(['2.4', '2.6']);
    expect(categories(summaryOf(ws))).toEqual({ '2.3': 'completed', '2.4': 'completed', '2.5': 'completed', '2.6': 'failed' });
    expect(result.stdout).toMatch(/Failed Stories:\n {2}- 2\.6: Flaky \(agent general-developer failed/);
    expect(result.stdout).toContain('npx stories retry 2.6');
  });

  it('retry 2.6: back to Not Started, runs it again through nx, and prints the summary (exit 0 once it merges)', () => {
    writeFileSync(marker(), 'yes\n');
    const result = runStories({ cwd: ws.path, argv: ['retry', '2.6'] });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toContain('Story 2.6: Failed -> Not Started\n');
    expect(result.stdout).toContain('Running: nx run story-2.6:implement\n');
    expect(result.stdout).toContain('✅ Story Implementation Complete');
    expect(takeStarts(starts())).toEqual(['2.6']);
    expect(recordedStatuses(ws.path)['2.6']).toBe('Merged');
    expect(existsSync(join(ws.path, '.agent-orchestration/report.html'))).toBe(true);
  });
});

describe('stories implement with a human reviewer', () => {
  it('stops awaiting review; request-changes sends it back to the agent; approve lets the next run merge it', () => {
    const scratch = tempDir('nx-stories-scratch-');
    const starts = join(scratch.path, 'starts');
    const ws = nxWorkspace({ 'docs/stories/1.1.greeting.md': scriptedStory({ id: '1.1', title: 'Greeting', starts }) }, offlineAgents({ reviewer: 'human' }));
    try {
      const first = runStories({ cwd: ws.path, argv: ['implement'] });
      expect(first.status).toBe(1);
      expect(first.stdout).toContain('Awaiting Review:\n  - 1.1: Greeting (npx stories approve 1.1)');
      expect(JSON.parse(runStories({ cwd: ws.path, argv: ['status', '--json'] }).stdout).awaitingReview).toEqual(['1.1']);

      expect(runStories({ cwd: ws.path, argv: ['request-changes', '1.1', '--finding', 'Greet in French too'] }).status).toBe(0);
      const second = runStories({ cwd: ws.path, argv: ['implement'] });
      expect(second.status).toBe(1);
      expect(recordedStatuses(ws.path)['1.1']).toBe('Ready for Review');

      expect(runStories({ cwd: ws.path, argv: ['approve', '1.1'] }).status).toBe(0);
      const third = runStories({ cwd: ws.path, argv: ['implement'] });
      expect({ status: third.status, stderr: third.stderr }).toEqual({ status: 0, stderr: '' });
      expect(takeStarts(starts)).toEqual(['1.1', '1.1']);
      expect(readFileSync(join(ws.path, 'docs/stories/1.1.greeting.md'), 'utf8')).toMatch(/### Round 1: Changes requested\n\nReviewer: human[^\n]*\n\n- Greet in French too\n\n### Round 2: Approved\n\nReviewer: human/);
    } finally {
      ws.cleanup();
      scratch.cleanup();
    }
  });
});
