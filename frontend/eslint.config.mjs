// ESLint flat config for the web UI: typescript-eslint + angular-eslint (TypeScript and
// templates, inline templates included). Formatting is Prettier's job (`prettier --check .`).
import js from '@eslint/js';
import angular from 'angular-eslint';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** STYLE.md 13: every source file opens with the 4-part header comment. */
const fileHeaderRule = {
  meta: {
    type: 'suggestion',
    schema: [],
    messages: {
      missing:
        'Start the file with the 4-part header: /** Overview: / Architecture: / Dependencies: / Concepts: */',
    },
  },
  create(context) {
    return {
      Program(node) {
        const header = /^\/\*\*\n \* Overview:[\s\S]*?\*\//.exec(context.sourceCode.getText());
        const complete =
          header &&
          ['Architecture:', 'Dependencies:', 'Concepts:'].every((part) => header[0].includes(part));
        if (!complete) context.report({ node, loc: { line: 1, column: 0 }, messageId: 'missing' });
      },
    };
  },
};

export default defineConfig([
  globalIgnores(['dist/', 'coverage/', '.angular/', 'out-tsc/', 'node_modules/']),

  {
    name: 'nimbus-frontend/typescript',
    files: ['**/*.ts'],
    extends: [
      js.configs.recommended,
      tseslint.configs.recommended,
      tseslint.configs.stylistic,
      angular.configs.tsRecommended,
    ],
    processor: angular.processInlineTemplates,
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      '@angular-eslint/directive-selector': [
        'error',
        { type: 'attribute', prefix: 'nb', style: 'camelCase' },
      ],
      '@angular-eslint/component-selector': [
        'error',
        { type: 'element', prefix: 'nb', style: 'kebab-case' },
      ],
      '@angular-eslint/prefer-on-push-component-change-detection': 'error',
      '@angular-eslint/prefer-signals': 'error',
      '@angular-eslint/no-async-lifecycle-method': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/../src/**', '**/../../src/**'],
              message: 'The web UI talks to the back end over HTTP only.',
            },
          ],
          paths: [
            {
              name: 'rxjs',
              importNames: ['BehaviorSubject'],
              message: 'Keep state in signals, not BehaviorSubject stores.',
            },
          ],
        },
      ],
    },
  },

  {
    name: 'nimbus-frontend/file-header',
    files: ['src/**/*.ts', 'setup-jest.ts'],
    plugins: { nimbus: { rules: { 'file-header': fileHeaderRule } } },
    rules: { 'nimbus/file-header': 'error' },
  },

  {
    name: 'nimbus-frontend/templates',
    files: ['**/*.html'],
    extends: [angular.configs.templateRecommended, angular.configs.templateAccessibility],
    rules: {
      '@angular-eslint/template/prefer-control-flow': 'error',
      '@angular-eslint/template/prefer-self-closing-tags': 'error',
    },
  },

  {
    name: 'nimbus-frontend/config-files',
    files: ['*.js', '*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
  },
]);
