/**
 * The dependency graph of the HTML report as inline SVG: one column per wave, one node per story
 * coloured by status, curved edges from each dependency to the story that needs it.
 */
import { compareStoryIds } from '../stories/ids';
import { escapeHtml } from './escape';
import { truncate } from './format';
import { CRITICAL_COLOUR, STATUS_COLOURS } from './palette';
import type { ReportStory } from './types';

const NODE_W = 204;
const NODE_H = 58;
const COLUMN_GAP = 76;
const ROW_GAP = 16;
const PAD = 20;
const HEADER = 34;

/** Where each node sits, column by column. */
export interface GraphLayout {
  positions: Map<string, { x: number; y: number }>;
  columns: Array<{ wave: number; x: number }>;
  width: number;
  height: number;
}

/**
 * Columns are waves in ascending order. The first column is in id order; each later one is sorted
 * by the mean row of a node's dependencies (fewer crossing edges), then by id.
 */
export function layoutGraph(stories: readonly ReportStory[]): GraphLayout {
  const waves = [...new Set(stories.map((story) => story.wave))].sort((a, b) => a - b);
  const row = new Map<string, number>();
  const columns = waves.map((wave) => {
    const members = stories.filter((story) => story.wave === wave);
    const centre = (story: ReportStory): number => {
      const rows = story.dependencies.map((id) => row.get(id)).filter((value): value is number => value !== undefined);
      return rows.length === 0 ? Infinity : rows.reduce((sum, value) => sum + value, 0) / rows.length;
    };
    members.sort((a, b) => centre(a) - centre(b) || compareStoryIds(a.id, b.id));
    members.forEach((story, index) => row.set(story.id, index));
    return members;
  });
  const tallest = Math.max(1, ...columns.map((members) => members.length));
  const positions = new Map<string, { x: number; y: number }>();
  columns.forEach((members, index) => {
    const x = PAD + index * (NODE_W + COLUMN_GAP);
    const offset = ((tallest - members.length) * (NODE_H + ROW_GAP)) / 2;
    members.forEach((story, rowIndex) => positions.set(story.id, { x, y: HEADER + PAD + offset + rowIndex * (NODE_H + ROW_GAP) }));
  });
  return {
    positions,
    columns: waves.map((wave, index) => ({ wave, x: PAD + index * (NODE_W + COLUMN_GAP) })),
    width: PAD * 2 + waves.length * NODE_W + Math.max(0, waves.length - 1) * COLUMN_GAP,
    height: HEADER + PAD * 2 + tallest * NODE_H + (tallest - 1) * ROW_GAP,
  };
}

/** The graph as an `<svg>` element; `critical` holds the critical path's ids in order. */
export function renderGraphSvg(args: { stories: readonly ReportStory[]; critical: readonly string[] }): string {
  const layout = layoutGraph(args.stories);
  const criticalEdges = new Set(args.critical.slice(1).map((id, index) => `${args.critical[index]}>${id}`));
  const criticalNodes = new Set(args.critical);
  const edges: string[] = [];
  for (const story of args.stories) {
    const to = layout.positions.get(story.id);
    for (const dependency of story.dependencies) {
      const from = layout.positions.get(dependency);
      if (!from || !to) continue;
      const critical = criticalEdges.has(`${dependency}>${story.id}`);
      const [x1, y1, x2, y2] = [from.x + NODE_W, from.y + NODE_H / 2, to.x - 6, to.y + NODE_H / 2];
      const bend = Math.max(30, (x2 - x1) / 2);
      edges.push(
        `<path d="M${x1} ${y1} C${x1 + bend} ${y1} ${x2 - bend} ${y2} ${x2} ${y2}" class="edge${critical ? ' critical' : ''}" marker-end="url(#${critical ? 'arrow-critical' : 'arrow'})"><title>${escapeHtml(`${story.id} needs ${dependency}`)}</title></path>`,
      );
    }
  }
  const nodes = args.stories.map((story) => renderNode(story, layout.positions.get(story.id) ?? { x: 0, y: 0 }, criticalNodes.has(story.id)));
  const headers = layout.columns.map(
    (column) => `<text x="${column.x + NODE_W / 2}" y="${PAD + 8}" class="wave-label" text-anchor="middle">Wave ${column.wave}</text>`,
  );
  return [
    // Shrinks a little to fit the card, never below 85% (text stays readable): wider graphs scroll.
    `<svg class="graph" xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" style="min-width:${Math.round(layout.width * 0.85)}px" role="img" aria-label="Dependency graph by wave">`,
    '<defs>',
    '<marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#94a3b8"/></marker>',
    `<marker id="arrow-critical" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="${CRITICAL_COLOUR}"/></marker>`,
    '</defs>',
    ...headers,
    ...edges,
    ...nodes,
    '</svg>',
  ].join('\n');
}

function renderNode(story: ReportStory, at: { x: number; y: number }, critical: boolean): string {
  const colour = STATUS_COLOURS[story.status];
  const detail = story.status === 'Blocked' && story.blockedBy?.length ? `blocked by ${story.blockedBy.join(', ')}` : story.status;
  const tooltip = [`${story.id} ${story.title}`, story.status, story.reason, story.agent && `agent: ${story.agent}`].filter(Boolean).join('\n');
  const ring = critical
    ? `<rect x="-4" y="-4" width="${NODE_W + 8}" height="${NODE_H + 8}" rx="13" fill="none" stroke="${CRITICAL_COLOUR}" stroke-width="2" stroke-dasharray="5 3"/>`
    : '';
  return [
    `<g class="node" transform="translate(${at.x} ${at.y})">`,
    `<title>${escapeHtml(tooltip)}</title>`,
    ring,
    `<rect width="${NODE_W}" height="${NODE_H}" rx="10" fill="#ffffff" stroke="${colour.line}" stroke-width="1.5"/>`,
    `<rect width="6" height="${NODE_H}" rx="3" fill="${colour.line}"/>`,
    `<text x="18" y="22" class="node-id">${escapeHtml(story.id)}</text>`,
    `<rect x="${NODE_W - 12 - pillWidth(detail)}" y="9" width="${pillWidth(detail)}" height="18" rx="9" fill="${colour.fill}"/>`,
    `<text x="${NODE_W - 12 - pillWidth(detail) / 2}" y="22" class="node-status" text-anchor="middle" fill="${colour.ink}">${escapeHtml(truncate(detail, 22))}</text>`,
    `<text x="18" y="44" class="node-title">${escapeHtml(truncate(story.title, 26))}</text>`,
    '</g>',
  ].join('');
}

/** Width of a status pill for its text at 10.5px, without measuring fonts. */
function pillWidth(text: string): number {
  return Math.min(150, [...truncate(text, 22)].length * 6.2 + 14);
}
