// Lint is part of `npm test`. The no-unsanitized rules keep HTML sinks in one module.
import js from '@eslint/js';
import nounsanitized from 'eslint-plugin-no-unsanitized';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.scratch/**', 'test-results/**', 'playwright-report/**', 'bench/results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  nounsanitized.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Only src/ui/sanitize may create DOM from HTML; read with textContent.' },
        { property: 'outerHTML', message: 'Only src/ui/sanitize may create DOM from HTML.' },
        { property: 'insertAdjacentHTML', message: 'Only src/ui/sanitize may create DOM from HTML.' },
      ],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name='document'][callee.property.name=/^write(ln)?$/]", message: 'No document.write.' }],
    },
  },
  {
    // Reading innerHTML (serialising an inert, cleaned container) is how extraction returns its HTML.
    files: ['src/extract/clean/index.ts', 'src/ui/sanitize/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['e2e/**', 'test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off', 'no-unsanitized/property': 'off', 'no-unsanitized/method': 'off' },
  },
);
