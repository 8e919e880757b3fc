// Lint for the whole repo: TypeScript (functions, tests) and the plain JS scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  {
    // Only adapters may import Firebase, Cloud Storage or SQLite (architecture rule).
    files: ['functions/src/domain/**/*.ts', 'functions/src/http/**/*.ts', 'functions/src/ports/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'firebase-admin*',
            'firebase-functions/v2*',
            '@google-cloud/*',
            'better-sqlite3',
            '../adapters/*',
            '../runtime/*',
          ],
        },
      ],
    },
  },
);
