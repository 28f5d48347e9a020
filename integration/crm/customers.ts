/**
 * The CRM's own customers (SQLite table `customers`): the reference integration's stand-in for a
 * business system's customer records, looked up by the caller's number or by the account number
 * an IVR collected.
 */
import { z } from 'zod';
import type { Db } from '../db/open-database.ts';

export const customerSchema = z
  .object({
    phone: z.string().regex(/^[0-9*#+]{1,24}$/, 'digits, * # + only'),
    name: z.string().min(1).max(200),
    accountNo: z.string().min(1).max(64).optional(),
    tier: z.string().min(1).max(32).default('standard'),
    language: z.string().min(2).max(16).optional(),
  })
  .strict();

export type Customer = z.output<typeof customerSchema>;
export type CustomerInput = z.input<typeof customerSchema>;

interface Row {
  phone: string;
  name: string;
  account_no: string | null;
  tier: string;
  language: string | null;
}

const fromRow = (r: Row): Customer => ({
  phone: r.phone,
  name: r.name,
  accountNo: r.account_no ?? undefined,
  tier: r.tier,
  language: r.language ?? undefined,
});

export class CustomerStore {
  readonly #byPhone;
  readonly #byAccount;
  readonly #upsert;

  constructor(private readonly db: Db) {
    this.#byPhone = db.prepare<[string], Row>('SELECT * FROM customers WHERE phone = ?');
    this.#byAccount = db.prepare<[string], Row>('SELECT * FROM customers WHERE account_no = ?');
    this.#upsert = db.prepare(
      `INSERT INTO customers (phone, name, account_no, tier, language) VALUES (@phone, @name, @accountNo, @tier, @language)
       ON CONFLICT (phone) DO UPDATE SET name = excluded.name, account_no = excluded.account_no,
         tier = excluded.tier, language = excluded.language`,
    );
  }

  byPhone(phone: string): Customer | undefined {
    const row = this.#byPhone.get(phone);
    return row && fromRow(row);
  }

  byAccount(accountNo: string): Customer | undefined {
    const row = this.#byAccount.get(accountNo);
    return row && fromRow(row);
  }

  /** Add or update customers by phone number, all or none. */
  upsert(customers: readonly CustomerInput[]): void {
    const parsed = customers.map((c) => customerSchema.parse(c));
    this.db.transaction(() => {
      for (const c of parsed) {
        this.#upsert.run({ ...c, accountNo: c.accountNo ?? null, language: c.language ?? null });
      }
    })();
  }
}
