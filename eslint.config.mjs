// Lint for the whole repo: TypeScript (functions, tests) and the plain JS scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The storage SDKs: only adapters may import them. */
const SDKS = ['firebase-admin*', 'firebase-functions/v2*', '@google-cloud/*', 'better-sqlite3'];

/**
 * `files` may not import from the folders of functions/src named in `above` (by relative path),
 * nor, when `noSdks`, a storage SDK.
 */
function layer(files, above, noSdks) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...(noSdks ? [{ group: SDKS, message: 'Only adapters import Firebase, Cloud Storage or SQLite.' }] : []),
            {
              regex: `^(\\.\\./)+(${above.join('|')})(/|$)`,
              message: `This layer may not import ${above.join(', ')} (see docs/architecture.md).`,
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', 'functions/lib/**', '.cache/**', '.websplat-data/**', 'bench/results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      // Lazy `require` of heavy SDKs is deliberate (cold start); see adapters/firebase/app.ts.
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  // The browser tier's frontend: plain scripts that run in Chromium.
  {
    files: ['test/browser/frontend/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { window: 'readonly', EventSource: 'readonly', XMLHttpRequest: 'readonly', Blob: 'readonly' },
    },
  },
  // Layering: http -> domain -> ports <- adapters, wired by runtime. Only adapters may import
  // Firebase, Cloud Storage or SQLite, and no layer imports one above it.
  layer(
    ['functions/src/ports/**/*.ts'],
    ['domain', 'schemas', 'http', 'adapters', 'runtime', 'cli', 'functions', 'config'],
    true,
  ),
  layer(['functions/src/domain/**/*.ts'], ['http', 'adapters', 'runtime', 'cli', 'functions', 'config'], true),
  layer(['functions/src/schemas/**/*.ts'], ['http', 'adapters', 'runtime', 'cli', 'functions', 'config'], true),
  layer(['functions/src/http/**/*.ts'], ['adapters', 'runtime', 'cli', 'functions', 'config'], true),
  layer(['functions/src/adapters/**/*.ts'], ['http', 'runtime', 'cli', 'functions'], false),
  layer(['functions/src/runtime/**/*.ts'], ['cli', 'functions'], false),
);
