// The raw first-screen reads name the database without importing Dexie; keep the two names equal.
import { expect, it } from 'vitest';
import { DB_NAME } from '../src/storage/db';
import { RAW_DB_NAME } from '../src/storage/library-raw';

it('library-raw reads the same database as Dexie', () => {
  expect(RAW_DB_NAME).toBe(DB_NAME);
});
