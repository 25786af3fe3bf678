import { checkBudget } from './budget';

describe('budget caps', () => {
  const base = { storyId: '1.2', storyCostUsd: 0, runCostUsd: 0 };

  it('lets work start below both caps, or without caps', () => {
    expect(checkBudget({ ...base, storyCostUsd: 0.99, runCostUsd: 4.99, maxCostUsdPerStory: 1, maxCostUsd: 5 })).toBeUndefined();
    expect(checkBudget({ ...base, storyCostUsd: 100, runCostUsd: 1000 })).toBeUndefined();
  });

  it('stops the story at its own cap first, naming the figures', () => {
    expect(checkBudget({ ...base, storyCostUsd: 1, runCostUsd: 9, maxCostUsdPerStory: 1, maxCostUsd: 5 })).toEqual({
      scope: 'story',
      message: 'budget reached: story 1.2 has cost $1.00 of its $1.00 (maxCostUsdPerStory)',
    });
  });

  it('stops the run at the workspace cap', () => {
    expect(checkBudget({ ...base, storyCostUsd: 0.2, runCostUsd: 5.5, maxCostUsd: 5 })).toMatchObject({ scope: 'run', message: expect.stringContaining('$5.50 of $5.00 (maxCostUsd)') });
  });
});
