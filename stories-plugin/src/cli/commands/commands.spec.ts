import { CommanderError } from 'commander';
import { StoriesError } from '../../errors';
import { summarizeStories } from '../../state';
import { record } from '../__fixtures__/stories';
import { exitCodeForError } from '../main';
import { storyBranchesOf } from './reset';
import { statusFooter } from './status';
import { validSummary } from './validate';

describe('validSummary', () => {
  it('counts stories, dependencies of every kind and waves', () => {
    const graph = {
      stories: [{}, {}, {}] as never[],
      dependencies: new Map([['1.2', [{ id: '1.1', kind: 'explicit' as const }]], ['1.3', [{ id: '1.1', kind: 'explicit' as const }, { id: '1.2', kind: 'same-epic' as const }]]]),
      byWave: [['1.1'], ['1.2'], ['1.3']],
    };
    expect(validSummary(graph)).toBe('3 stories, 3 dependencies, 3 waves: valid');
    expect(validSummary({ stories: [{}] as never[], dependencies: new Map(), byWave: [['1.1']] })).toBe('1 story, 0 dependencies, 1 wave: valid');
  });
});

describe('statusFooter', () => {
  it('says when nothing is recorded yet', () => {
    expect(statusFooter(summarizeStories({ records: [] }))).toEqual(['State: nothing recorded yet (no story has run in this workspace).']);
  });

  it('gives the numbers of the state file and the commands for stories awaiting review', () => {
    const state = summarizeStories({
      records: [record('1.1', { status: 'Merged', wave: 1 }), record('1.2', { status: 'Ready for Review', awaitingReview: true, wave: 2 }), record('1.3', { wave: 2 })],
      unreadable: ['.agent-orchestration/story-1.4.json'],
    });
    expect(statusFooter(state)).toEqual([
      'State: 3 recorded · 1 merged · 1 in progress · 1 not started · 0 failed · 0 blocked · current wave 2',
      '',
      'Awaiting review:',
      '  1.2: npx stories approve 1.2   or   npx stories request-changes 1.2 --finding "..."',
      '⚠️  .agent-orchestration/story-1.4.json cannot be read; it is left out (see `stories reset`).',
    ]);
  });
});

describe('storyBranchesOf', () => {
  it("finds the story's branch and its earlier attempts, not those of 1.20 or other stories", () => {
    const branches = ['story/1.2-log-in', 'story/1.2-log-in-attempt-1', 'story/1.20-other', 'story/11.2-x', 'main'];
    expect(storyBranchesOf({ storyId: '1.2', branches })).toEqual(['story/1.2-log-in', 'story/1.2-log-in-attempt-1']);
  });
});

describe('exitCodeForError', () => {
  it('is 2 for a cancelled out-of-scope decision, 1 for other errors, commander’s own for usage errors', () => {
    expect(exitCodeForError(new StoriesError({ code: 'OUT_OF_SCOPE', message: 'cancelled' }))).toBe(2);
    expect(exitCodeForError(new StoriesError({ code: 'SCOPE_INVALID', message: 'bad' }))).toBe(1);
    expect(exitCodeForError(new Error('boom'))).toBe(1);
    expect(exitCodeForError(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(0);
  });
});
