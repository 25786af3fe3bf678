/**
 * The content identity of a story file. A run writes into the story it implements (the review
 * record, status lines, ticked task boxes, BMAD agent sections); none of that changes what the story
 * asks for, so the normalized text leaves it out and a merged story does not look changed.
 */
import { createHash } from 'node:crypto';
import { fencedLines, fieldLinePattern, frontMatterRange, headingNamed, openFenceAtEnd, sections, splitLines } from './markdown';

/** `##` sections that agents and the orchestrator write, dropped whole (heading included). */
const RUN_WRITTEN_SECTIONS = ['Review', 'Dev Agent Record', 'QA Results', 'Change Log', 'Status'];

const STATUS_FIELD = fieldLinePattern(['Status']);
const FRONT_MATTER_STATUS = /^status[ \t]*:/i;
const CHECKED_BOX = /^(\s*(?:[-*+]|\d+[.)])\s+)\[[xX]\]/;

/**
 * The story text without what a run writes into it: the `## Review`, `## Dev Agent Record`,
 * `## QA Results`, `## Change Log` and `## Status` sections (each to the next `#`/`##` heading),
 * status fields (front matter `status:`, `**Status**:` lines), the state of task boxes (`[x]` reads
 * as `[ ]`), line endings, trailing whitespace and runs of blank lines.
 */
export function normalizeStoryText(text: string): string {
  // Trailing whitespace goes first (a stray `\r` would otherwise hide a status line from its pattern).
  const lines = splitLines(text.replace(/^\uFEFF/, '')).map((line) => line.replace(/\s+$/, ''));
  const frontMatter = frontMatterRange(lines);
  const head = frontMatter ? lines.slice(0, frontMatter.end + 1).filter((line) => !FRONT_MATTER_STATUS.test(line)) : [];
  const written = frontMatter ? lines.slice(frontMatter.end + 1) : lines;
  // A story ending inside an unclosed code fence has the fence closed when its review is
  // recorded (review-record.ts); read it as closed, so recording a review changes nothing here.
  const fence = openFenceAtEnd(written);
  let end = written.length;
  while (fence && end > 0 && written[end - 1].trim() === '') end--;
  const body = fence ? [...written.slice(0, end), fence] : written;

  const dropped = new Set<number>();
  for (const section of sections(body, headingNamed(RUN_WRITTEN_SECTIONS))) {
    for (let index = section.heading.index; index < section.end; index++) dropped.add(index);
  }
  const fenced = fencedLines(body);
  const kept = body.flatMap((line, index) => {
    if (dropped.has(index)) return [];
    if (fenced[index]) return [line];
    if (STATUS_FIELD.test(line)) return [];
    return [line.replace(CHECKED_BOX, '$1[ ]')];
  });

  const trimmed = [...head, ...kept].map((line) => line.replace(/\s+$/, ''));
  const collapsed = trimmed.filter((line, index) => line !== '' || (index > 0 && trimmed[index - 1] !== ''));
  while (collapsed.length > 0 && collapsed[collapsed.length - 1] === '') collapsed.pop();
  return collapsed.length > 0 ? `${collapsed.join('\n')}\n` : '';
}

/** sha256 (hex) of a text. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** sha256 (hex) of the normalized story text: what a story asks for, not what a run wrote into it. */
export function contentHash(text: string): string {
  return sha256(normalizeStoryText(text));
}
