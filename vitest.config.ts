import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // DOMPurify is only safe on a real DOM implementation; happy-dom keeps <script>.
    environment: 'jsdom',
    testTimeout: 30_000,
  },
});
