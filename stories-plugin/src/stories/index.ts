export * from './types';
export * from './ids';
export * from './parse';
export * from './hash';
export * from './discover';
export { mapStatus, ACCEPTED_STATUS_WORDS } from './status';
