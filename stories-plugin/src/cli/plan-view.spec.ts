import { resolveOptions } from '../config/resolve';
import { findOutOfScope } from '../scope';
import { dependencyMap, record, story } from './__fixtures__/stories';
import { describeAgentChoice, formatAgentChoice } from './agent-choice';
import { buildPlan, renderPlan } from './plan-view';
import { scopeWaves } from './story-views';

describe('describeAgentChoice', () => {
  const options = resolveOptions({});

  it('says whether the story names its agent or the default applies', () => {
    expect(describeAgentChoice({ story: story('1.1', 'A', { agent: 'python-developer' }), text: '', options })).toEqual({ agent: 'python-developer', reason: 'explicit', evidence: [] });
    expect(describeAgentChoice({ story: story('1.1', 'A'), text: '', options })).toEqual({ agent: 'general-developer', reason: 'default', evidence: [] });
  });

  it("shows detection's evidence when the detector agrees with the chosen agent", () => {
    const detect = () => ({ agent: 'general-developer', evidence: ['README mentions nothing special'] });
    expect(describeAgentChoice({ story: story('1.1', 'A'), text: '', options, detect })).toEqual({ agent: 'general-developer', reason: 'detected', evidence: ['README mentions nothing special'] });
  });

  it('formats the choice for the plan', () => {
    expect(formatAgentChoice({ agent: 'python-developer', reason: 'detected', evidence: ['pytest', '*.py'] })).toBe('python-developer (detected: pytest, *.py)');
    expect(formatAgentChoice({ agent: 'general-developer', reason: 'default', evidence: [] })).toBe('general-developer (default)');
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
