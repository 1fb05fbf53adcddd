import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'n8n-runtime/**', 'coverage/**', 'nodes/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The core is compiled into the n8n community package, whose scanner forbids timers and process access.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate',
        'process', 'global', 'globalThis', '__dirname', '__filename', 'require',
      ],
      // Bare builtin names go in `paths` (exact module names): as gitignore-style `patterns` they would also ban
      // any relative import through a folder of that name, such as core/src/http/.
      'no-restricted-imports': [
        'error',
        { paths: ['fs', 'path', 'http', 'https', 'child_process'], patterns: ['node:*'] },
      ],
      'no-console': 'error',
    },
  },
);
