// `web-ext lint` on dist/firefox (#7), with the addons-linter rules AMO runs. Fails on any error
// and on any warning not in KNOWN below, so a new innerHTML or eval in our code breaks `npm test`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// Each warning we keep, where it may appear, and why (docs/store-review.md repeats these for reviewers).
const KNOWN = [
  {
    code: 'BACKGROUND_SERVICE_WORKER_IGNORED',
    file: /^manifest\.json$/,
    why: 'background.service_worker is kept for Chromium; Firefox uses background.scripts beside it',
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    // Whichever chunk Vite puts DOMPurify in (its name depends on which pages share it), once.
    file: /^assets\/[\w-]+\.js$/,
    holds: 'data-tt-policy-suffix',
    max: 1,
    why: "DOMPurify's own parsing step (body.innerHTML of an inert document) inside the sanitizer chunk",
  },
  {
    code: 'UNSUPPORTED_API',
    // The worker's chunk: the automatic sync opens an offscreen document only where chrome.offscreen exists (Chromium).
    file: /^assets\/index\.ts-[\w-]+\.js$/,
    message: /^offscreen\.(hasDocument|createDocument|closeDocument|Reason) is not supported$/,
    max: 5,
    why: 'chrome.offscreen (automatic sync, Chromium), behind `if (chrome.offscreen)`; Firefox runs the sync in its event page',
  },
];

const dir = resolve('dist/firefox');
let out;
try {
  out = execFileSync('npx', ['web-ext', 'lint', '--source-dir', dir, '--output', 'json', '--no-input'], { encoding: 'utf8' });
} catch (e) {
  // web-ext exits non-zero when there are errors; the JSON report is still on stdout.
  out = e.stdout;
}
const report = JSON.parse(out.slice(out.indexOf('{')));
const seen = new Map();
const matches = (k, w) =>
  k.code === w.code && k.file.test(w.file ?? '') && (!k.message || k.message.test(w.message ?? '')) && (!k.holds || readFileSync(resolve(dir, w.file), 'utf8').includes(k.holds));
const knownFor = (w) => KNOWN.find((k) => matches(k, w));
const unexpected = report.warnings.filter((w) => {
  const k = knownFor(w);
  const n = (seen.get(`${w.code} ${w.file}`) ?? 0) + 1;
  seen.set(`${w.code} ${w.file}`, n);
  return !k || (k.max !== undefined && n > k.max);
});
const show = (m) => `  ${m.code} ${m.file ?? ''}${m.line ? `:${m.line}` : ''} ${m.message}`;
console.log(`web-ext lint ${dir}: ${report.errors.length} errors, ${report.warnings.length} warnings (${report.warnings.length - unexpected.length} known), ${report.notices.length} notices`);
for (const w of report.warnings) {
  const k = knownFor(w);
  if (k && !unexpected.includes(w)) console.log(`  known: ${w.code} ${w.file} — ${k.why}`);
}
if (report.errors.length || unexpected.length) {
  console.error([...report.errors, ...unexpected].map(show).join('\n'));
  process.exit(1);
}
