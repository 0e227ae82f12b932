/**
 * Entry-name rules for ZIP import (docs/threats.md §4.2): no `..` or `.` segment (split
 * on `/` and `\`), no absolute path, no drive letter, no NUL/control characters, no
 * backslash at all, no directory entries, and no duplicates after NFC + case folding.
 * `..foo.txt` is a legitimate name and is accepted.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
export const MAX_ENTRY_NAME_BYTES = 255;

export function entryNameProblem(name: string): string | null {
  if (name === '') return 'empty';
  if (new TextEncoder().encode(name).length > MAX_ENTRY_NAME_BYTES) return 'too long';
  if (CONTROL.test(name)) return 'control character';
  if (name.includes('\\')) return 'backslash';
  if (name.startsWith('/')) return 'absolute path';
  if (/^[a-zA-Z]:/.test(name)) return 'drive letter';
  if (name.endsWith('/')) return 'directory entry';
  const segments = name.split(/[/\\]/);
  if (segments.some((s) => s === '..' || s === '.')) return 'dot segment';
  if (segments.some((s) => s === '')) return 'empty segment';
  return null;
}

/** The key under which two names would land on the same file on a case-insensitive disk. */
export const foldedName = (name: string): string => name.normalize('NFC').toLowerCase();
