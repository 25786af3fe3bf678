import { batchGraphOf } from './task-graph';

describe('the task graph Nx hands a batch', () => {
  it('reads dependencies listed as ids (Nx 22) and as edges (Nx 24), keeping only the batch\'s tasks as keys', () => {
    expect(
      batchGraphOf({
        tasks: ['story-1.2:implement', 'story-2.1:implement', 'story-1.1:implement'],
        dependencies: {
          'story-1.2:implement': ['story-1.1:implement'],
          'story-2.1:implement': [{ id: 'story-1.2:implement' }, { id: 'story-0.1:implement' }],
          'story-9.9:implement': ['story-1.1:implement'],
        },
      }),
    ).toEqual({
      tasks: ['story-1.2:implement', 'story-2.1:implement', 'story-1.1:implement'],
      dependencies: {
        'story-1.2:implement': ['story-1.1:implement'],
        'story-2.1:implement': ['story-1.2:implement', 'story-0.1:implement'],
        'story-1.1:implement': [],
      },
    });
  });
});
