import { coalescing } from './coalesce';

describe('coalescing whole-folder work', () => {
  it('gives every caller a run that started after its call, and shares one run among the calls made during another', async () => {
    const started: number[] = [];
    let release: Array<() => void> = [];
    let runs = 0;
    const refresh = coalescing(async () => {
      runs += 1;
      const run = runs;
      started.push(run);
      await new Promise<void>((resolve) => release.push(resolve));
      return run;
    });
    const first = refresh();
    const second = refresh();
    const third = refresh();
    expect(started).toEqual([1]);
    release.shift()?.();
    expect(await first).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1, 2]);
    const fourth = refresh(); // during run 2: needs run 3
    release.shift()?.();
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    release.shift()?.();
    expect(await fourth).toBe(3);
    expect(runs).toBe(3);
    release = [];
  });

  it('runs again after a failed run, and the failure reaches only its own callers', async () => {
    let runs = 0;
    const refresh = coalescing(async () => {
      runs += 1;
      if (runs === 1) throw new Error('disk full');
      return runs;
    });
    const first = refresh();
    const second = refresh();
    await expect(first).rejects.toThrow('disk full');
    expect(await second).toBe(2);
  });
});
