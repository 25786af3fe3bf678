/**
 * The live progress view: reads the state store every interval and shows the stories grouped by
 * wave, redrawn in place on a terminal, or as one line per change otherwise (CI logs).
 */
import { renderProgressChanges, renderProgressFrame, terminalRedraw } from '../report/progress';
import type { ProgressStory } from '../report/types';
import type { CliOutput } from './io';

/** How the view is shown. */
export type ProgressMode = 'redraw' | 'lines';

/** How often the state store is read. */
export const PROGRESS_INTERVAL_MS = 500;

/** A running progress view. */
export interface ProgressLoop {
  /** Reads once more, shows the final state, and stops. */
  stop(): Promise<void>;
}

/**
 * Starts the view. `read` builds the stories from the state store; a read that fails (a file being
 * replaced, say) is skipped and the next one tried.
 */
export function startProgressLoop(args: { output: CliOutput; mode: ProgressMode; read: () => Promise<ProgressStory[]>; intervalMs?: number }): ProgressLoop {
  let previousFrame: string | undefined;
  let previousStories: ProgressStory[] | undefined;
  let current: Promise<void> | undefined;
  const show = (stories: ProgressStory[]): void => {
    if (args.mode === 'redraw') {
      const frame = renderProgressFrame({ stories, columns: args.output.columns });
      if (frame !== previousFrame) args.output.write(terminalRedraw({ previousFrame, frame }));
      previousFrame = frame;
    } else {
      const lines = renderProgressChanges({ previous: previousStories, current: stories, time: new Date() });
      if (lines.length > 0) args.output.write(`${lines.join('\n')}\n`);
    }
    previousStories = stories;
  };
  // One read at a time: a tick that finds the previous read still running is skipped.
  const tick = (): Promise<void> => {
    current ??= args.read().then(show, () => undefined).finally(() => (current = undefined));
    return current;
  };
  void tick();
  const timer = setInterval(() => void tick(), args.intervalMs ?? PROGRESS_INTERVAL_MS);
  return {
    async stop() {
      clearInterval(timer);
      await current;
      await tick();
    },
  };
}
