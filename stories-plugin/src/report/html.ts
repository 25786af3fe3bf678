/**
 * The run report `.agent-orchestration/report.html`: one self-contained page (inline CSS and SVG,
 * no scripts, no network) with the outcome, the dependency graph, the timeline and the stories.
 * Every text that comes from stories is escaped.
 */
import { compareStoryIds } from '../stories/ids';
import { escapeHtml } from './escape';
import { formatCost, formatCount, formatDateTime, formatDuration, parseTime } from './format';
import { renderGraphSvg } from './html-graph';
import { REPORT_CSS } from './html-style';
import { renderTimelineSvg } from './html-timeline';
import { nextSteps, runOutcome, summaryTotals, type RunOutcome } from './outcome';
import { CRITICAL_COLOUR, KNOWN_PHASES, phaseColour, STATUS_COLOURS, STATUS_ORDER } from './palette';
import { usageTotals } from './summary';
import { assignSlots, criticalPath, phaseIntervals, type CriticalPath, type PhaseInterval } from './timeline';
import type { ReportModel, ReportStory } from './types';

const OUTCOME_BADGE: Readonly<Record<RunOutcome, string>> = {
  complete: 'All stories merged',
  failed: 'Finished with failures',
  paused: 'Paused',
};

/** The whole report page as one HTML string. */
export function renderReportHtml(model: ReportModel): string {
  const stories = [...model.stories].sort((a, b) => compareStoryIds(a.id, b.id));
  const now = parseTime(model.generatedAt) ?? Date.now();
  const intervals = phaseIntervals(stories, now);
  const path = criticalPath({ stories, intervals });
  const title = model.title ?? 'Story run report';
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head><body><main>',
    renderHeader(model, stories, title, intervals),
    renderGraphCard(stories, path),
    renderTimelineCard(model, stories, intervals, path),
    renderTable(stories, intervals),
    renderNextSteps(stories),
    '<footer>nx-stories run report · a self-contained file: no scripts, no network</footer>',
    '</main></body></html>',
  ].join('\n');
}

function renderHeader(model: ReportModel, stories: readonly ReportStory[], title: string, intervals: readonly PhaseInterval[]): string {
  const outcome = runOutcome(stories);
  const totals = summaryTotals(stories);
  const usage = usageTotals(stories);
  const span = runWindow(model, intervals);
  const waiting = totals.awaitingReview + totals.pausedForUsageLimit + totals.notFinished + totals.skipped;
  const kpi = (label: string, value: string, tone = ''): string =>
    `<div class="kpi ${tone}"><div class="value">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div></div>`;
  const generated = formatDateTime(new Date(parseTime(model.generatedAt) ?? Date.now()));
  const stack = STATUS_ORDER.map((status) => {
    const count = stories.filter((story) => story.status === status).length;
    return count === 0 ? '' : `<span style="width:${(count / stories.length) * 100}%;background:${STATUS_COLOURS[status].line}" title="${escapeHtml(`${status}: ${count}`)}"></span>`;
  }).join('');
  return [
    '<header class="top"><div>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<div class="sub">Generated ${escapeHtml(generated)}${span ? ` · run started ${escapeHtml(formatDateTime(new Date(span.from)))}` : ''}</div>`,
    `</div><div class="badge ${outcome}">${OUTCOME_BADGE[outcome]}</div></header>`,
    '<section class="kpis">',
    kpi('Stories', String(totals.total)),
    kpi('Merged', String(totals.completed), 'good'),
    kpi('Failed', String(totals.failed), totals.failed > 0 ? 'bad' : ''),
    kpi('Blocked', String(totals.blocked), totals.blocked > 0 ? 'warn' : ''),
    waiting > 0 ? kpi('Waiting', String(waiting)) : '',
    kpi('Elapsed', span ? formatDuration(span.to - span.from) : '–'),
    kpi('Tokens', usage.inputTokens + usage.outputTokens > 0 ? compactCount(usage.inputTokens + usage.outputTokens) : '–'),
    kpi('Cost', usage.costUsd > 0 ? formatCost(usage.costUsd) : '–'),
    '</section>',
    `<div class="stack">${stack}</div>`,
  ].join('\n');
}

function renderGraphCard(stories: readonly ReportStory[], path: CriticalPath): string {
  const present = STATUS_ORDER.filter((status) => stories.some((story) => story.status === status));
  const legend = present.map((status) => `<span><i style="background:${STATUS_COLOURS[status].line}"></i>${status}</span>`);
  if (path.ids.length > 0) legend.push('<span><i class="critical"></i>Critical path</span>');
  const body = stories.length === 0 ? '<p class="note">No stories in scope.</p>' : `<div class="scroll">${renderGraphSvg({ stories, critical: path.ids })}</div>`;
  return [
    '<section class="card"><div class="card-head"><h2>Dependency graph</h2>',
    `<div class="legend">${legend.join('')}</div></div>`,
    body,
    '<p class="note">Columns are waves; each arrow runs from a dependency to the story that needs it. Hover a story for details.</p>',
    '</section>',
  ].join('\n');
}

function renderTimelineCard(model: ReportModel, stories: readonly ReportStory[], intervals: readonly PhaseInterval[], path: CriticalPath): string {
  const span = runWindow(model, intervals);
  const head = '<section class="card"><div class="card-head"><h2>Timeline</h2>';
  if (!span || intervals.length === 0) return `${head}</div><p class="note">No story has started a phase yet.</p></section>`;
  const placed = assignSlots(intervals);
  const slots = Math.max(model.parallel ?? 0, ...placed.map((interval) => interval.slot + 1));
  const timeline = renderTimelineSvg({
    placed,
    slots,
    from: span.from,
    to: span.to,
    titles: new Map(stories.map((story) => [story.id, story.title])),
    critical: new Set(path.ids),
  });
  const phases = [...KNOWN_PHASES.filter((phase) => intervals.some((i) => i.phase === phase)), ...new Set(intervals.map((i) => i.phase).filter((phase) => !KNOWN_PHASES.includes(phase)))];
  const legend = phases.map((phase) => `<span><i style="background:${phaseColour(phase)}"></i>${escapeHtml(phase)}</span>`);
  legend.push(`<span><i style="background:none;border:2px solid ${CRITICAL_COLOUR}"></i>Critical path</span>`, '<span><i class="idle"></i>Idle slot</span>');
  const busy = Math.round((timeline.busyMs / (timeline.slots * timeline.spanMs)) * 100);
  const pathText = path.ids.length > 0
    ? `<strong>Critical path</strong> <span class="path">${path.ids.map(escapeHtml).join(' → ')}</span>: ${formatDuration(path.elapsedMs)} of ${formatDuration(timeline.spanMs)} elapsed. `
    : '';
  return [
    head,
    `<div class="legend">${legend.join('')}</div></div>`,
    timeline.svg,
    `<p class="note">${pathText}<strong>${timeline.slots} slot${timeline.slots === 1 ? '' : 's'}</strong> busy ${busy}% of the time; ${formatDuration(timeline.idleMs)} idle in total.</p>`,
    '</section>',
  ].join('\n');
}

function renderTable(stories: readonly ReportStory[], intervals: readonly PhaseInterval[]): string {
  const rows = stories.map((story) => {
    const colour = STATUS_COLOURS[story.status];
    const detail = [story.blockedBy?.length ? `blocked by ${story.blockedBy.join(', ')}` : '', story.reason ?? '', story.awaitingReview ? `awaiting review: npx stories approve ${story.id}` : '']
      .filter(Boolean)
      .join(' · ');
    const duration = storyElapsed(story, intervals);
    const tokens = (story.usage?.inputTokens ?? 0) + (story.usage?.outputTokens ?? 0);
    return [
      `<tr><td class="id">${escapeHtml(story.id)}</td><td>${escapeHtml(story.title)}</td><td class="num">${story.wave}</td>`,
      `<td class="agent">${escapeHtml(story.agent ?? '')}</td>`,
      `<td><span class="pill" style="background:${colour.fill};color:${colour.ink}">${escapeHtml(story.status)}</span></td>`,
      `<td class="detail">${escapeHtml(detail)}</td>`,
      `<td class="num">${duration === undefined ? '' : formatDuration(duration)}</td>`,
      `<td class="num">${tokens > 0 ? formatCount(tokens) : ''}</td>`,
      `<td class="num">${story.usage?.costUsd === undefined ? '' : formatCost(story.usage.costUsd)}</td></tr>`,
    ].join('');
  });
  const usage = usageTotals(stories);
  return [
    '<section class="card"><div class="card-head"><h2>Stories</h2></div><div class="scroll"><table>',
    '<thead><tr><th>Id</th><th>Title</th><th class="num">Wave</th><th>Agent</th><th>Status</th><th>Detail</th><th class="num">Time</th><th class="num">Tokens</th><th class="num">Cost</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    `<tfoot><tr><td colspan="7">Total</td><td class="num">${formatCount(usage.inputTokens + usage.outputTokens)}</td><td class="num">${formatCost(usage.costUsd)}</td></tr></tfoot>`,
    '</table></div></section>',
  ].join('\n');
}

function renderNextSteps(stories: readonly ReportStory[]): string {
  const command = /(npx stories [a-z-]+(?: [0-9.]+)?(?: --finding &quot;\.\.\.&quot;)?|nx run-many -t implement|git log --merges)/g;
  const items = nextSteps(stories).map((step) => `<li>${escapeHtml(step).replace(command, '<code>$1</code>')}</li>`);
  return `<section class="card"><div class="card-head"><h2>Next steps</h2></div><ol class="steps">${items.join('')}</ol></section>`;
}

/** First and last moment of the run: the model's times, widened to every phase. */
function runWindow(model: ReportModel, intervals: readonly PhaseInterval[]): { from: number; to: number } | undefined {
  const starts = [parseTime(model.startTime), ...intervals.map((i) => i.start)].filter((t): t is number => t !== undefined);
  const ends = [parseTime(model.endTime), ...intervals.map((i) => i.end)].filter((t): t is number => t !== undefined);
  if (starts.length === 0 || ends.length === 0) return undefined;
  const from = Math.min(...starts);
  return { from, to: Math.max(from, ...ends) };
}

function storyElapsed(story: ReportStory, intervals: readonly PhaseInterval[]): number | undefined {
  const own = intervals.filter((interval) => interval.storyId === story.id);
  if (own.length > 0) return Math.max(...own.map((i) => i.end)) - Math.min(...own.map((i) => i.start));
  const start = parseTime(story.startTime);
  const end = parseTime(story.endTime);
  return start !== undefined && end !== undefined ? end - start : undefined;
}

/** `950`, `12.3k`, `4.5M`. */
function compactCount(value: number): string {
  if (value < 1000) return String(value);
  if (value < 1_000_000) return `${(value / 1000).toFixed(value < 10_000 ? 1 : 0)}k`;
  return `${(value / 1_000_000).toFixed(1)}M`;
}
