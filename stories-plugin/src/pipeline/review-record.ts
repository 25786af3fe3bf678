/**
 * The review record kept in the story file itself (contract section 5): every round is appended
 * under `## Review`, so the story carries its own audit trail into the base branch. The story
 * hash ignores this section, so recording a review never makes a merged story look changed.
 */
import type { ReviewVerdict } from '../agents/types';
import { fencedLines, openFenceAtEnd } from '../stories/markdown';

/** One review round as written into the story. */
export interface ReviewRound {
  round: number;
  verdict: ReviewVerdict;
  reviewer: string;
  /** ISO time of the verdict. */
  at: string;
}

const REVIEW_HEADING = /^##\s+Review\s*$/;

/** The line of the `## Review` heading, not counting one inside a code block (an example in the story). */
function reviewHeadingIndex(lines: readonly string[]): number {
  const fenced = fencedLines(lines);
  return lines.findIndex((line, index) => !fenced[index] && REVIEW_HEADING.test(line));
}

/** The markdown of one round: a `###` heading with the verdict, then the findings as bullets. */
export function formatReviewRound(round: ReviewRound): string {
  const verdict = round.verdict.verdict === 'approve' ? 'Approved' : 'Changes requested';
  const findings = round.verdict.findings.map((finding) => {
    const [first, ...rest] = finding.trimEnd().split('\n');
    return [`- ${first}`, ...rest.map((line) => `  ${line}`)].join('\n');
  });
  return [`### Round ${round.round}: ${verdict}`, '', `Reviewer: ${round.reviewer}, ${round.at}`, ...(findings.length ? ['', ...findings] : [])].join('\n');
}

/**
 * Appends a round at the end of the story's `## Review` section, creating the section at the end
 * of the file when there is none. Everything else in the file stays byte for byte.
 */
export function appendReviewRound(markdown: string, round: ReviewRound): string {
  const lines = markdown.replace(/\s+$/, '').split('\n');
  const start = reviewHeadingIndex(lines);
  const entry = formatReviewRound(round);
  if (start < 0) {
    // A story ending inside an open code fence would swallow the section: close the fence first.
    const fence = openFenceAtEnd(lines);
    return `${[...lines, ...(fence ? [fence] : [])].join('\n')}\n\n## Review\n\n${entry}\n`;
  }
  const fenced = fencedLines(lines);
  // The section ends where the story hash ends it: at the next `#` or `##` heading.
  const next = lines.findIndex((line, index) => index > start && !fenced[index] && /^#{1,2}\s/.test(line));
  const end = next < 0 ? lines.length : next;
  let last = end;
  while (last > start + 1 && lines[last - 1].trim() === '') last--;
  const before = lines.slice(0, last);
  const after = lines.slice(end);
  return [...before, '', entry, ...(after.length ? ['', ...after] : [])].join('\n') + '\n';
}

/** Counts the rounds already recorded, so a resumed run numbers the next one right. */
export function countReviewRounds(markdown: string): number {
  const lines = markdown.split('\n');
  const start = reviewHeadingIndex(lines);
  if (start < 0) return 0;
  let count = 0;
  const fenced = fencedLines(lines);
  for (let index = start + 1; index < lines.length && (fenced[index] || !/^#{1,2}\s/.test(lines[index])); index++) {
    if (/^###\s+Round\s+\d+/.test(lines[index])) count++;
  }
  return count;
}
