import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { detectAgent, MIN_SCORE } from './detection';
import { mergeDetectionSignals } from './detection-options';
import { DEFAULT_DETECTION_SIGNALS } from './detection-signals';

/** A story fixture as detection sees it: its explicit agent and title, and its whole text. */
function story(file: string): { story: { agent?: string; title: string }; text: string } {
  const text = readFileSync(join(__dirname, '__fixtures__', 'stories', file), 'utf8');
  const { data, content } = matter(text);
  const title = (data.title as string | undefined) ?? /^# (?:Story [\d.]+: )?(.+)$/m.exec(content)?.[1] ?? file;
  return { story: { agent: data.agent as string | undefined, title }, text };
}

describe('detectAgent on real-world story texts (BMAD v4 and seed format)', () => {
  it.each([
    ['1.1.story.md', 'python-developer', /python-developer \+5: mentions "fastapi"/],
    ['2.3-order-history.story.md', 'python-developer', /python-developer \+5: mentions "django"/],
    ['1.2.health-endpoint.md', 'golang-developer', /golang-developer \+5: \.go file \(internal\/health\/handler\.go\)/],
    ['3.1.cli-import.story.md', 'golang-developer', /golang-developer \+5: mentions "goroutine"/],
    ['2.1.saved-locations-list.md', 'react-developer', /react-developer \+3: \.tsx file \(src\/components\/LocationList\.tsx\)/],
    ['2.1-console-boilerplate.md', 'nextjs-developer', /nextjs-developer \+7: mentions "next\.js"/],
    ['4.2.dashboard-page.md', 'nextjs-developer', /nextjs-developer \+4: mentions "server component"/],
    ['5.1.design-library.md', 'frontend-design', /frontend-design \+5: mentions "figma"/],
    ['5.2.landing-page-visuals.md', 'frontend-design', /frontend-design \+4: heading "Design"/],
    ['0.1.adr-persistence.md', 'none', /none \+6: heading "ADR: choose the persistence layer"/],
    ['0.2.architecture-overview.md', 'none', /none \+5: heading "Architecture overview"/],
    ['6.1.onboarding-emails.md', 'general-developer', /no agent reached 3 points/],
    ['7.1.parser-crate.md', 'general-developer', /general-developer \+4: mentions "Cargo\.toml"/],
    ['8.1.explicit-agent.md', 'golang-developer', /^explicit agent field: golang-developer$/],
  ])('%s -> %s', (file, agent, evidence) => {
    const detection = detectAgent(story(file));
    expect(detection.agent).toBe(agent);
    expect(detection.evidence.join('\n')).toMatch(evidence);
    expect(detection.evidence.at(-1)).toMatch(agent === 'golang-developer' && file.startsWith('8.1') ? /explicit/ : new RegExp(`chose ${agent}`));
  });

  it('does not read sections written after the fact (Dev Agent Record, QA Results, Review)', () => {
    const detection = detectAgent(story('2.3-order-history.story.md'));
    expect(detection.scores['react-developer']).toBe(0); // the .tsx files listed under Dev Agent Record
    const reviewed = detectAgent({
      story: { title: 'Greeting' },
      text: '# Greeting\nAdd a greeting to `app/main.py`.\n\n## Review\n### Round 1\n- port this to Next.js with app/page.tsx\n',
    });
    expect(reviewed.agent).toBe('python-developer');
    expect(reviewed.scores['nextjs-developer']).toBe(0);
  });

  it('lists every point and all scores, so the choice can be explained', () => {
    const detection = detectAgent(story('2.1-console-boilerplate.md'));
    const nextPoints = detection.evidence
      .filter((line) => line.startsWith('nextjs-developer +'))
      .map((line) => Number(/\+(\d+)/.exec(line)?.[1]))
      .reduce((a, b) => a + b, 0);
    expect(detection.scores['nextjs-developer']).toBe(nextPoints);
    expect(Object.keys(detection.scores).sort()).toEqual(Object.keys(DEFAULT_DETECTION_SIGNALS).sort());
    expect(detection.evidence.at(-1)).toMatch(/^chose nextjs-developer with \d+ points; next: [a-z-]+ \d+$/);
  });

  it('matches words, not parts of words, and respects the case of capitalized signals', () => {
    const verbs = detectAgent({ story: { title: 'Checkout' }, text: 'The page should react to errors. Go to the next step. Use javascript.' });
    expect(verbs.scores['react-developer']).toBe(0);
    expect(verbs.scores['golang-developer']).toBe(2); // "Go" alone stays below MIN_SCORE
    expect(verbs.scores['general-developer']).toBe(0); // "java" is not in "javascript"
    expect(verbs.agent).toBe('general-developer');
    expect(MIN_SCORE).toBe(3);
  });

  it('ignores headings inside code fences', () => {
    const detection = detectAgent({ story: { title: 'Script' }, text: '# Script\n```sh\n# Architecture notes\necho hi\n```\n' });
    expect(detection.scores.none).toBe(0);
  });

  it('needs a clear lead to choose "none", since that skips the implementation', () => {
    const mixed = detectAgent({
      story: { title: 'ADR and first endpoint' },
      text: '## ADR\nWe pick FastAPI.\n\n## Acceptance Criteria\n- `app/main.py` serves `/health`, tested with pytest.\n',
    });
    expect(mixed.agent).toBe('python-developer');
  });

  it('calls a tie between two specialists unclear', () => {
    const tie = detectAgent({ story: { title: 'Port' }, text: 'Replace `worker.py` with a tool we start with go run.' });
    expect(tie.scores).toMatchObject({ 'python-developer': 4, 'golang-developer': 4 });
    expect(tie.agent).toBe('general-developer');
    expect(tie.evidence.at(-1)).toBe('chose general-developer: python-developer and golang-developer tie at 4 points');
  });
});

describe('mergeDetectionSignals (the "detection" plugin option)', () => {
  it('adds a new agent that detection can then choose', () => {
    const signals = mergeDetectionSignals({ option: { 'rust-developer': ['rust', 'Cargo.toml', '.rs', 'cargo test=5'] } });
    const detection = detectAgent({ ...story('7.1.parser-crate.md'), signals });
    expect(detection.agent).toBe('rust-developer');
    expect(detection.evidence).toContain('rust-developer +5: mentions "cargo test"');
  });

  it('removes one default signal with "!word" and all of them with "!*"', () => {
    const withoutFastapi = mergeDetectionSignals({ option: { 'python-developer': ['!fastapi'] } });
    expect(withoutFastapi['python-developer'].some((s) => s.match === 'fastapi')).toBe(false);
    expect(withoutFastapi['python-developer'].length).toBe(DEFAULT_DETECTION_SIGNALS['python-developer'].length - 1);
    const replaced = mergeDetectionSignals({ option: { 'python-developer': ['!*', 'odoo=6'] } });
    expect(replaced['python-developer']).toEqual([{ match: 'odoo', weight: 6 }]);
    expect(replaced['golang-developer']).toEqual(DEFAULT_DETECTION_SIGNALS['golang-developer']);
  });

  it('returns the defaults untouched without an option', () => {
    expect(mergeDetectionSignals({})).toBe(DEFAULT_DETECTION_SIGNALS);
  });

  it('reports every bad entry together', () => {
    expect(() =>
      mergeDetectionSignals({ option: { 'Rust Dev': ['rust'], 'go-dev': 'golang', 'x-dev': ['ok', 'heavy=11'] } }),
    ).toThrow(/invalid plugin option "detection"[\s\S]*agent name "Rust Dev" is not allowed[\s\S]*detection\.go-dev must be a list[\s\S]*"heavy=11" has a weight outside 1-10/);
    expect(() => mergeDetectionSignals({ option: ['python'] })).toThrow(/expected an object of agent name/);
  });
});
