// Flat config: typescript-eslint's recommended rules (syntactic, not type-aware) and eslint-plugin-react-hooks'
// full recommended set (the React Compiler's rules: no ref read or written during render, no setState in an
// effect's body, ...). recommendedTypeChecked was tried and left off: it reported 464 problems, 404 of them
// node:test's test() calls, whose promises the runner awaits (no-floating-promises), and 8 in src/, mostly
// style (require-await, needless assertions); it also took the lint from about 5 s to 15 s.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'screenshots/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
