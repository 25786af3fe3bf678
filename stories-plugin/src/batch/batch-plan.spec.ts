import { chainLengths, planBatch } from './batch-plan';

// a -> b -> d, a -> c, e alone (x -> y: y depends on x); z outside the batch.
const graph = {
  tasks: ['e', 'c', 'a', 'b', 'd'],
  dependencies: { a: ['z'], b: ['a'], c: ['a'], d: ['b'], e: [] },
};

describe('planning a batch', () => {
  it('measures the chain of dependents each task heads', () => {
    expect(Object.fromEntries(chainLengths(graph))).toEqual({ a: 3, b: 2, c: 1, d: 1, e: 1 });
  });

  it('starts tasks whose dependencies succeeded, the longest chain first; outside ids count as done', () => {
    const plan = planBatch(graph);
    expect(plan.ready()).toEqual(['a', 'e']);
    plan.start('a');
    expect(plan.ready()).toEqual(['e']);
    expect(plan.finish({ taskId: 'a', success: true })).toEqual([]);
    expect(plan.ready()).toEqual(['b', 'e', 'c']);
    for (const id of ['b', 'e', 'c']) plan.start(id);
    plan.finish({ taskId: 'b', success: true });
    expect(plan.ready()).toEqual(['d']);
  });

  it('skips every dependent of a failed task, transitively, and nothing else', () => {
    const plan = planBatch(graph);
    plan.start('a');
    plan.start('e');
    expect(plan.finish({ taskId: 'a', success: false }).sort()).toEqual(['b', 'c', 'd']);
    expect(plan.ready()).toEqual([]);
    expect(plan.hasUnfinished()).toBe(true);
    plan.finish({ taskId: 'e', success: true });
    expect(plan.hasUnfinished()).toBe(false);
  });

  it('refuses to start a task that is not ready or to finish one that is not running', () => {
    const plan = planBatch(graph);
    expect(() => plan.start('b')).toThrow('task b is not ready');
    expect(() => plan.finish({ taskId: 'a', success: true })).toThrow('task a is not running');
  });

  it('names a cycle', () => {
    expect(() => planBatch({ tasks: ['p', 'q'], dependencies: { p: ['q'], q: ['p'] } })).toThrow(/cycle through/);
  });
});
