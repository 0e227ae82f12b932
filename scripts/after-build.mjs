// Prints where the built extension is, so `npm run build` tells the user what to load.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const dir = resolve('dist/chrome');
const firefox = resolve('dist/firefox');
for (const d of [dir, firefox]) {
  if (!existsSync(resolve(d, 'manifest.json'))) {
    console.error(`Build output is missing: ${d}/manifest.json`);
    process.exit(1);
  }
}
console.log(`\nZhihu Offline built.
  Chrome / Edge: load the unpacked extension from ${dir}
  (chrome://extensions or edge://extensions → Developer mode → Load unpacked)
  Firefox: ${firefox}
  (about:debugging → This Firefox → Load Temporary Add-on → ${firefox}/manifest.json)
`);
