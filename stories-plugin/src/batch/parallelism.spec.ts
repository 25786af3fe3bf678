import { NX_DEFAULT_PARALLEL, parallelismOf } from './parallelism';

const nx = (...args: string[]) => ['node', '/w/node_modules/.bin/nx', 'run-many', '-t', 'implement', ...args];

describe('the parallelism of the nx command that started a batch', () => {
  it.each([
    [nx('--parallel', '4'), {}, undefined, 4],
    [nx('--parallel=6'), {}, undefined, 6],
    [nx('--parallel=false'), {}, undefined, 1],
    [nx('--parallel'), {}, undefined, NX_DEFAULT_PARALLEL],
    [nx('--parallel', '--maxParallel=5'), {}, undefined, 5],
    [nx('--parallel=50%'), {}, undefined, 4],
    [nx(), { NX_PARALLEL: '7' }, undefined, 7],
    [nx('--parallel', '2'), { NX_PARALLEL: '7' }, undefined, 2],
    [nx(), {}, 5, 5],
    [nx(), {}, undefined, NX_DEFAULT_PARALLEL],
    [nx('--parallel=lots'), {}, undefined, NX_DEFAULT_PARALLEL],
  ])('%j with env %j and nx.json %j -> %d', (argv, env, nxJsonParallel, expected) => {
    expect(parallelismOf({ argv, env, nxJsonParallel, cpus: 8 })).toBe(expected);
  });
});
