/**
 * The timeline (Gantt) of the HTML report as inline SVG: one row per parallel slot, one bar per
 * story phase, hatched idle stretches, and the critical path's bars outlined.
 */
import { escapeHtml } from './escape';
import { formatDuration } from './format';
import { CRITICAL_COLOUR, phaseColour } from './palette';
import { idleGaps, type PlacedInterval } from './timeline';

const LABEL_W = 74;
const PLOT_W = 1000;
const ROW_H = 38;
const BAR_H = 26;
const AXIS_H = 28;
const PAD = 12;

const TICK_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400].map((s) => s * 1000);

/** Elapsed-time ticks from 0 to `spanMs`: about six to twelve of them at a round step. */
export function timeTicks(spanMs: number): number[] {
  const step = TICK_STEPS_MS.find((candidate) => spanMs / candidate <= 12) ?? Math.ceil(spanMs / 12 / 3_600_000) * 3_600_000;
  const ticks: number[] = [];
  for (let tick = 0; tick <= spanMs; tick += step) ticks.push(tick);
  return ticks;
}

/** `0`, `45s`, `5m`, `1h 30m`: short labels for the time axis and idle stretches. */
function tickLabel(ms: number): string {
  if (ms === 0) return '0';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds >= 3600 && seconds % 60 !== 0) return tickLabel(Math.round(seconds / 60) * 60_000);
  if (seconds % 60 !== 0) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  const minutes = seconds / 60;
  if (minutes < 60) return `${minutes}m`;
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** What the timeline drew, for the text around it. */
export interface TimelineFacts {
  svg: string;
  slots: number;
  spanMs: number;
  busyMs: number;
  idleMs: number;
}

/**
 * Draws the placed phases between `from` and `to`. `titles` names stories in tooltips;
 * `critical` are the critical path's story ids.
 */
export function renderTimelineSvg(args: {
  placed: readonly PlacedInterval[];
  slots: number;
  from: number;
  to: number;
  titles: ReadonlyMap<string, string>;
  critical: ReadonlySet<string>;
}): TimelineFacts {
  const spanMs = Math.max(1, args.to - args.from);
  const x = (time: number): number => LABEL_W + ((time - args.from) / spanMs) * PLOT_W;
  const width = LABEL_W + PLOT_W + PAD;
  const height = AXIS_H + args.slots * ROW_H + PAD + 6;
  const rowTop = (slot: number): number => AXIS_H + slot * ROW_H;
  const parts: string[] = [];
  for (let slot = 0; slot < args.slots; slot += 1) {
    parts.push(`<rect x="${LABEL_W}" y="${rowTop(slot)}" width="${PLOT_W}" height="${ROW_H}" class="${slot % 2 === 0 ? 'row-even' : 'row-odd'}"/>`);
    parts.push(`<text x="${LABEL_W - 12}" y="${rowTop(slot) + ROW_H / 2 + 4}" class="slot-label" text-anchor="end">Slot ${slot + 1}</text>`);
  }
  for (const tick of timeTicks(spanMs)) {
    parts.push(`<line x1="${x(args.from + tick)}" x2="${x(args.from + tick)}" y1="${AXIS_H - 6}" y2="${height - PAD}" class="tick"/>`);
    parts.push(`<text x="${x(args.from + tick)}" y="${AXIS_H - 12}" class="tick-label" text-anchor="middle">${tickLabel(tick)}</text>`);
  }
  const gaps = idleGaps({ placed: args.placed, slots: args.slots, from: args.from, to: args.to, minMs: spanMs / 400 });
  for (const gap of gaps) {
    const [left, right] = [x(gap.start), x(gap.end)];
    const label = right - left > 70 ? `<text x="${(left + right) / 2}" y="${rowTop(gap.slot) + ROW_H / 2 + 4}" class="idle-label" text-anchor="middle">idle ${tickLabel(gap.end - gap.start)}</text>` : '';
    parts.push(`<g class="idle"><title>idle ${formatDuration(gap.end - gap.start)}</title><rect x="${left}" y="${rowTop(gap.slot) + (ROW_H - BAR_H) / 2}" width="${right - left}" height="${BAR_H}" rx="4" fill="url(#hatch)"/>${label}</g>`);
  }
  for (const interval of args.placed) parts.push(renderBar(interval, x, rowTop(interval.slot), args));
  if (args.placed.some((interval) => interval.running)) {
    // Running phases are drawn up to the moment of the report: mark that moment.
    parts.push(`<line x1="${x(args.to)}" x2="${x(args.to)}" y1="${AXIS_H - 4}" y2="${height - PAD + 4}" class="now"/>`);
    parts.push(`<text x="${x(args.to) - 5}" y="${height - 1}" class="now-label" text-anchor="end">now</text>`);
  }
  const busyMs = args.placed.reduce((sum, interval) => sum + (interval.end - interval.start), 0);
  const idleMs = gaps.reduce((sum, gap) => sum + (gap.end - gap.start), 0);
  const svg = [
    `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Timeline of story phases by slot">`,
    '<defs><pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#f8fafc"/><line x1="0" y1="0" x2="0" y2="8" stroke="#cbd5e1" stroke-width="3"/></pattern></defs>',
    ...parts,
    '</svg>',
  ].join('\n');
  return { svg, slots: args.slots, spanMs, busyMs, idleMs };
}

function renderBar(
  interval: PlacedInterval,
  x: (time: number) => number,
  top: number,
  args: { titles: ReadonlyMap<string, string>; critical: ReadonlySet<string> },
): string {
  const left = x(interval.start);
  const width = Math.max(2, x(interval.end) - left);
  const y = top + (ROW_H - BAR_H) / 2;
  const critical = args.critical.has(interval.storyId);
  const title = `${interval.storyId} ${args.titles.get(interval.storyId) ?? ''}\n${interval.phase}: ${formatDuration(interval.end - interval.start)}${interval.running ? ' (running)' : ''}`;
  const text = width > 96 ? `${interval.storyId} · ${interval.phase}` : width > 38 ? interval.storyId : '';
  const outline = critical ? ` stroke="${CRITICAL_COLOUR}" stroke-width="2.5"` : '';
  return [
    `<g class="bar${interval.running ? ' running' : ''}"><title>${escapeHtml(title)}</title>`,
    `<rect x="${left}" y="${y}" width="${width}" height="${BAR_H}" rx="5" fill="${phaseColour(interval.phase)}"${outline}/>`,
    text ? `<text x="${left + 7}" y="${y + BAR_H / 2 + 4}" class="bar-label">${escapeHtml(text)}</text>` : '',
    '</g>',
  ].join('');
}
