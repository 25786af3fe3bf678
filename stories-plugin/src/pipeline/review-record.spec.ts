import { appendReviewRound, countReviewRounds } from './review-record';

const story = '# Story 1.1: Login\n\n## Acceptance Criteria\n\n- works\n';
const changes = { round: 1, reviewer: 'offline', at: '2026-01-01T00:00:00Z', verdict: { verdict: 'changes_requested' as const, findings: ['tests fail:\nexpected 1\ngot 2', 'name it better'] } };
const approve = { round: 2, reviewer: 'offline', at: '2026-01-01T00:01:00Z', verdict: { verdict: 'approve' as const, findings: [] } };

describe('review record', () => {
  it('creates the section at the end, then appends rounds in order', () => {
    const once = appendReviewRound(story, changes);
    const twice = appendReviewRound(once, approve);
    expect(twice).toBe(`# Story 1.1: Login

## Acceptance Criteria

- works

## Review

### Round 1: Changes requested

Reviewer: offline, 2026-01-01T00:00:00Z

- tests fail:
  expected 1
  got 2
- name it better

### Round 2: Approved

Reviewer: offline, 2026-01-01T00:01:00Z
`);
    expect(countReviewRounds(twice)).toBe(2);
  });

  it('appends inside an existing section that is followed by other sections', () => {
    const text = '# S\n\n## Review\n\n### Round 1: Changes requested\n\nx\n\n## Notes\n\nkeep me\n';
    const result = appendReviewRound(text, approve);
    expect(result).toBe('# S\n\n## Review\n\n### Round 1: Changes requested\n\nx\n\n### Round 2: Approved\n\nReviewer: offline, 2026-01-01T00:01:00Z\n\n## Notes\n\nkeep me\n');
    expect(countReviewRounds(result)).toBe(2);
  });

  it('counts no rounds in a story without a review', () => {
    expect(countReviewRounds(story)).toBe(0);
  });
});
