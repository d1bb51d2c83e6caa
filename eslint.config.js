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
    // Akool's code (client, provider, webhook) is reached through the provider registry only.
    files: ['server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/src/app/*', '**/src/app/**', '**/providers/akool/*'] }] },
  },
  // The server's layers (docs/ARCHITECTURE.md): routes call services, never the other way; a provider reports
  // through providers/job-outcome.ts and knows nothing of jobs/ (nor routes/: it brings its own as a plugin);
  // images/ checks sources and knows nothing of render/.
  ...[
    { folder: 'providers', forbidden: ['**/routes/*', '**/jobs/*'] },
    { folder: 'images', forbidden: ['../routes/*', '../render/*', '../providers/akool/*'] },
    { folder: 'results', forbidden: ['../routes/*', '../providers/akool/*'] },
    { folder: 'cutout', forbidden: ['../routes/*', '../providers/akool/*'] },
    { folder: 'batches', forbidden: ['../routes/*', '../providers/akool/*'] },
    { folder: 'jobs', forbidden: ['../routes/*', '../providers/akool/*'] },
  ].map(({ folder, forbidden }) => ({
    files: [`server/${folder}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/src/app/*', '**/src/app/**', ...forbidden] }] },
  })),
);
