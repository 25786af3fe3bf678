/** The crash-safe state store under `.agent-orchestration/` and its pure helpers. */
export * from './paths';
export * from './atomic-write';
export * from './story-file';
export * from './history';
export * from './summary';
export * from './patch';
export * from './ownership';
export * from './state-store';
