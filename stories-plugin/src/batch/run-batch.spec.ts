import { runBatch, type BatchYield } from './run-batch';

async function collect(generator: AsyncGenerator<BatchYield>): Promise<BatchYield[]> {
  const results: BatchYield[] = [];
  for await (const result of generator) results.push(result);
  return results;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('running a batch', () => {
  it('never runs more than `parallel` tasks at once and yields each as it ends', async () => {
    let running = 0;
    let peak = 0;
    const tasks = ['a', 'b', 'c', 'd', 'e'];
    const results = await collect(
      runBatch({
        graph: { tasks, dependencies: {} },
        parallel: 2,
        runTask: async (taskId) => {
          running += 1;
          peak = Math.max(peak, running);
          await delay(taskId === 'a' ? 60 : 10);
          running -= 1;
          return { success: true, terminalOutput: `did ${taskId}\n` };
        },
      }),
    );
    expect(peak).toBe(2);
    expect(results.map((result) => result.task).sort()).toEqual(tasks);
    expect(results[results.length - 1].task).toBe('a'); // the slow one did not hold the others back
    expect(results.find((result) => result.task === 'c')?.result).toMatchObject({ success: true, status: 'success', terminalOutput: 'did c\n' });
  });

  it('starts a dependent only after its dependency, with no barrier for the rest', async () => {
    const events: string[] = [];
    await collect(
      runBatch({
        graph: { tasks: ['slow', 'dep', 'after'], dependencies: { after: ['dep'] } },
        parallel: 2,
        runTask: async (taskId) => {
          events.push(`start ${taskId}`);
          await delay(taskId === 'slow' ? 80 : 10);
          events.push(`end ${taskId}`);
          return { success: true, terminalOutput: '' };
        },
      }),
    );
    expect(events.indexOf('start after')).toBeGreaterThan(events.indexOf('end dep'));
    expect(events.indexOf('start after')).toBeLessThan(events.indexOf('end slow'));
  });

  it('reports a failure, a thrown error and the skipped dependents, and still runs the independent task', async () => {
    const ran: string[] = [];
    const results = await collect(
      runBatch({
        graph: { tasks: ['bad', 'child', 'grandchild', 'boom', 'free'], dependencies: { child: ['bad'], grandchild: ['child'] } },
        parallel: 3,
        runTask: async (taskId) => {
          ran.push(taskId);
          if (taskId === 'boom') throw new Error('exploded');
          return { success: taskId !== 'bad', terminalOutput: '' };
        },
      }),
    );
    const byTask = Object.fromEntries(results.map((result) => [result.task, result.result]));
    expect(ran.sort()).toEqual(['bad', 'boom', 'free']);
    expect(byTask.bad).toMatchObject({ success: false, status: 'failure' });
    expect(byTask.boom.terminalOutput).toContain('exploded');
    expect(byTask.child).toMatchObject({ success: false, status: 'skipped', terminalOutput: 'not run: bad failed\n' });
    expect(byTask.grandchild.status).toBe('skipped');
    expect(byTask.free.status).toBe('success');
  });
});
