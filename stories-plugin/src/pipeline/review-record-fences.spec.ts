import { contentHash } from '../stories/hash';
import { appendReviewRound, countReviewRounds } from './review-record';

const approve = { round: 1, verdict: { verdict: 'approve' as const, findings: [] }, reviewer: 'r', at: 't' };

describe('review records and code fences', () => {
  it('closes a code fence left open at the end before appending the section, and the hash stays', () => {
    const story = '# Story 1.1: A\n\n```sh\necho unclosed\n';
    const reviewed = appendReviewRound(story, approve);
    expect(reviewed).toBe('# Story 1.1: A\n\n```sh\necho unclosed\n```\n\n## Review\n\n### Round 1: Approved\n\nReviewer: r, t\n');
    expect(contentHash(reviewed)).toBe(contentHash(story));
    expect(countReviewRounds(reviewed)).toBe(1);
  });

  it('ignores a `## Review` heading inside a code block (an example in the story)', () => {
    const story = '# Story 1.1: A\n\n```md\n## Review\n```\n';
    const reviewed = appendReviewRound(story, approve);
    expect(reviewed).toMatch(/```md\n## Review\n```\n\n## Review\n\n### Round 1: Approved/);
    expect(countReviewRounds(story)).toBe(0);
    expect(contentHash(reviewed)).toBe(contentHash(story));
  });

  it('ends the section at the next `#` heading, as the story hash does', () => {
    const story = '## Review\n\n### Round 1: Approved\n\n# Appendix\n\ntext\n';
    const reviewed = appendReviewRound(story, { ...approve, round: 2 });
    expect(reviewed).toBe('## Review\n\n### Round 1: Approved\n\n### Round 2: Approved\n\nReviewer: r, t\n\n# Appendix\n\ntext\n');
    expect(contentHash(reviewed)).toBe(contentHash(story));
  });
});
