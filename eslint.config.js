import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'dist-test*', 'data', 'test-results', 'playwright-report', 'node_modules'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // src/core is shared by browser and server: no React, no DOM, no Node.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['react*', 'konva*', 'node:*', 'fs', 'path', '../app/*', '../../server/*'] }],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/src/app/*', '**/src/app/**'] }] },
  },
  // The server's layers (docs/ARCHITECTURE.md): routes call services, never the other way; a provider reports
  // through providers/job-outcome.ts and knows nothing of jobs/; images/ checks sources and knows nothing of render/.
  ...[
    { folder: 'providers', forbidden: ['../routes/*', '../jobs/*'] },
    { folder: 'images', forbidden: ['../routes/*', '../render/*'] },
    { folder: 'results', forbidden: ['../routes/*'] },
    { folder: 'cutout', forbidden: ['../routes/*'] },
    { folder: 'batches', forbidden: ['../routes/*'] },
    { folder: 'jobs', forbidden: ['../routes/*'] },
  ].map(({ folder, forbidden }) => ({
    files: [`server/${folder}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/src/app/*', '**/src/app/**', ...forbidden] }] },
  })),
);
