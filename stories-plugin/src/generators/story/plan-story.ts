/**
 * Deciding a new story from the stories that exist: its epic, its id (the next free number in
 * that epic), its slug and its checked dependencies. Pure: parsed stories in, a plan or a
 * `StoriesError` out.
 */
import { problemsError, type Problem } from '../../errors';
import { resolveEpicNames } from '../../graph/epic-names';
import { compareStoryIds, normalizeStoryId, parseStoryFileName, slugify, sortStoryIds } from '../../stories/ids';
import type { Story } from '../../stories/types';

/** Everything the template needs to write the new story. */
export interface StoryPlan {
  id: string;
  epic: number;
  /** What the `**Epic**:` line says: the epic's name as given or known, else its number. */
  epicLabel: string;
  /** The epic name slug the file will read back as (the number as text when it has no name). */
  epicName: string;
  title: string;
  /** File-name slug of the title (`story` when the title has no latin letters or digits). */
  slug: string;
  dependencies: string[];
  agent?: string;
}

/** What the user asked for, as the generator received it. */
export interface StoryRequest {
  /** `1`, `Epic 1`, `Epic 1: Auth` or a name (`Auth`). */
  epic: string;
  title: string;
  /** Comma or space separated ids, or a list of them. */
  dependencies?: string | readonly string[];
  agent?: string;
}

const AGENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const EPIC_NUMBER = /^(?:epic\s*)?(\d+)$/i;
const EPIC_NUMBER_AND_NAME = /^epic\s*(\d+)\s*[:.\-–—]\s*(.+)$/i;
const LISTED_IDS = 20;

/**
 * Plans the story `request` describes among `stories` (every story file of the workspace, parsed).
 * Throws `STORY_INVALID` for a malformed request and `GRAPH_INVALID` for unknown dependencies,
 * each listing every problem found.
 */
export function planStory(args: { stories: readonly Story[]; request: StoryRequest }): StoryPlan {
  const { request } = args;
  const stories = resolveEpicNames(args.stories).stories;
  const problems: Problem[] = [];

  const title = request.title.replace(/\s+/g, ' ').trim();
  if (title === '') problems.push({ message: 'the title is empty', expected: 'a short title, e.g. --title="Sign up"' });
  const agent = request.agent?.trim() || undefined;
  if (agent !== undefined && !AGENT_NAME.test(agent)) {
    problems.push({ message: `agent "${agent}" is not an agent name`, expected: 'letters, digits, ".", "_" and "-", e.g. python-developer' });
  }
  const epic = chooseEpic({ stories, epic: request.epic, problems });
  const dependencyIds = readDependencyIds({ dependencies: request.dependencies, problems });
  if (problems.length > 0 || epic === undefined) throw problemsError('STORY_INVALID', 'nx-stories: cannot create the story:', problems);

  const known = new Set(stories.map((story) => story.id));
  const unknown = dependencyIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const existing = sortStoryIds(known);
    const listed = existing.length === 0 ? 'no stories exist yet' : `existing stories: ${existing.slice(0, LISTED_IDS).join(', ')}${existing.length > LISTED_IDS ? `, ... (${existing.length} in all)` : ''}`;
    throw problemsError(
      'GRAPH_INVALID',
      'nx-stories: cannot create the story:',
      unknown.map((id) => ({ message: `unknown dependency "${id}"`, expected: listed })),
    );
  }

  return {
    id: `${epic.number}.${nextStoryNumber({ stories, epic: epic.number })}`,
    epic: epic.number,
    epicLabel: epic.label,
    epicName: epic.name,
    title,
    slug: slugify(title) || 'story',
    dependencies: dependencyIds,
    agent,
  };
}

interface ChosenEpic {
  number: number;
  label: string;
  name: string;
}

/** The epic a request names: by number, by `Epic N: Name`, or by name (existing, else the next free number). */
function chooseEpic(args: { stories: readonly Story[]; epic: string; problems: Problem[] }): ChosenEpic | undefined {
  const { stories, problems } = args;
  const text = args.epic.replace(/\s+/g, ' ').trim();
  const knownName = (epic: number) => stories.find((story) => story.epic === epic && story.epicName !== String(epic))?.epicName;

  const numberOnly = EPIC_NUMBER.exec(text);
  if (numberOnly) {
    const number = Number(numberOnly[1]);
    const name = knownName(number);
    return { number, label: name ?? String(number), name: name ?? String(number) };
  }

  const numbered = EPIC_NUMBER_AND_NAME.exec(text);
  const label = numbered ? numbered[2].trim() : text;
  const name = slugify(label);
  // A name needs a letter: `1.5` or `1-2` are mistyped numbers, not names of new epics.
  if (!/[a-z]/.test(name)) {
    problems.push({ message: `epic "${args.epic}" is neither a number nor a name`, expected: 'an epic number (--epic=1) or a name with letters (--epic=auth)' });
    return undefined;
  }
  if (numbered) {
    const number = Number(numbered[1]);
    const existing = knownName(number);
    if (existing !== undefined && existing !== name) {
      problems.push({ message: `epic ${number} is named "${existing}" in the existing stories, not "${name}"`, expected: `--epic=${number} or --epic=${existing}` });
      return undefined;
    }
    return { number, label, name };
  }

  const numbers = [...new Set(stories.filter((story) => story.epicName === name).map((story) => story.epic))].sort((a, b) => a - b);
  if (numbers.length > 1) {
    problems.push({ message: `epic "${name}" is the name of epics ${numbers.join(' and ')}`, expected: `an epic number: ${numbers.map((n) => `--epic=${n}`).join(' or ')}` });
    return undefined;
  }
  // A new epic takes the next number after every existing one; epic 0 stays the foundation.
  const number = numbers[0] ?? Math.max(0, ...stories.map((story) => story.epic)) + 1;
  return { number, label, name };
}

/** One past the highest story number of the epic, counting ids in file names too (front matter may override them). */
function nextStoryNumber(args: { stories: readonly Story[]; epic: number }): number {
  let highest = 0;
  for (const story of args.stories) {
    const fromName = parseStoryFileName(story.file);
    for (const taken of [story, fromName]) {
      if (taken && taken.epic === args.epic) highest = Math.max(highest, taken.number);
    }
  }
  return highest + 1;
}

/** Dependency ids from `1.1,1.2`, `1.1 1.2` or a list, normalized and unique; bad ones become problems. */
function readDependencyIds(args: { dependencies: string | readonly string[] | undefined; problems: Problem[] }): string[] {
  const raw = typeof args.dependencies === 'string' ? [args.dependencies] : [...(args.dependencies ?? [])];
  const words = raw.flatMap((entry) => String(entry).split(/[\s,]+/)).filter((word) => word !== '');
  if (words.length === 1 && /^none$/i.test(words[0])) return [];
  const ids: string[] = [];
  for (const word of words) {
    const id = normalizeStoryId(word);
    if (id === undefined) args.problems.push({ message: `dependency "${word}" is not a story id`, expected: 'epic.story, both integers, e.g. --dependencies=1.1,1.2' });
    else if (!ids.includes(id)) ids.push(id);
  }
  return ids.sort(compareStoryIds);
}
