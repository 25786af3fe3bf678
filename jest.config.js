/** Jest for the whole workspace: unit specs sit beside their modules, end-to-end tests under test/. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/stories-plugin/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/stories-plugin/tsconfig.spec.json' }],
  },
  testTimeout: 120000,
};
