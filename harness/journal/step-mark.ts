/**
 * A step of a scenario run, recorded beside the journal: `afterSeq` is the
 * journal's last sequence number when the step began, so the step's own
 * entries are those after it. Reports draw it as a band, failing ones in red.
 */
export interface StepMark {
  afterSeq: number;
  label: string;
  ok: boolean;
  /** Why the step failed, as the test reported it (may span lines). */
  error?: string;
}
