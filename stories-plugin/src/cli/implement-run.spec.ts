import { dependencyMap } from './__fixtures__/stories';
import { planImplementRun } from './implement-run';
import { dependenciesOutside, formatCommandLine, runManyInvocation, runOneInvocation } from './nx-command';

/** 1.2 needs 1.1; 2.3 needs 1.5; 2.4 needs 2.3; 2.5 needs 1.1. */
const dependencies = dependencyMap({ '1.1': [], '1.2': ['1.1'], '1.3': [], '1.5': [], '2.3': ['1.5'], '2.4': ['2.3'], '2.5': ['1.1'] });
const base = { dependencies, projectPrefix: 'story-', parallel: 3 };

describe('planImplementRun', () => {
  it('runs a scope that needs nothing outside it as `run-many -t implement`', () => {
    expect(planImplementRun({ ...base, scope: ['1.1', '1.2', '1.3'], merged: [], decision: 'cancel' })).toEqual({
      action: 'run',
      ids: ['1.1', '1.2', '1.3'],
      added: [],
      skipped: [],
      invocation: {
        args: ['run-many', '--targets', 'implement', '--projects', 'story-1.1,story-1.2,story-1.3', '--parallel', '3'],
        projects: ['story-1.1', 'story-1.2', 'story-1.3'],
        excludeTaskDependencies: false,
      },
    });
  });

  it('cancels with what is missing', () => {
    expect(planImplementRun({ ...base, scope: ['2.3', '2.4'], merged: [], decision: 'cancel' })).toEqual({
      action: 'cancel',
      missing: [{ storyId: '2.3', dependencyId: '1.5', via: [] }],
    });
  });

  it('expand adds the missing dependencies to the projects', () => {
    const run = planImplementRun({ ...base, scope: ['2.3'], merged: [], decision: 'expand', parallel: 2 });
    expect(run).toMatchObject({ action: 'run', ids: ['1.5', '2.3'], added: ['1.5'], skipped: [] });
    expect(run.action === 'run' && run.invocation.args).toEqual(['run-many', '--targets', 'implement', '--projects', 'story-1.5,story-2.3', '--parallel', '2']);
  });

  it('skip leaves out the stories that need a missing one, and keeps Nx from running the merged dependency outside', () => {
    const run = planImplementRun({ ...base, scope: ['2.3', '2.4', '2.5'], merged: ['1.1'], decision: 'skip' });
    expect(run).toMatchObject({ action: 'run', ids: ['2.5'], skipped: ['2.3', '2.4'], added: [] });
    expect(run.action === 'run' && run.invocation).toEqual({
      args: ['run-many', '--targets', 'implement', '--projects', 'story-2.5', '--parallel', '3', '--excludeTaskDependencies'],
      projects: ['story-2.5'],
      excludeTaskDependencies: true,
    });
  });

  it('leaves out the tasks of stories outside when an added dependency itself needs a merged story outside', () => {
    const run = planImplementRun({ ...base, scope: ['2.4'], merged: ['1.5'], decision: 'expand' });
    expect(run).toMatchObject({ action: 'run', ids: ['2.3', '2.4'], added: ['2.3'] });
    expect(run.action === 'run' && run.invocation.excludeTaskDependencies).toBe(true);
    expect(run.action === 'run' && run.invocation.args).toEqual(['run-many', '--targets', 'implement', '--projects', 'story-2.3,story-2.4', '--parallel', '3', '--excludeTaskDependencies']);
  });

  it('runs the scope unchanged when nothing is missing, whatever the decision', () => {
    for (const decision of ['expand', 'skip', 'cancel'] as const) {
      expect(planImplementRun({ ...base, scope: ['2.3'], merged: ['1.5'], decision })).toMatchObject({ action: 'run', ids: ['2.3'], added: [], skipped: [] });
    }
  });

  it('leaves nothing to run when every story is skipped', () => {
    const run = planImplementRun({ ...base, scope: ['2.3', '2.4'], merged: [], decision: 'skip' });
    expect(run).toMatchObject({ action: 'run', ids: [], skipped: ['2.3', '2.4'] });
    expect(run.action === 'run' && run.invocation.projects).toEqual([]);
  });
});

describe('nx command lines', () => {
  it('finds every dependency outside the chosen stories, also through chosen ones', () => {
    expect(dependenciesOutside({ ids: ['2.4'], dependencies })).toEqual(['1.5', '2.3']);
    expect(dependenciesOutside({ ids: ['1.1', '1.2'], dependencies })).toEqual([]);
  });

  it('uses the project prefix and keeps numeric order', () => {
    expect(runManyInvocation({ ...base, ids: ['1.3', '1.1'], projectPrefix: 'st-' }).projects).toEqual(['st-1.1', 'st-1.3']);
  });

  it('runs one story as `nx run <project>:implement`', () => {
    expect(runOneInvocation({ id: '1.2', projectPrefix: 'story-' }).args).toEqual(['run', 'story-1.2:implement']);
  });

  it('quotes only the words a shell would split or expand', () => {
    expect(formatCommandLine(['run-many', '--projects', 'story-1.1,story-1.2', ''])).toBe("run-many --projects story-1.1,story-1.2 ''");
    expect(formatCommandLine(["it's", 'a b'])).toBe(`'it'\\''s' 'a b'`);
  });
});
