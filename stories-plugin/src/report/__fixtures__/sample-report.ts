/** A realistic report model for tests: three slots, a failure, a blocked story, a human review. */
import type { ReportModel, ReportStory, StoryPhase } from '../types';

const START = Date.UTC(2024, 4, 1, 9, 0, 0);
const at = (minutes: number): string => new Date(START + minutes * 60_000).toISOString();

/** Phases from `[phase, startMinute, endMinute?]` triples. */
function phases(...spec: Array<[string, number, number?]>): StoryPhase[] {
  return spec.map(([phase, start, end]) => ({ phase, start: at(start), ...(end !== undefined && { end: at(end) }) }));
}

function story(partial: Omit<ReportStory, 'startTime' | 'endTime'>): ReportStory {
  const first = partial.phases[0]?.start;
  const last = partial.phases[partial.phases.length - 1];
  return { ...partial, ...(first && { startTime: first }), ...(last?.end && { endTime: last.end }) };
}

/** The sample run: 13 stories over 4 waves. */
export function sampleReportModel(): ReportModel {
  const usage = (cost: number) => ({ inputTokens: Math.round(cost * 90_000), outputTokens: Math.round(cost * 12_000), costUsd: cost });
  return {
    title: 'acme-app · story run',
    generatedAt: at(62),
    startTime: at(0),
    parallel: 3,
    stories: [
      story({ id: '0.1', title: 'Design System Foundation', status: 'Merged', wave: 1, dependencies: [], agent: 'frontend-design', usage: usage(0.42), phases: phases(['run', 0, 9], ['review', 9, 12], ['merge', 12, 13]) }),
      story({ id: '0.2', title: 'Architecture Notes', status: 'Merged', wave: 1, dependencies: [], agent: 'none', phases: phases(['merge', 0, 1]) }),
      story({ id: '1.1', title: 'User Authentication', status: 'Merged', wave: 2, dependencies: ['0.1', '0.2'], agent: 'react-developer', usage: usage(0.81), phases: phases(['run', 13, 25], ['review', 25, 28], ['fix', 28, 32], ['review', 32, 34], ['merge', 34, 35]) }),
      story({ id: '1.2', title: 'User Profile <script>alert("x")</script>', status: 'Merged', wave: 2, dependencies: ['0.1', '0.2'], agent: 'react-developer', usage: usage(0.37), phases: phases(['run', 13, 20], ['review', 20, 23], ['merge', 23, 24]) }),
      story({ id: '1.3', title: 'Password Reset & Recovery', status: 'Merged', wave: 2, dependencies: ['0.1', '0.2'], agent: 'react-developer', usage: usage(0.29), phases: phases(['run', 14, 21], ['review', 24, 26], ['merge', 26, 27]) }),
      story({ id: '2.1', title: 'Dashboard Layout', status: 'Merged', wave: 3, dependencies: ['1.1'], agent: 'react-developer', usage: usage(0.55), phases: phases(['run', 35, 44], ['review', 44, 47], ['merge', 47, 48]) }),
      story({ id: '2.2', title: 'Widget System', status: 'Failed', reason: 'tests failed: 3 of 41 (widget-registry.spec.ts)', wave: 3, dependencies: ['1.1', '1.2'], agent: 'react-developer', usage: usage(0.66), phases: phases(['run', 35, 46], ['fix', 46, 52]) }),
      story({ id: '2.3', title: 'Notifications Center', status: 'Ready for Review', awaitingReview: true, wave: 3, dependencies: ['1.2'], agent: 'general-developer', usage: usage(0.31), phases: phases(['run', 27, 36], ['review', 36, 38]) }),
      story({ id: '2.4', title: 'Search API (Go)', status: 'Merged', wave: 3, dependencies: ['1.3'], agent: 'golang-developer', usage: usage(0.24), phases: phases(['run', 27, 33], ['review', 33, 35], ['merge', 48, 49]) }),
      story({ id: '3.1', title: 'Widget Marketplace', status: 'Blocked', blockedBy: ['2.2'], wave: 4, dependencies: ['2.2'], agent: 'react-developer', phases: [] }),
      story({ id: '3.2', title: 'Analytics Pipeline', status: 'In Progress', wave: 4, dependencies: ['2.1', '2.4'], agent: 'python-developer', usage: usage(0.12), phases: phases(['run', 49]) }),
      story({ id: '3.3', title: 'Admin Settings', status: 'Not Started', wave: 4, dependencies: ['2.1', '2.3'], agent: 'react-developer', phases: [] }),
      story({ id: '3.4', title: 'Accessibility Audit Follow-ups for Every Screen', status: 'Merged', wave: 4, dependencies: ['2.4'], agent: 'frontend-design', usage: usage(0.18), phases: phases(['run', 52, 58], ['review', 58, 60], ['merge', 60, 61]) }),
    ],
  };
}
