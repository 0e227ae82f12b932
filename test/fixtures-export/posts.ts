/** Shared helpers for the export/import tests: the real seed files and posts derived from them. */
import { readFileSync } from 'node:fs';
import { importHexo } from '../../src/import/hexo';
import type { BackupPost } from '../../src/backup/format';
import type { FullPost } from '../../src/storage/types';
import { SEED_FILES } from '../support/fixtures';

export const SEEDS = SEED_FILES;
export const SAVED_AT = Date.UTC(2024, 0, 1);

export function imported(text: string): FullPost {
  const r = importHexo(text, SAVED_AT);
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.detail}`);
  return r.value;
}

export function seedPost(index: number): FullPost {
  return imported(readFileSync(SEEDS[index]!, 'utf8'));
}

/** The code-block seed with some fields overridden. */
export function samplePost(over: Partial<BackupPost> = {}): BackupPost {
  const base = seedPost(2);
  return { ...base, ...over, meta: { ...base.meta, ...over.meta } };
}
