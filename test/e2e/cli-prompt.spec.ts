/**
 * The out-of-scope prompt on a real terminal (tmux): the spec's warning, `Enter your choice
 * (1-3):`, and what each answer does. Answers 2 and 3 run no agent; answer 1 runs the real nx.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_TEST_ENV, offlineAgents, recordedStatuses, scriptedStory, STORIES_BIN, takeStarts } from '../../stories-plugin/src/cli/__fixtures__/cli-run';
import { hasTmux, startInTerminal, type TerminalSession } from '../../stories-plugin/src/cli/__fixtures__/terminal';
import { nxWorkspace, type NxWorkspace } from '../../stories-plugin/src/testing/nx-workspace';
import { tempDir, type TempDir } from '../../stories-plugin/src/testing/temp-dir';

jest.setTimeout(300_000);

const PROMPT = /Enter your choice \(1-3\): $/m;

describe('stories implement on a terminal: the out-of-scope prompt', () => {
  let scratch: TempDir;
  let ws: NxWorkspace;
  let terminal: TerminalSession | undefined;
  const starts = () => join(scratch.path, 'starts');
  const run = (...argv: string[]) => (terminal = startInTerminal({ cwd: ws.path, argv: [process.execPath, STORIES_BIN, ...argv], env: CLI_TEST_ENV }));

  beforeAll(() => {
    if (!hasTmux()) throw new Error('these tests need tmux (apt-get install -y tmux)');
  });
  beforeEach(() => {
    scratch = tempDir('nx-stories-scratch-');
    ws = nxWorkspace(
      {
        'docs/stories/1.5.tokens.md': scriptedStory({ id: '1.5', title: 'Tokens', starts: starts() }),
        'docs/stories/2.3.profile.md': scriptedStory({ id: '2.3', title: 'Profile', dependencies: '1.5', starts: starts() }),
      },
      offlineAgents(),
    );
  });
  afterEach(() => {
    terminal?.close();
    terminal = undefined;
    ws.cleanup();
    scratch.cleanup();
  });

  it('asks again on an unclear answer; 2 skips the dependent story (nothing left: nothing runs)', async () => {
    const session = run('implement', '2.3', '--dry-run');
    const screen = await session.waitFor(PROMPT);
    expect(screen).toContain(
      [
        '⚠️ Out-of-Scope Dependency Detected',
        '',
        'Story 2.3 depends on story 1.5, which is not in the current scope.',
        '',
        'Options:',
        '1. Expand scope to include 1.5',
        '2. Skip story 2.3 for now',
        '3. Cancel orchestration',
        '',
        'Enter your choice (1-3):',
      ].join('\n'),
    );
    session.typeLine('maybe');
    await session.waitFor(/Please enter 1 \(expand\), 2 \(skip\) or 3 \(cancel\): $/m);
    session.typeLine('2');
    expect(await session.exitStatus()).toBe(0);
    expect(session.screen()).toContain('Skipping 2.3 for now.');
    expect(session.screen()).toContain('Nothing would run');
  });

  it('3 cancels with exit code 2', async () => {
    const session = run('implement', '2.3');
    await session.waitFor(PROMPT);
    session.typeLine('3');
    expect(await session.exitStatus()).toBe(2);
    expect(session.screen()).toContain('Cancelled: nothing was run.');
    expect(recordedStatuses(ws.path)).toEqual({});
  });

  it('1 expands the scope and runs nx, with the progress redrawn in place and the summary at the end', async () => {
    const session = run('implement', '2.3');
    await session.waitFor(PROMPT);
    session.typeLine('1');
    const status = await session.exitStatus();
    const screen = session.screen();
    expect({ status, screen }).toMatchObject({ status: 0 });
    expect(screen).toContain('Expanded the scope with 1.5.');
    expect(screen).toContain('Running: nx run-many --targets implement --projects story-1.5,story-2.3 --parallel 3');
    // Redrawn in place: the final frame is on the screen once, not one copy per change.
    expect(screen.match(/📊 Story Implementation Progress/g)).toHaveLength(1);
    expect(screen).toContain('✅ 1.5 - Tokens (Completed)');
    expect(screen).toContain('✅ 2.3 - Profile (Completed)');
    expect(screen).toContain('✅ Story Implementation Complete');
    expect(takeStarts(starts())).toEqual(['1.5', '2.3']);
    expect(recordedStatuses(ws.path)).toEqual({ '1.5': 'Merged', '2.3': 'Merged' });
    expect(JSON.parse(readFileSync(join(ws.path, '.agent-orchestration/summary.json'), 'utf8'))).toMatchObject({ outcome: 'complete', exitCode: 0 });
  });
});
