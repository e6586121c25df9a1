import type { Pool } from 'pg';

export interface BlocklistEntry {
  readonly payerId: string;
  readonly reason: string;
  readonly listedAt: string;
  readonly listedBy: string;
  /** The payment whose assessment listed the payer; null when a person did. */
  readonly paymentId: string | null;
}

interface Row {
  payer_id: string;
  reason: string;
  listed_at: Date;
  listed_by: string;
  payment_id: string | null;
}

const toEntry = (r: Row): BlocklistEntry => ({
  payerId: r.payer_id,
  reason: r.reason,
  listedAt: r.listed_at.toISOString(),
  listedBy: r.listed_by,
  paymentId: r.payment_id,
});

/**
 * Payers whose every payment is rejected until a person takes them off the list. An assessment reads
 * the listing together with the payer's requests (RiskRequests.recordAndRead).
 */
export class Blocklist {
  constructor(private readonly pool: Pool) {}

  /** Lists the payer unless already listed (the first listing and its cause are kept). */
  async listIfAbsent(entry: BlocklistEntry): Promise<void> {
    await this.pool.query(
      `INSERT INTO risk_blocklist (payer_id, reason, listed_at, listed_by, payment_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (payer_id) DO NOTHING`,
      [entry.payerId, entry.reason, entry.listedAt, entry.listedBy, entry.paymentId],
    );
  }

  /** A person's listing (PUT): creates the entry or replaces its reason and author. */
  async put(entry: Omit<BlocklistEntry, 'paymentId'>): Promise<{ entry: BlocklistEntry; created: boolean }> {
    const { rows } = await this.pool.query<Row & { created: boolean }>(
      `INSERT INTO risk_blocklist AS b (payer_id, reason, listed_at, listed_by, payment_id) VALUES ($1, $2, $3, $4, NULL)
       ON CONFLICT (payer_id) DO UPDATE SET reason = EXCLUDED.reason, listed_by = EXCLUDED.listed_by
       RETURNING b.*, (xmax = 0) AS created`,
      [entry.payerId, entry.reason, entry.listedAt, entry.listedBy],
    );
    const row = rows[0];
    if (!row) throw new Error('upsert returned no row');
    return { entry: toEntry(row), created: row.created };
  }

  /** True when the payer was listed (and no longer is). */
  async remove(payerId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM risk_blocklist WHERE payer_id = $1', [payerId]);
    return (rowCount ?? 0) > 0;
  }

  async all(): Promise<BlocklistEntry[]> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM risk_blocklist ORDER BY listed_at DESC, payer_id');
    return rows.map(toEntry);
  }
}
