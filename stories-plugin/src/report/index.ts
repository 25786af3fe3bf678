/** What users see of a run: live progress, the completion summary, and the HTML report. */
export * from './types';
export * from './progress';
export * from './outcome';
export * from './summary';
export * from './html';
export { escapeHtml } from './escape';
export { formatDuration, formatCost, formatCount } from './format';
export { assignSlots, criticalPath, idleGaps, phaseIntervals } from './timeline';
export type { PhaseInterval, PlacedInterval, IdleGap, CriticalPath } from './timeline';
