/**
 * The backup format moved to src/backup (format.ts, write.ts, read.ts). These re-exports keep the
 * import paths of files another change is editing (markdown.ts) working; new code imports src/backup.
 */
export type { BackupImageInput, BackupPost, Revision } from '../backup/format';
