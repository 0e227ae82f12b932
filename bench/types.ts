// One benchmark figure, as written to bench/results.json.
export interface Figure {
  value: number;
  unit: 'ms' | 'MB' | 'MB/s' | 'KB' | 'count';
  /** A baseline measured in the same run, where the goal is a ratio. */
  baseline?: number;
  /** The budget from the issue, shown in the table; never asserted. */
  goal?: string;
}

export type Figures = Record<string, Figure>;

export interface Scenario {
  name: string;
  run(): Promise<Figures>;
}
