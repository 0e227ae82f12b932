// One row of the reliability table, as a fault test attaches it and the reporter reads it.
// Kept free of @playwright/test imports: the reporter runs in the runner process.

/** Name of the test attachment that carries a row. */
export const FAULT_ROW = 'fault-row';

export interface FaultRow {
  /** The faults of docs/faults.md §1 this test injects, e.g. ['R1', 'R4', 'R14']. */
  ids: string[];
  /** What was done to the extension, in a few words. */
  fault: string;
  /** What the test then verified. */
  checked: string;
  /** Records at stake: the library's records before the fault. */
  records: number;
  /** Records gone or damaged after the fault; null where no fault can be injected (said in `checked`). */
  recordsLost: number | null;
}
