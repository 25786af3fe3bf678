/** The inline stylesheet of the HTML report: system fonts only, so the file needs no network. */
import { CRITICAL_COLOUR } from './palette';

/** CSS for `html.ts`, `html-graph.ts` and `html-timeline.ts`. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --card: #ffffff; --page: #f1f5f9; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 28px 28px 40px; }
header.top { display: flex; align-items: flex-start; justify-content: space-between; gap: 24px; margin-bottom: 20px; }
h1 { font-size: 24px; line-height: 1.2; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 16px; margin: 0; }
.sub { color: var(--muted); font-size: 13px; }
.badge { display: inline-flex; align-items: center; gap: 8px; padding: 8px 14px; border-radius: 999px; font-weight: 600; white-space: nowrap; }
.badge::before { content: ""; width: 10px; height: 10px; border-radius: 50%; background: currentColor; }
.badge.complete { background: #dcfce7; color: #166534; }
.badge.failed { background: #fee2e2; color: #991b1b; }
.badge.paused { background: #ede9fe; color: #5b21b6; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(132px, 1fr)); gap: 12px; margin-bottom: 12px; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 12px 14px; }
.kpi .value { font-size: 24px; font-weight: 700; line-height: 1.2; font-variant-numeric: tabular-nums; }
.kpi .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
.kpi.good .value { color: #15803d; } .kpi.bad .value { color: #b91c1c; } .kpi.warn .value { color: #c2410c; }
.stack { display: flex; height: 10px; border-radius: 999px; overflow: hidden; background: var(--line); margin: 4px 0 22px; }
.stack span { display: block; height: 100%; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 14px; padding: 18px 20px; margin-bottom: 18px;
  box-shadow: 0 1px 2px rgba(15, 23, 42, 0.04); }
.card-head { display: flex; align-items: baseline; justify-content: space-between; gap: 16px; flex-wrap: wrap; margin-bottom: 12px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; color: var(--muted); font-size: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 3px; margin-right: 5px; vertical-align: -1px; }
.legend i.critical { background: none; border: 2px dashed ${CRITICAL_COLOUR}; }
.legend i.idle { background: repeating-linear-gradient(45deg, #cbd5e1 0 2px, #f8fafc 2px 5px); }
.scroll { overflow-x: auto; }
.note { color: var(--muted); font-size: 12.5px; margin-top: 10px; }
.note strong { color: var(--ink); }
.path { color: ${CRITICAL_COLOUR}; font-weight: 600; }
svg text { font-family: inherit; }
.graph { max-width: 100%; height: auto; display: block; margin: 0 auto; }
.graph .wave-label { font-size: 12px; font-weight: 600; fill: var(--muted); text-transform: uppercase; letter-spacing: 0.06em; }
.graph .edge { fill: none; stroke: #cbd5e1; stroke-width: 1.6; }
.graph .edge.critical { stroke: ${CRITICAL_COLOUR}; stroke-width: 2.6; }
.graph .node-id { font-size: 14px; font-weight: 700; fill: var(--ink); }
.graph .node-title { font-size: 12.5px; fill: #334155; }
.graph .node-status { font-size: 10.5px; font-weight: 600; }
.timeline { width: 100%; height: auto; }
.timeline .row-even { fill: #f8fafc; } .timeline .row-odd { fill: #ffffff; }
.timeline .slot-label { font-size: 12px; fill: var(--muted); font-weight: 600; }
.timeline .tick { stroke: #e2e8f0; stroke-width: 1; }
.timeline .tick-label { font-size: 11px; fill: var(--muted); }
.timeline .bar-label { font-size: 11.5px; font-weight: 600; fill: #ffffff; }
.timeline .running rect { opacity: 0.75; }
.timeline .now { stroke: #0f172a; stroke-width: 1.5; stroke-dasharray: 4 3; }
.timeline .now-label { font-size: 11px; font-weight: 700; fill: #0f172a; }
.timeline .idle-label { font-size: 11px; fill: #64748b; font-style: italic; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 11.5px; text-transform: uppercase; letter-spacing: 0.04em;
  padding: 8px 10px; border-bottom: 1px solid var(--line); }
td { padding: 9px 10px; border-bottom: 1px solid #f1f5f9; vertical-align: top; }
tbody tr:hover { background: #f8fafc; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.id, td.agent { white-space: nowrap; } td.id { font-weight: 700; }
td.detail { color: #475569; max-width: 320px; }
tfoot td { font-weight: 700; border-top: 1px solid var(--line); border-bottom: none; }
.pill { display: inline-block; padding: 2px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; }
ol.steps { margin: 0; padding-left: 20px; } ol.steps li { margin: 4px 0; }
code { font: 12.5px/1.4 ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; background: #f1f5f9;
  border: 1px solid var(--line); border-radius: 6px; padding: 1px 6px; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 8px; }
`;
