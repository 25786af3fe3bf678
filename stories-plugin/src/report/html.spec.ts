import { sampleReportModel } from './__fixtures__/sample-report';
import { escapeHtml } from './escape';
import { renderReportHtml } from './html';
import { layoutGraph, renderGraphSvg } from './html-graph';
import { timeTicks } from './html-timeline';
import type { ReportModel, ReportStory } from './types';

const count = (text: string, pattern: RegExp): number => (text.match(pattern) ?? []).length;

describe('escapeHtml', () => {
  it('escapes markup and quotes, and drops control characters XML rejects', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
    expect(escapeHtml('a\u0000b\u001bc\td\ne')).toBe('abc\td\ne');
  });
});

describe('renderReportHtml', () => {
  const hostile: ReportStory = {
    id: '9.1',
    title: '<script>alert(1)</script><img src=x onerror=alert(2)>',
    status: 'Failed',
    reason: '"quoted" & <b>bold</b>',
    agent: '</td><script>',
    wave: 1,
    dependencies: [],
    phases: [{ phase: '<svg onload=alert(3)>', start: '2024-05-01T09:00:00.000Z', end: '2024-05-01T09:05:00.000Z' }],
  };

  it('escapes every text that comes from stories', () => {
    const html = renderReportHtml({ generatedAt: '2024-05-01T09:10:00.000Z', title: '<i>acme</i>', stories: [hostile] });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<svg onload/i);
    expect(html).not.toContain('<b>bold</b>');
    expect(html).not.toContain('<i>acme</i>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });

  it('is self-contained: no scripts, no external resources, a CSP that forbids fetching', () => {
    const html = renderReportHtml(sampleReportModel());
    expect(html).not.toMatch(/<script|<link|<img|@import|src=/i);
    // The only URL is the SVG namespace, which browsers never fetch.
    expect(html.match(/https?:\/\/[^"' )]+/g)?.every((url) => url === 'http://www.w3.org/2000/svg')).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('draws one graph node per story, one edge per dependency, and marks the critical path', () => {
    const model = sampleReportModel();
    const html = renderReportHtml(model);
    expect(count(html, /<g class="node"/g)).toBe(model.stories.length);
    expect(count(html, /class="edge/g)).toBe(model.stories.reduce((sum, story) => sum + story.dependencies.length, 0));
    expect(count(html, /class="edge critical"/g)).toBe(3);
    expect(html).toContain('<span class="path">0.1 → 1.3 → 2.4 → 3.2</span>');
  });

  it('draws the timeline with a row per slot, idle stretches and the moment of the report', () => {
    const model = sampleReportModel();
    const html = renderReportHtml(model);
    expect(count(html, /class="slot-label"/g)).toBe(3);
    expect(count(html, /<g class="bar/g)).toBe(model.stories.reduce((sum, story) => sum + story.phases.length, 0));
    expect(count(html, /<g class="bar running"/g)).toBe(1);
    expect(html).toContain('idle 12m');
    expect(html).toContain('class="now-label"');
    expect(html).toContain('Finished with failures');
  });

  it('draws empty slots up to --parallel', () => {
    const model = sampleReportModel();
    expect(count(renderReportHtml({ ...model, parallel: 5 }), /class="slot-label"/g)).toBe(5);
  });

  it('renders a report with no stories or no phases yet', () => {
    const empty = renderReportHtml({ generatedAt: '2024-05-01T09:00:00.000Z', stories: [] });
    expect(empty).toContain('No stories in scope.');
    expect(empty).toContain('All stories merged');
    const waiting: ReportModel = { generatedAt: '2024-05-01T09:00:00.000Z', stories: [{ ...hostile, status: 'Not Started', phases: [] }] };
    expect(renderReportHtml(waiting)).toContain('No story has started a phase yet.');
  });
});

describe('layoutGraph', () => {
  const node = (id: string, wave: number, dependencies: string[] = []): ReportStory => ({ id, title: id, status: 'Merged', wave, dependencies, phases: [] });

  it('puts waves in columns and orders later columns by their dependencies', () => {
    const layout = layoutGraph([node('1.1', 1), node('1.2', 1), node('1.10', 1), node('2.1', 2, ['1.10']), node('2.2', 2, ['1.1'])]);
    const at = (id: string) => layout.positions.get(id) ?? { x: -1, y: -1 };
    expect(layout.columns.map((column) => column.wave)).toEqual([1, 2]);
    expect([at('1.1').y, at('1.2').y, at('1.10').y].every((y, index, all) => index === 0 || y > all[index - 1])).toBe(true);
    expect(at('2.2').y).toBeLessThan(at('2.1').y);
    expect(at('2.1').x).toBeGreaterThan(at('1.1').x);
  });

  it('leaves out edges to stories outside the report', () => {
    expect(renderGraphSvg({ stories: [node('2.1', 2, ['1.1'])], critical: [] })).not.toContain('class="edge');
  });
});

describe('timeTicks', () => {
  it('picks a round step with at most a dozen ticks', () => {
    expect(timeTicks(62 * 60_000)).toEqual([0, 10, 20, 30, 40, 50, 60].map((minutes) => minutes * 60_000));
    expect(timeTicks(40_000)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40].map((seconds) => seconds * 1000));
    expect(timeTicks(30 * 3_600_000).length).toBeLessThanOrEqual(13);
  });
});
