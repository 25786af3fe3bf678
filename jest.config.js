/** Jest for the whole workspace: unit specs sit beside their modules, end-to-end tests under test/. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/stories-plugin/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  // The crash/concurrency/hostile-input suite runs on its own (`npm run test:reliability`) until it
  // is proven green within CI's time; see docs/reliability.md once written.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/reliability/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/stories-plugin/tsconfig.spec.json' }],
  },
  testTimeout: 120000,
};
