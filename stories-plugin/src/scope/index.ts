/** Scope expressions of the `stories` command and the out-of-scope dependency check. */
export * from './describe-ids';
export * from './parse';
export * from './resolve';
export * from './out-of-scope';
