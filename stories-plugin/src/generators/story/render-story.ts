/**
 * The text of a new story file (the seed's template), and the check that it reads back as planned.
 * Pure.
 */
import { problemsError, type Problem } from '../../errors';
import { parseStory } from '../../stories/parse';
import type { StoryPlan } from './plan-story';

/** The file name of a planned story: `1.10.sign-up.md`. */
export function storyFileName(plan: StoryPlan): string {
  return `${plan.id}.${plan.slug}.md`;
}

/** The markdown of a new story: fields, then Story, Acceptance Criteria and Tasks to fill in. */
export function renderStory(plan: StoryPlan): string {
  return [
    `# Story ${plan.id}: ${plan.title}`,
    '',
    `**Epic**: ${plan.epicLabel}`,
    `**Dependencies**: ${plan.dependencies.length > 0 ? plan.dependencies.join(', ') : 'none'}`,
    ...(plan.agent ? [`**Agent**: ${plan.agent}`] : []),
    '',
    '## Story',
    '',
    'As a _role_,',
    'I want _capability_,',
    'so that _benefit_.',
    '',
    '## Acceptance Criteria',
    '',
    '- _An observable behaviour that shows the story is done_',
    '- _Another one: each criterion is checked in review_',
    '',
    '## Tasks',
    '',
    '- [ ] _First step_',
    '- [ ] Tests for every acceptance criterion',
    '',
  ].join('\n');
}

/**
 * Parses `text` as the story file `file` and throws `STORY_INVALID` unless it reads back with the
 * planned id, epic, dependencies and agent: a title or epic label that the story format would
 * read differently must not become a story that means something else.
 */
export function assertReadsBackAsPlanned(args: { file: string; text: string; plan: StoryPlan }): void {
  const { file, text, plan } = args;
  const { story, problems } = parseStory({ file, text });
  const mismatches: Problem[] = [...problems];
  const expect = (field: string, actual: string, expected: string) => {
    if (actual !== expected) mismatches.push({ file, message: `${field} reads back as "${actual}"`, expected: `"${expected}"` });
  };
  if (!story) {
    mismatches.push({ file, message: 'the file name is not a story name', expected: '<epic>.<story>.<slug>.md' });
  } else {
    expect('id', story.id, plan.id);
    expect('epic', story.declaredEpicName ?? String(story.epic), plan.epicName);
    expect('dependencies', story.dependencies.join(', '), plan.dependencies.join(', '));
    expect('agent', story.agent ?? '', plan.agent ?? '');
  }
  if (mismatches.length > 0) {
    throw problemsError('STORY_INVALID', 'nx-stories: the new story would not read back as requested:', mismatches, 'use a plainer title or epic name');
  }
}
