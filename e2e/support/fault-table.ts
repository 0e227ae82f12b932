// The reliability table of issue #7: each fault test records what it injected, what it checked and
// how many library records the fault lost (measured from snapshots before and after, see
// library-snapshot.ts). Rows travel to the reporter as test attachments, so parallel workers never
// share a file; e2e/support/fault-table-reporter.ts prints them at the end of the run.
import { expect, test } from '@playwright/test';
import { FAULT_ROW, type FaultRow } from './fault-row';
import { recordCount, recordsLost, type LibrarySnapshot } from './library-snapshot';

export interface FaultMeasure {
  ids: string[];
  fault: string;
  checked: string;
  before: LibrarySnapshot;
  /** The library after the fault; several states (e.g. during and after recovery) count the worst. */
  after: LibrarySnapshot | LibrarySnapshot[];
}

/** Records the row, then fails the test if anything was lost (after recording, so the table shows it). */
export async function recordFault(m: FaultMeasure): Promise<FaultRow> {
  const afters = Array.isArray(m.after) ? m.after : [m.after];
  const lost = Math.max(...afters.map((a) => recordsLost(m.before, a)));
  const row: FaultRow = { ids: m.ids, fault: m.fault, checked: m.checked, records: recordCount(m.before), recordsLost: lost };
  await attach(row);
  expect(row.recordsLost, `${m.ids.join('/')}: records lost`).toBe(0);
  return row;
}

/** A fault that cannot be injected here (e.g. eviction): recorded with why, and no loss figure. */
export async function recordUninjectable(ids: string[], fault: string, checked: string): Promise<void> {
  await attach({ ids, fault, checked, records: 0, recordsLost: null });
}

async function attach(row: FaultRow): Promise<void> {
  await test.info().attach(FAULT_ROW, { body: JSON.stringify(row), contentType: 'application/json' });
}
