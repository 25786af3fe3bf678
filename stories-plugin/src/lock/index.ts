export * from './file-lock';
export * from './owner';
