/**
 * `stories plan`: the chosen stories in waves, each with its agent and why, its status, and its
 * dependencies; plus what the scope lacks. Pure: one model for the text and the JSON.
 */
import type { StoryRecord } from '../lifecycle';
import type { DependencyKind, StoryGraph } from '../graph/types';
import type { OutOfScopeFinding } from '../scope';
import { describeStoryIds } from '../scope';
import type { StoryStatus } from '../stories/types';
import { formatAgentChoice, type AgentChoice } from './agent-choice';
import { storyStatus, type StatusSource } from './story-views';

/** One story of the plan. */
export interface PlanStory {
  id: string;
  title: string;
  file: string;
  epic: string;
  agent: string;
  agentReason: AgentChoice['reason'];
  agentEvidence: string[];
  status: StoryStatus;
  statusSource: StatusSource;
  dependencies: Array<{ id: string; kind: DependencyKind; inScope: boolean }>;
}

/** The plan of a scope, as `stories plan --json` prints it. */
export interface PlanModel {
  scope: string[];
  totals: { stories: number; dependencies: number; waves: number };
  waves: Array<{ wave: number; stories: PlanStory[] }>;
  /** Dependencies outside the scope that are not merged (empty `missing` when none). */
  outOfScope: OutOfScopeFinding;
}

/** Builds the plan of `scope` with its scope-local `waves` (see `scopeWaves`). */
export function buildPlan(args: {
  scope: readonly string[];
  graph: Pick<StoryGraph, 'byId' | 'dependencies'>;
  records: ReadonlyMap<string, StoryRecord>;
  waves: ReadonlyMap<string, number>;
  agents: ReadonlyMap<string, AgentChoice>;
  finding: OutOfScopeFinding;
}): PlanModel {
  const inScope = new Set(args.scope);
  const byWave = new Map<number, PlanStory[]>();
  let dependencyCount = 0;
  for (const id of args.scope) {
    const story = args.graph.byId.get(id);
    if (!story) continue;
    const agent = args.agents.get(id) ?? { agent: 'general-developer', reason: 'default' as const, evidence: [] };
    const { status, source } = storyStatus({ story, record: args.records.get(id) });
    const dependencies = (args.graph.dependencies.get(id) ?? []).map((dependency) => ({ ...dependency, inScope: inScope.has(dependency.id) }));
    dependencyCount += dependencies.length;
    const wave = args.waves.get(id) ?? 1;
    const planned: PlanStory = {
      id,
      title: story.title,
      file: story.file,
      epic: story.epicName,
      agent: agent.agent,
      agentReason: agent.reason,
      agentEvidence: agent.evidence,
      status,
      statusSource: source,
      dependencies,
    };
    byWave.set(wave, [...(byWave.get(wave) ?? []), planned]);
  }
  const waves = [...byWave.entries()].sort(([a], [b]) => a - b).map(([wave, stories]) => ({ wave, stories }));
  return {
    scope: [...args.scope],
    totals: { stories: args.scope.length, dependencies: dependencyCount, waves: waves.length },
    waves,
    outOfScope: args.finding,
  };
}

/** The plan as text. */
export function renderPlan(plan: PlanModel): string {
  const { stories, waves } = plan.totals;
  const lines = [`📋 Story Plan: ${stories} ${stories === 1 ? 'story' : 'stories'} in ${waves} ${waves === 1 ? 'wave' : 'waves'}`];
  for (const wave of plan.waves) {
    lines.push('', `Wave ${wave.wave} (${wave.stories.length} ${wave.stories.length === 1 ? 'story' : 'stories'}):`);
    for (const story of wave.stories) {
      const status = story.statusSource === 'file' ? `${story.status} (story file)` : story.status;
      lines.push(`  ${story.id} - ${story.title}`);
      lines.push(`      agent: ${formatAgentChoice({ agent: story.agent, reason: story.agentReason, evidence: story.agentEvidence })}`);
      lines.push(`      status: ${status}`);
      lines.push(`      depends on: ${describeDependencies(story.dependencies)}`);
    }
  }
  if (plan.outOfScope.missing.length > 0) {
    lines.push('', `⚠️  Outside the scope and not merged: ${describeStoryIds(plan.outOfScope.expandWith)}`);
    for (const entry of plan.outOfScope.missing) {
      lines.push(`  ${entry.storyId} needs ${entry.dependencyId}${entry.via.length > 0 ? ` (through ${entry.via.join(', ')})` : ''}`);
    }
    lines.push('  `stories implement` asks whether to expand the scope, skip the dependent stories or cancel (--on-out-of-scope).');
  }
  return lines.join('\n');
}

function describeDependencies(dependencies: PlanStory['dependencies']): string {
  if (dependencies.length === 0) return 'nothing';
  return dependencies
    .map((dependency) => {
      const notes = [dependency.kind === 'explicit' ? '' : dependency.kind, dependency.inScope ? '' : 'out of scope'].filter(Boolean);
      return notes.length > 0 ? `${dependency.id} (${notes.join(', ')})` : dependency.id;
    })
    .join(', ');
}
