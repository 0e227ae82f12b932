// Prints where the built extension is, so `npm run build` tells the user what to load.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const dir = resolve('dist/chrome');
if (!existsSync(resolve(dir, 'manifest.json'))) {
  console.error(`Build output is missing: ${dir}/manifest.json`);
  process.exit(1);
}
console.log(`\nZhihu Offline built.\n  Chrome / Edge: load the unpacked extension from ${dir}\n  (chrome://extensions or edge://extensions → Developer mode → Load unpacked)\n`);
