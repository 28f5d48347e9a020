/**
 * The CRM's call log (SQLite table `call_log`): every call offered to one of its agents, with
 * when it was answered and ended, how long the agent talked, and how it ended. The desk page
 * reports the bar's events; the times are the server's own clock, never the page's.
 */
import type { Db } from '../db/open-database.ts';

/** How a call ended for the agent: talked, or offered and never answered. */
export type Disposition = 'answered' | 'missed';

export interface LoggedCall {
  callid: string;
  accountCode: string;
  workNo: number;
  number: string;
  /** The CRM customer's name, when the number or the call data found one. */
  customer: string | null;
  offeredAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  durationSec: number | null;
  disposition: Disposition | null;
}

interface Row {
  callid: string;
  account_code: string;
  work_no: number;
  number: string;
  customer: string | null;
  offered_at: number;
  answered_at: number | null;
  ended_at: number | null;
  duration_sec: number | null;
  disposition: Disposition | null;
}

const fromRow = (r: Row): LoggedCall => ({
  callid: r.callid,
  accountCode: r.account_code,
  workNo: r.work_no,
  number: r.number,
  customer: r.customer,
  offeredAt: r.offered_at,
  answeredAt: r.answered_at,
  endedAt: r.ended_at,
  durationSec: r.duration_sec,
  disposition: r.disposition,
});

export class CallLog {
  readonly #offer;
  readonly #answer;
  readonly #end;
  readonly #get;
  readonly #recent;

  constructor(db: Db) {
    // The same call offered again (a re-queue back to this agent) keeps its first offer.
    this.#offer = db.prepare(
      `INSERT INTO call_log (callid, account_code, work_no, number, customer, offered_at)
       VALUES (@callid, @accountCode, @workNo, @number, @customer, @at)
       ON CONFLICT (callid, account_code) DO UPDATE SET customer = coalesce(excluded.customer, customer)`,
    );
    this.#answer = db.prepare(
      `UPDATE call_log SET answered_at = coalesce(answered_at, @at)
       WHERE callid = @callid AND account_code = @accountCode AND ended_at IS NULL`,
    );
    this.#end = db.prepare(
      `UPDATE call_log SET ended_at = @at,
         disposition = CASE WHEN answered_at IS NULL THEN 'missed' ELSE 'answered' END,
         duration_sec = CASE WHEN answered_at IS NULL THEN 0 ELSE CAST((@at - answered_at) / 1000 AS INTEGER) END
       WHERE callid = @callid AND account_code = @accountCode AND ended_at IS NULL`,
    );
    this.#get = db.prepare<[string, string], Row>(
      'SELECT * FROM call_log WHERE callid = ? AND account_code = ?',
    );
    this.#recent = db.prepare<[number], Row>(
      'SELECT * FROM call_log ORDER BY offered_at DESC, rowid DESC LIMIT ?',
    );
  }

  offered(
    c: { callid: string; accountCode: string; workNo: number; number: string; customer?: string },
    at: number,
  ) {
    this.#offer.run({ ...c, customer: c.customer ?? null, at });
  }

  /** Whether the call was open (offered, not ended) for this agent. */
  answered(callid: string, accountCode: string, at: number): boolean {
    return this.#answer.run({ callid, accountCode, at }).changes > 0;
  }

  /** End the call for this agent: its duration (whole seconds of talk) and disposition. */
  ended(callid: string, accountCode: string, at: number): LoggedCall | undefined {
    if (this.#end.run({ callid, accountCode, at }).changes === 0) return undefined;
    return this.get(callid, accountCode);
  }

  get(callid: string, accountCode: string): LoggedCall | undefined {
    const row = this.#get.get(callid, accountCode);
    return row && fromRow(row);
  }

  /** The newest calls first. */
  recent(limit = 50): LoggedCall[] {
    return this.#recent.all(limit).map(fromRow);
  }
}
