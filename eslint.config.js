// ESLint flat config. Formatting is prettier's job (`prettier --check .`, run by `npm run lint`);
// none of the configs below enables a formatting ("layout") rule, so eslint-config-prettier is not
// needed. Not type-aware on purpose: keeps `eslint .` fast.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS_AND_JS_FILES = ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,js}', 'bin/*.js'];

const TEST_FILES = ['test/**/*.ts', 'src/**/*.test.ts'];

export default defineConfig([
  globalIgnores(['dist/', 'node_modules/', '.nimbus/', 'frontend/', 'coverage/']),

  {
    name: 'nimbus/typescript',
    files: TS_AND_JS_FILES,
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // Deliberately NOT enabling @typescript-eslint/consistent-type-imports: classes injected by
      // type (Inversify, emitDecoratorMetadata) must stay value imports.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },

  {
    name: 'nimbus/inner-layers-no-console',
    files: ['src/domain/**/*.ts', 'src/application/**/*.ts'],
    rules: {
      'no-console': 'error',
    },
  },

  {
    name: 'nimbus/tests',
    files: TEST_FILES,
    languageOptions: {
      globals: { ...globals.mocha },
    },
    rules: {
      // chai: expect(x).to.be.true
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },

  {
    name: 'nimbus/root-config-files',
    files: ['*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: {
      globals: { ...globals.node },
    },
  },
]);
