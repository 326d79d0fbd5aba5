// Jest for the Angular app: jest-preset-angular's CommonJS preset, jsdom, zoneless test environment.
const { createCjsPreset } = require('jest-preset-angular/presets');

/** @type {import('jest').Config} */
module.exports = {
  ...createCjsPreset(),
  setupFilesAfterEnv: ['<rootDir>/setup-jest.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Taiga UI, its @ng-web-apis / @maskito peers and Apollo ship ES modules: let the preset compile them.
  transformIgnorePatterns: [
    'node_modules/(?!(.*\\.mjs$|@apollo/client|@wry|optimism|graphql|rxjs|tslib|@angular/common/locales/.*\\.js$))',
  ],
  restoreMocks: true,
};
