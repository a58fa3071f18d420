import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** Only the runtime's worker code (and the Node host that mirrors it) may touch the WASI shim. */
const shimImportRule = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['@bytecodealliance/preview2-shim', '@bytecodealliance/preview2-shim/*'],
          message: 'Only src/runtime/browser/*.worker.ts and src/runtime/node/ may import the WASI shim.',
        },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist', 'dist-cli', 'node_modules', 'test-results', 'playwright-report', 'samples/**/*.wasm', 'wit', '.test-reports'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/set-state-in-effect': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      ...shimImportRule,
    },
  },
  {
    files: ['src/runtime/browser/**/*.worker.ts', 'src/runtime/node/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
