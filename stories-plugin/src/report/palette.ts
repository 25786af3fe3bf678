/** Colours of the HTML report: one per lifecycle status and one per phase, plus the critical path. */
import type { StoryStatus } from '../stories/types';

/** `line` draws borders, bars and dots; `fill` is the light tint behind text; `ink` is readable text on `fill`. */
export interface Swatch {
  line: string;
  fill: string;
  ink: string;
}

/** One swatch per lifecycle status. */
export const STATUS_COLOURS: Readonly<Record<StoryStatus, Swatch>> = {
  'Not Started': { line: '#94a3b8', fill: '#f1f5f9', ink: '#475569' },
  'In Progress': { line: '#2563eb', fill: '#dbeafe', ink: '#1e40af' },
  'Ready for Review': { line: '#7c3aed', fill: '#ede9fe', ink: '#5b21b6' },
  'Changes Requested': { line: '#d97706', fill: '#fef3c7', ink: '#92400e' },
  Approved: { line: '#0d9488', fill: '#ccfbf1', ink: '#115e59' },
  Merged: { line: '#16a34a', fill: '#dcfce7', ink: '#166534' },
  Failed: { line: '#dc2626', fill: '#fee2e2', ink: '#991b1b' },
  Blocked: { line: '#ea580c', fill: '#ffedd5', ink: '#9a3412' },
};

/** Order of statuses in legends and stacked bars: done first, then trouble, then what waits. */
export const STATUS_ORDER: readonly StoryStatus[] = [
  'Merged',
  'Approved',
  'Ready for Review',
  'In Progress',
  'Changes Requested',
  'Failed',
  'Blocked',
  'Not Started',
];

const PHASE_COLOURS: Readonly<Record<string, string>> = {
  run: '#3b82f6',
  test: '#06b6d4',
  review: '#8b5cf6',
  fix: '#f59e0b',
  'resolve-conflict': '#ef4444',
  merge: '#22c55e',
};

/** Phases shown in the timeline legend, in the order a story goes through them. */
export const KNOWN_PHASES: readonly string[] = Object.keys(PHASE_COLOURS);

/** The bar colour of a phase; unknown phases are slate. */
export function phaseColour(phase: string): string {
  return Object.hasOwn(PHASE_COLOURS, phase) ? PHASE_COLOURS[phase] : '#64748b';
}

/** Marks the critical path in both the graph and the timeline. */
export const CRITICAL_COLOUR = '#db2777';
