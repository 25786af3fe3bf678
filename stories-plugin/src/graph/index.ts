export * from './types';
export { analyzeStoryGraph, buildStoryGraph, graphError, GRAPH_INVALID_HINT } from './build';
export { transitiveDependencies, transitiveDependents } from './order';
export { suggestId } from './edges';
