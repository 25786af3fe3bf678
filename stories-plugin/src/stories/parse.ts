/**
 * One story file's text -> one `Story` (contract section 2). Pure: no disk, no processes. Every
 * format the contract accepts is read here; whatever cannot be read becomes a problem with the file
 * and line, and the story is still returned as far as it could be read, so that one mistake does
 * not hide the others (graph validation reports everything together).
 */
import type { Problem } from '../errors';
import { idsInItem, meansNone, readDependencyText, readDependencyValue, unique } from './dependencies';
import { readFrontMatter } from './front-matter';
import { contentHash } from './hash';
import { normalizeStoryId, parseStoryFileName, slugify } from './ids';
import { fencedLines, fieldLinePattern, headingNamed, headings, listItems, plainText, sections, splitLines, type ListItem } from './markdown';
import { ACCEPTED_STATUS_WORDS, mapStatus } from './status';
import type { Story, StoryFieldLines, StoryStatus } from './types';

/** What parsing one file gives: the story (unless the name is not a story's) and its problems. */
export interface ParseStoryResult {
  story?: Story;
  problems: Problem[];
}

/** A value and the 1-based file line it was read from. */
interface Located {
  value: string;
  line: number;
}

// Sections the orchestrator and agents write; fields inside them are not the author's (and the
// story hash ignores them), so they are not read.
const RUN_WRITTEN = headingNamed(['Review', 'Dev Agent Record', 'QA Results', 'Change Log'], [2]);
const FIELDS = {
  dependencies: fieldLinePattern(['Dependencies', 'Depends on']),
  epic: fieldLinePattern(['Epic']),
  status: fieldLinePattern(['Status']),
  agent: fieldLinePattern(['Agent']),
};
const AGENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Parses a story file. `file` is the workspace-relative path (forward slashes); its name gives
 * the id and slug. A file whose name does not start with an id is not a story: no story, no
 * problems.
 */
export function parseStory(args: { file: string; text: string }): ParseStoryResult {
  const { file, text } = args;
  const fromName = parseStoryFileName(file);
  if (!fromName) return { problems: [] };

  const lines = splitLines(text);
  const front = readFrontMatter({ file, text, lines });
  const problems: Problem[] = [...front.problems];
  const fm = (key: string): { value: unknown; line?: number } | undefined => {
    const actual = Object.keys(front.data).find((candidate) => candidate.toLowerCase() === key.toLowerCase());
    return actual === undefined ? undefined : { value: front.data[actual], line: front.keyLines[actual] };
  };
  const fmText = (keys: string[]): Located | undefined => {
    for (const key of keys) {
      const entry = fm(key);
      if (entry === undefined || entry.value === null) continue;
      if (typeof entry.value === 'string') return { value: entry.value.trim(), line: entry.line ?? 1 };
      problems.push({ file, line: entry.line, message: `front matter "${key}" is not a text`, expected: `a single value such as "${key}: ..."` });
    }
    return undefined;
  };
  const body = readBody(lines, front.bodyStart);
  const lineOf: StoryFieldLines = {};

  const idField = fmText(['id', 'story_id', 'storyId']);
  let id = fromName.id;
  if (idField && idField.value !== '') {
    const normalized = normalizeStoryId(idField.value);
    if (normalized) [id, lineOf.id] = [normalized, idField.line];
    else problems.push({ file, line: idField.line, message: `id "${idField.value}" is not a story id`, expected: 'epic.story, both integers, e.g. "1.2"' });
  }
  const [epic, number] = id.split('.').map(Number);

  const titleField = fmText(['title']) ?? body.title;
  const title = titleField?.value || fromName.slug || `Story ${id}`;
  if (titleField?.value) lineOf.title = titleField.line;
  const slug = fromName.slug || slugify(title) || 'story';

  // Front matter often gives only the epic number (`epic: 3`); a name in the body still counts.
  let declaredEpicName: string | undefined;
  for (const epicField of [fmText(['epic']), body.fields.epic]) {
    if (!epicField || declaredEpicName) continue;
    declaredEpicName = readEpicName({ field: epicField, epic, file, problems });
    lineOf.epic ??= epicField.line;
    if (declaredEpicName) lineOf.epic = epicField.line;
  }

  const dependencies = readDependencies({ fmEntry: fm('dependencies') ?? fm('depends_on') ?? fm('dependsOn'), body, file, problems, lineOf });

  const statusField = fmText(['status']) ?? body.status;
  if (statusField?.value) lineOf.status = statusField.line;
  const status = statusField?.value ? readStatus({ field: statusField, file, problems }) : undefined;

  const agentField = fmText(['agent']) ?? body.fields.agent;
  if (agentField?.value) lineOf.agent = agentField.line;
  const agent = agentField?.value ? readAgent({ field: agentField, file, problems }) : undefined;

  const test = fmText(['test'])?.value || undefined;

  const story: Story = {
    id,
    epic,
    number,
    epicName: declaredEpicName ?? String(epic),
    declaredEpicName,
    title,
    slug,
    dependencies,
    status,
    rawStatus: statusField?.value || undefined,
    agent,
    test,
    acceptanceCriteria: body.acceptanceCriteria,
    file,
    contentHash: contentHash(text),
    lines: lineOf,
  };
  return { story, problems };
}

/** Everything read from the markdown body, with file lines. */
interface Body {
  title?: Located;
  fields: Partial<Record<keyof typeof FIELDS, Located>>;
  /** Every `**Dependencies**:` line, in order. */
  dependencyLines: Located[];
  /** Ids from `## Dependencies` sections and the line of the first one. */
  sectionDependencies: { ids: string[]; line?: number };
  status?: Located;
  acceptanceCriteria: string[];
}

function readBody(allLines: readonly string[], bodyStart: number): Body {
  const lines = allLines.slice(bodyStart);
  const fileLine = (index: number) => bodyStart + index + 1;
  const excluded = new Set<number>();
  for (const section of sections(lines, RUN_WRITTEN)) {
    for (let index = section.heading.index; index < section.end; index++) excluded.add(index);
  }
  const fenced = fencedLines(lines);
  const body: Body = { fields: {}, dependencyLines: [], sectionDependencies: { ids: [] }, acceptanceCriteria: [] };

  const firstHeading = headings(lines).find((heading) => heading.level === 1 && !excluded.has(heading.index));
  if (firstHeading) {
    const title = plainText(firstHeading.text).replace(/^(?:story\s+\d+[.-]\d+|\d+[.-]\d+|story(?=\s*:))\s*(?:[:.\-–—]\s*)?/i, '').trim();
    if (title) body.title = { value: title, line: fileLine(firstHeading.index) };
  }

  lines.forEach((line, index) => {
    if (fenced[index] || excluded.has(index)) return;
    for (const [name, pattern] of Object.entries(FIELDS) as [keyof typeof FIELDS, RegExp][]) {
      const match = pattern.exec(line);
      if (!match) continue;
      const located = { value: plainText(match[2]), line: fileLine(index) };
      if (name === 'dependencies' && located.value === '') addDependencyItems(body, listAfter(lines, index), fileLine);
      else if (name === 'dependencies') body.dependencyLines.push(located);
      if (!body.fields[name]) body.fields[name] = located;
      if (name === 'status' && !body.status) body.status = located;
    }
  });

  for (const section of sections(lines, headingNamed(['Dependencies'], [2, 3]))) {
    addDependencyItems(body, listItems(lines, section.start, section.end), fileLine);
  }

  for (const section of sections(lines, headingNamed(['Status'], [2]))) {
    const index = lines.slice(section.start, section.end).findIndex((line) => line.trim() !== '');
    const value = index < 0 ? '' : plainText(lines[section.start + index]);
    const located = { value, line: fileLine(section.start + Math.max(index, 0)) };
    // The first status written in document order wins, field line or section.
    if (value && (!body.status || body.status.line > located.line)) body.status = located;
  }

  for (const section of sections(lines, headingNamed(['Acceptance Criteria'], [2, 3]))) {
    const items = listItems(lines, section.start, section.end).map((item) => plainText(item.text.replace(/^\[[ xX]\]\s*/, '')));
    const paragraphs = lines.slice(section.start, section.end).map((line) => plainText(line)).filter((line) => line !== '');
    body.acceptanceCriteria.push(...(items.length > 0 ? items : paragraphs));
  }
  return body;
}

/** The list right below a line (blank lines before it allowed), e.g. under `**Dependencies:**`. */
function listAfter(lines: readonly string[], index: number): ListItem[] {
  let start = index + 1;
  while (start < lines.length && lines[start].trim() === '') start++;
  let end = start;
  while (end < lines.length && (/^\s*(?:[-*+]|\d+[.)])\s+/.test(lines[end]) || /^\s+\S/.test(lines[end]))) end++;
  return listItems(lines, start, end);
}

/** Ids of list items that name stories; other items are prose (`- needs a Stripe account`). */
function addDependencyItems(body: Body, items: readonly ListItem[], fileLine: (index: number) => number): void {
  for (const item of items) {
    const ids = meansNone(item.text) ? undefined : idsInItem(item.text);
    if (!ids) continue;
    body.sectionDependencies.ids.push(...ids);
    body.sectionDependencies.line ??= fileLine(item.index);
  }
}

function readDependencies(args: {
  fmEntry: { value: unknown; line?: number } | undefined;
  body: Body;
  file: string;
  problems: Problem[];
  lineOf: StoryFieldLines;
}): string[] {
  const { fmEntry, body, file, problems, lineOf } = args;
  if (fmEntry && fmEntry.value !== null) {
    const reading = readDependencyValue({ value: fmEntry.value, file, line: fmEntry.line });
    problems.push(...reading.problems);
    lineOf.dependencies = fmEntry.line;
    return reading.ids;
  }
  const ids: string[] = [];
  for (const declared of body.dependencyLines) {
    const reading = readDependencyText({ text: declared.value, file, line: declared.line });
    problems.push(...reading.problems);
    ids.push(...reading.ids);
  }
  ids.push(...body.sectionDependencies.ids);
  lineOf.dependencies = body.dependencyLines[0]?.line ?? body.sectionDependencies.line;
  return unique(ids);
}

/** The lifecycle state of a written status (`Done (merged)` reads as `Done`), or a problem. */
function readStatus(args: { field: Located; file: string; problems: Problem[] }): StoryStatus | undefined {
  const { field, file, problems } = args;
  const status = mapStatus(field.value) ?? mapStatus(field.value.split(/\s+[-–—(]|[.,;]/)[0]);
  if (!status) problems.push({ file, line: field.line, message: `unknown status "${field.value}"`, expected: ACCEPTED_STATUS_WORDS });
  return status;
}

/** An explicit agent name, checked because it becomes part of paths, branch names and tags. */
function readAgent(args: { field: Located; file: string; problems: Problem[] }): string | undefined {
  const { field, file, problems } = args;
  if (AGENT_NAME.test(field.value)) return field.value;
  problems.push({ file, line: field.line, message: `agent "${field.value}" is not an agent name`, expected: 'letters, digits, ".", "_" and "-", e.g. python-developer' });
  return undefined;
}

/** The epic's name slug from `Auth` or `Epic 1: Foundation`; undefined when only a number is given. */
function readEpicName(args: { field: Located; epic: number; file: string; problems: Problem[] }): string | undefined {
  const { field, epic, file, problems } = args;
  const text = plainText(field.value);
  const numberOnly = /^(?:epic\s*)?(\d+)$/i.exec(text);
  if (numberOnly) {
    if (Number(numberOnly[1]) !== epic) {
      problems.push({ file, line: field.line, message: `epic ${numberOnly[1]} does not match the story id's epic ${epic}`, expected: `epic ${epic}, or an epic name` });
    }
    return undefined;
  }
  const name = slugify(text.replace(/^epic\s*\d+\s*[:.\-–—]\s*/i, ''));
  return name === '' ? undefined : name;
}
