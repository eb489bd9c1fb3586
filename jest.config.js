/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only: `make test` type-checks the whole tree with tsc first, once, instead of per test file.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  testTimeout: 20000,
  // Tests within a file run in a random order (the seed is printed): none may lean on another having run first.
  randomize: true,
  // Integration tests start servers and redis-server processes; two workers keep a 2-core machine responsive.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/scripts/summaryReporter.js'],
};
