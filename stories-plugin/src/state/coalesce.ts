/**
 * Calls that would each redo the same whole-folder work (re-deriving `orchestration-state.json`
 * from every story file) while one is under way share one next run instead: with many stories
 * settling in one process, N refreshes of N files each become a handful.
 */

/**
 * Wraps `work` so that every call gets the result of a run that started after the call, and all
 * calls made during one run share the single run that follows it.
 */
export function coalescing<T>(work: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  let queued: Promise<T> | undefined;
  const start = (): Promise<T> => {
    const run = work().finally(() => {
      if (running === run) running = undefined;
    });
    running = run;
    return run;
  };
  return () => {
    if (!running) return start();
    queued ??= running.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      queued = undefined;
      return start();
    });
    return queued;
  };
}

const byKey = new Map<string, () => Promise<unknown>>();

/** The process-wide coalesced form of `work` for `key` (the first `work` given for a key is kept). */
export function coalescedByKey<T>(key: string, work: () => Promise<T>): () => Promise<T> {
  let coalesced = byKey.get(key);
  if (!coalesced) {
    coalesced = coalescing(work);
    byKey.set(key, coalesced);
  }
  return coalesced as () => Promise<T>;
}
