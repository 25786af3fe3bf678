import { resolveOptions } from '../config/resolve';
import { findOutOfScope } from '../scope';
import { dependencyMap, record, story } from './__fixtures__/stories';
import { classifyEvidence, describeAgentChoice, formatAgentChoice } from './agent-choice';
import { buildPlan, renderPlan } from './plan-view';
import { scopeWaves } from './story-views';

describe('describeAgentChoice', () => {
  const options = resolveOptions({});

  it('an explicit agent needs no evidence', () => {
    expect(describeAgentChoice({ story: story('1.1', 'A', { agent: 'python-developer' }), text: 'uses pytest', options })).toEqual({ agent: 'python-developer', reason: 'explicit', evidence: [] });
  });

  it("a detected agent shows detection's points for it and its conclusion", () => {
    const choice = describeAgentChoice({ story: story('1.1', 'Load the data'), text: '# Story 1.1: Load the data\n\nRun pytest on src/load.py\n', options });
    expect(choice.agent).toBe('python-developer');
    expect(choice.reason).toBe('detected');
    expect(choice.evidence).toEqual(expect.arrayContaining(['+5: mentions "pytest"', '+4: .py file (src/load.py)']));
    expect(choice.evidence[choice.evidence.length - 1]).toMatch(/^chose python-developer with \d+ points/);
  });

  it('the general agent chosen for want of signals is the default, with the reason', () => {
    expect(describeAgentChoice({ story: story('1.1', 'A'), text: 'plain words', options })).toEqual({
      agent: 'general-developer',
      reason: 'default',
      evidence: ['chose general-developer: no agent reached 3 points'],
    });
  });

  it('keeps only the evidence for the chosen agent', () => {
    const evidence = ['python-developer +4: mentions "python"', 'golang-developer +2: mentions "Go"', 'chose python-developer with 4 points; next: golang-developer 2'];
    expect(classifyEvidence({ agent: 'python-developer', evidence })).toEqual({ reason: 'detected', evidence: ['+4: mentions "python"', 'chose python-developer with 4 points; next: golang-developer 2'] });
  });

  it('formats the choice for the plan', () => {
    expect(formatAgentChoice({ agent: 'python-developer', reason: 'detected', evidence: ['+5: mentions "pytest"', 'chose python-developer with 5 points'] })).toBe(
      'python-developer (detected: +5: mentions "pytest"; chose python-developer with 5 points)',
    );
    expect(formatAgentChoice({ agent: 'aider-dev', reason: 'explicit', evidence: [] })).toBe('aider-dev (explicit)');
  });
});

describe('buildPlan / renderPlan', () => {
  const byId = new Map(['1.1', '1.2', '2.1'].map((id) => [id, story(id, `Story ${id}`)]));
  byId.set('1.2', story('1.2', 'Log in', { status: 'Merged' }));
  const dependencies = dependencyMap({ '1.1': [], '1.2': ['1.1'] });
  dependencies.set('2.1', [{ id: '1.2', kind: 'explicit' }, { id: '0.9', kind: 'foundation' }]);
  const scope = ['1.2', '2.1'];
  const finding = findOutOfScope({ scope, dependencies: { '1.2': ['1.1'], '2.1': ['1.2', '0.9'] }, merged: ['0.9'] });
  const plan = buildPlan({
    scope,
    graph: { byId, dependencies },
    records: new Map([['2.1', record('2.1', { status: 'Failed' })]]),
    waves: scopeWaves({ ids: scope, dependencies }),
    agents: new Map([['2.1', { agent: 'python-developer', reason: 'explicit' as const, evidence: [] }]]),
    finding,
  });

  it('groups the scope in its own waves with status source and dependencies in or out of scope', () => {
    expect(plan.totals).toEqual({ stories: 2, dependencies: 3, waves: 2 });
    expect(plan.waves.map((wave) => [wave.wave, wave.stories.map((s) => s.id)])).toEqual([[1, ['1.2']], [2, ['2.1']]]);
    expect(plan.waves[0].stories[0]).toMatchObject({ status: 'Merged', statusSource: 'file', agent: 'general-developer', agentReason: 'default', dependencies: [{ id: '1.1', kind: 'explicit', inScope: false }] });
    expect(plan.waves[1].stories[0]).toMatchObject({ status: 'Failed', statusSource: 'state', agent: 'python-developer' });
    expect(plan.outOfScope.expandWith).toEqual(['1.1']);
  });

  it('prints waves, agents with reasons, statuses, dependencies and what the scope lacks', () => {
    expect(renderPlan(plan)).toBe(
      [
        '📋 Story Plan: 2 stories in 2 waves',
        '',
        'Wave 1 (1 story):',
        '  1.2 - Log in',
        '      agent: general-developer (default)',
        '      status: Merged (story file)',
        '      depends on: 1.1 (out of scope)',
        '',
        'Wave 2 (1 story):',
        '  2.1 - Story 2.1',
        '      agent: python-developer (explicit)',
        '      status: Failed',
        '      depends on: 1.2, 0.9 (foundation, out of scope)',
        '',
        '⚠️  Outside the scope and not merged: 1.1',
        '  1.2 needs 1.1',
        '  `stories implement` asks whether to expand the scope, skip the dependent stories or cancel (--on-out-of-scope).',
      ].join('\n'),
    );
  });
});
