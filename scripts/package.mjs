// `npm run package` (#7): one zip per browser from the current build, byte-for-byte reproducible
// (sorted entries, fixed timestamps, fixed compression level), so a reviewer who rebuilds from
// source gets the same files. Written to artifacts/ (gitignored).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { zipSync } from 'fflate';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
// DOS time cannot go below 1980; any fixed date works, this one is easy to recognise.
const MTIME = new Date('1980-01-01T00:00:00Z');

function files(dir, prefix = '') {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      return statSync(path).isDirectory() ? files(path, rel) : [[rel, path]];
    });
}

mkdirSync('artifacts', { recursive: true });
for (const browser of ['chrome', 'firefox']) {
  const dir = resolve('dist', browser);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  if (manifest.version !== pkg.version) throw new Error(`${browser} manifest version ${manifest.version} ≠ package.json ${pkg.version}`);
  const entries = Object.fromEntries(files(dir).map(([rel, path]) => [rel, [readFileSync(path), { level: 9, mtime: MTIME }]]));
  const zip = zipSync(entries, { mtime: MTIME });
  const out = resolve('artifacts', `zhihu-offline-${browser}-${pkg.version}.zip`);
  writeFileSync(out, zip);
  const sha = createHash('sha256').update(zip).digest('hex');
  console.log(`${out}  ${(zip.length / 1024).toFixed(0)} KB  sha256 ${sha}`);
}
