// Lint is part of `npm test`. The no-unsanitized rules keep HTML sinks in one module.
import js from '@eslint/js';
import nounsanitized from 'eslint-plugin-no-unsanitized';
import tseslint from 'typescript-eslint';

// Sinks that turn a string into live DOM or a document (issue #7). Reading innerHTML of an inert,
// cleaned container is allowed where noted below; writing one never is, outside src/ui/sanitize.
const HTML_PROPS = [
  { property: 'innerHTML', message: 'Only src/ui/sanitize may create DOM from HTML; read with textContent.' },
  { property: 'outerHTML', message: 'Only src/ui/sanitize may create DOM from HTML.' },
  { property: 'insertAdjacentHTML', message: 'Only src/ui/sanitize may create DOM from HTML.' },
];
const PARSE_SINKS = [
  { property: 'createContextualFragment', message: 'Only src/ui/sanitize may create DOM from HTML.' },
  { property: 'parseFromString', message: 'Use makeInertParser/makeSanitizer from src/ui/sanitize (Trusted Types).' },
  { property: 'setHTMLUnsafe', message: 'Only src/ui/sanitize may create DOM from HTML.' },
  { property: 'parseHTMLUnsafe', message: 'Only src/ui/sanitize may create DOM from HTML.' },
  { property: 'srcdoc', message: 'No srcdoc: it is an HTML sink.' },
];
const NO_DOCUMENT_WRITE = { selector: "CallExpression[callee.property.name=/^write(ln)?$/][callee.object.name='document'], CallExpression[callee.property.name=/^write(ln)?$/][callee.object.property.name='document']", message: 'No document.write.' };
const WRITE_SINKS = [
  { selector: "AssignmentExpression[left.property.name=/^(innerHTML|outerHTML|srcdoc)$/]", message: 'Writing HTML is for src/ui/sanitize only.' },
  { selector: "CallExpression[callee.property.name=/^setAttribute(NS)?$/][arguments.0.value=/^(srcdoc|on)/i]", message: 'No srcdoc or event-handler attributes.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.scratch/**', 'test-results/**', 'playwright-report/**', 'bench/results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  nounsanitized.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': ['error', ...HTML_PROPS, ...PARSE_SINKS],
      'no-restricted-syntax': ['error', NO_DOCUMENT_WRITE, ...WRITE_SINKS],
    },
  },
  {
    // Extraction runs in the content script (no extension CSP) and parses into inert documents that are
    // read, never inserted into a live page.
    files: ['src/extract/**'],
    rules: { 'no-restricted-properties': ['error', ...HTML_PROPS, ...PARSE_SINKS.filter((p) => p.property !== 'parseFromString')] },
  },
  {
    // Reading innerHTML (serialising an inert, cleaned container) is how extraction returns its HTML;
    // writes there are still caught by WRITE_SINKS and no-unsanitized.
    files: ['src/extract/clean/index.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['src/ui/sanitize/**'],
    rules: { 'no-restricted-properties': 'off', 'no-restricted-syntax': ['error', NO_DOCUMENT_WRITE] },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', structuredClone: 'readonly' } },
  },
  {
    files: ['e2e/**', 'test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off', 'no-restricted-syntax': 'off', 'no-unsanitized/property': 'off', 'no-unsanitized/method': 'off' },
  },
);
