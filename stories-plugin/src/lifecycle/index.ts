/** The story lifecycle: one pure xstate machine, the persisted record it lives in, and its migration. */
export * from './types';
export * from './machine';
export * from './record';
export * from './record-schema';
export * from './migrate';
export * from './validate-event';
export * from './apply-event';
