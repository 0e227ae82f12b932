// Real Zhihu text for seeded posts: the plain text of every item the extractor captured from the
// real fixture pages (test/golden). Search cost depends on the text's characters and word pairs,
// which a short synthetic word list would not have.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlToPlainText } from '../src/storage/plain-text';

const GOLDEN = join(import.meta.dirname, '..', 'test', 'golden');

export function realCorpus(): string[] {
  const texts: string[] = [];
  for (const dir of readdirSync(GOLDEN)) {
    for (const file of readdirSync(join(GOLDEN, dir)).filter((f) => f.endsWith('.html'))) {
      const text = htmlToPlainText(readFileSync(join(GOLDEN, dir, file), 'utf8'));
      if (text.length >= 400) texts.push(text);
    }
  }
  return texts;
}
