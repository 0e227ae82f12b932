// Prints the reliability table (docs/reliability.md) at the end of a Playwright run and writes it to
// test-results/fault-table.json: one row per fault test that ran, from the rows the tests
// attached (fault-table.ts). Runs that include no fault test print nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { FAULT_ROW, type FaultRow } from './fault-row';

interface TableRow extends FaultRow {
  test: string;
  status: string;
}

const ALL_FAULTS = Array.from({ length: 22 }, (_, i) => `R${i + 1}`);
const OUT_FILE = path.resolve('test-results', 'fault-table.json');

export default class FaultTableReporter implements Reporter {
  private readonly rows: TableRow[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    for (const a of result.attachments) {
      if (a.name !== FAULT_ROW || !a.body) continue;
      const row = JSON.parse(a.body.toString('utf8')) as FaultRow;
      this.rows.push({ ...row, test: `${path.basename(test.location.file)} › ${test.title}`, status: result.status });
    }
  }

  onEnd(): void {
    if (!this.rows.length) return;
    const rows = [...this.rows].sort((a, b) => faultNumber(a) - faultNumber(b));
    const covered = new Set(rows.flatMap((r) => r.ids));
    const elsewhere = ALL_FAULTS.filter((f) => !covered.has(f));
    const lost = rows.reduce((n, r) => n + (r.recordsLost ?? 0), 0);
    mkdirSync(path.dirname(OUT_FILE), { recursive: true });
    writeFileSync(OUT_FILE, `${JSON.stringify({ rows, notInThisRun: elsewhere, recordsLost: lost }, null, 2)}\n`);
    const lines = [
      '',
      `Reliability faults injected in this run: ${rows.length} tests, records lost in total: ${lost}`,
      '',
      '| fault | injected | what was checked | records | lost | test |',
      '|---|---|---|---|---|---|',
      ...rows.map((r) => `| ${r.ids.join(', ')} | ${cell(r.fault)} | ${cell(r.checked)} | ${r.records} | ${r.recordsLost ?? 'n/a'} | ${cell(r.test)}${r.status === 'passed' ? '' : ` (${r.status})`} |`),
      '',
      elsewhere.length ? `Not injected by this run (Vitest or other specs; see docs/reliability.md): ${elsewhere.join(', ')}` : 'Every fault R1–R22 was injected by this run.',
      `Table written to ${path.relative(process.cwd(), OUT_FILE)}`,
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}

function faultNumber(r: FaultRow): number {
  return Math.min(...r.ids.map((id) => Number(id.slice(1))));
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
