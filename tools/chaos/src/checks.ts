import { foldPayment, TERMINAL_STATUSES, type PaymentStatus } from '@pl/domain';
import type { Client, Pool } from 'pg';
import { bankCharges, countEvents, trialBalance } from '../../../apps/platform/src/e2e/final-checks';
import { rebuildAndCompare } from './rebuild-check';

/** One line of the verdict: a count that must be zero, with a few examples when it is not. */
export interface Check {
  readonly name: string;
  readonly count: number;
  readonly examples: readonly string[];
}

export interface Checks {
  readonly checks: readonly Check[];
  /** Figures beside the verdict: events in the log, charges, bank faults. */
  readonly figures: Record<string, number | string>;
}

const check = (name: string, offenders: readonly string[]): Check => ({ name, count: offenders.length, examples: offenders.slice(0, 5) });

interface EventRow {
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  data: Record<string, unknown>;
  occurred_at: string;
}

interface ViewRow {
  payment_id: string;
  status: string;
  amount_minor: string;
  currency: string;
  payer_id: string;
  payee_id: string;
  order_reference: string;
  version: string;
  last_event_id: string;
  requested_at: Date;
  updated_at: Date;
}

/** Every payment stream, in revision order, from the log itself. */
async function paymentStreams(pg: Client): Promise<Map<string, EventRow[]>> {
  // Ordered by the bigint column, not the text alias of the same name ('10' sorts before '9').
  const { rows } = await pg.query<EventRow>(
    `SELECT stream_id, revision::text, event_id::text, type, data, metadata->>'occurredAt' AS occurred_at
       FROM es_events WHERE stream_id LIKE 'payment-%' ORDER BY stream_id, es_events.revision`,
  );
  const streams = new Map<string, EventRow[]>();
  for (const r of rows) {
    const id = r.stream_id.slice('payment-'.length);
    const list = streams.get(id) ?? [];
    list.push(r);
    streams.set(id, list);
  }
  return streams;
}

/** The row the read model must hold for a stream: every field from the log, the status from the domain's fold. */
function expectedRow(events: readonly EventRow[]): Record<string, string> {
  const first = events[0]!;
  const last = events.at(-1)!;
  const d = first.data as { amountMinor: string; currency: string; payerId: string; payeeId: string; orderReference: string; requestedAt: string };
  return {
    status: foldPayment(events.map((e) => ({ type: e.type, data: e.data }))).status,
    amount_minor: d.amountMinor,
    currency: d.currency,
    payer_id: d.payerId,
    payee_id: d.payeeId,
    order_reference: d.orderReference,
    version: last.revision,
    last_event_id: last.event_id,
    requested_at: new Date(d.requestedAt).toISOString(),
    updated_at: new Date(last.occurred_at).toISOString(),
  };
}

const actualRow = (v: ViewRow): Record<string, string> => ({
  status: v.status,
  amount_minor: v.amount_minor,
  currency: v.currency.trim(),
  payer_id: v.payer_id,
  payee_id: v.payee_id,
  order_reference: v.order_reference,
  version: v.version,
  last_event_id: v.last_event_id,
  requested_at: v.requested_at.toISOString(),
  updated_at: v.updated_at.toISOString(),
});

export interface CheckInputs {
  readonly pg: Client;
  readonly databaseUrl: string;
  readonly log: (line: string) => void;
  readonly acknowledged: readonly string[];
  /** Refund ids a 201 came back for. */
  readonly refunds: readonly string[];
  readonly reportingUrl: string;
  readonly sandboxUrl: string;
  readonly auth: Record<string, string>;
}

/**
 * The issue's five checks, each a count that must be zero:
 * - acknowledged payments lost: a 201 came back, and the payment has no stream or is not terminal;
 * - bank submissions duplicated: a payment charged more than once across all banks, plus the
 *   difference between the banks' charges and the PaymentAuthorized events;
 * - events duplicated: PaymentRequested more than once per idempotency key, an event id twice, or
 *   one attempt's fact (routed, submitted, failed) or the payment's outcome recorded twice in a stream;
 * - trial balance: currencies whose debits and credits differ, and clearing accounts left non-zero;
 * - read models: payments_v1 rows that differ from the row folded here from the log (the status by
 *   the domain's foldPayment), and rows of any read-model table that differ from reporting's own
 *   rebuild from the log into a fresh database (npm run rebuild-read-models).
 */
export async function runChecks(i: CheckInputs): Promise<Checks> {
  // The log and the read model from one snapshot: an event appended (and projected) between two
  // separate reads would show as a difference that is not one.
  await i.pg.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const streams = await paymentStreams(i.pg);
  const { rows: views } = await i.pg.query<ViewRow>('SELECT * FROM payments_v1');
  await i.pg.query('COMMIT');
  const status = (id: string): PaymentStatus | 'no stream' => {
    const events = streams.get(id);
    return events ? foldPayment(events.map((e) => ({ type: e.type, data: e.data }))).status : 'no stream';
  };
  const lost = i.acknowledged.filter((id) => !(TERMINAL_STATUSES as readonly string[]).includes(status(id))).map((id) => `${id}: ${status(id)}`);

  const bank = await bankCharges(i.sandboxUrl);
  const authorized = await countEvents(i.pg, 'PaymentAuthorized');
  const chargedTwice = [...bank.chargedTwice].map(([id, n]) => `${id} charged ${n} times`);
  const chargeGap = bank.charges === authorized ? [] : [`banks charged ${bank.charges}, the log has ${authorized} PaymentAuthorized`];

  const { rows: keyTwice } = await i.pg.query<{ k: string; n: number }>(
    `SELECT data->>'idempotencyKey' AS k, count(*)::int AS n FROM es_events WHERE type = 'PaymentRequested' GROUP BY 1 HAVING count(*) > 1`,
  );
  const { rows: idTwice } = await i.pg.query<{ id: string; n: number }>(`SELECT event_id::text AS id, count(*)::int AS n FROM es_events GROUP BY 1 HAVING count(*) > 1`);
  const { rows: factTwice } = await i.pg.query<{ stream_id: string; type: string; attempt: string; n: number }>(
    `SELECT stream_id, type, coalesce(data->>'attempt', '') AS attempt, count(*)::int AS n FROM es_events
      WHERE type IN ('PaymentRequested', 'PaymentRouted', 'PaymentSubmittedToBank', 'PaymentFailed', 'PaymentAuthorized', 'PaymentSettled', 'PaymentDeclined', 'PaymentExpired')
      GROUP BY 1, 2, 3 HAVING count(*) > 1`,
  );
  const duplicated = [
    ...keyTwice.map((r) => `idempotency key ${r.k}: ${r.n} PaymentRequested`),
    ...idTwice.map((r) => `event id ${r.id} ${r.n} times`),
    ...factTwice.map((r) => `${r.stream_id}: ${r.type}${r.attempt ? ` (attempt ${r.attempt})` : ''} ${r.n} times`),
  ];

  const trial = await trialBalance(i.reportingUrl, i.auth);
  const unbalanced = [
    ...trial.totals.filter((t) => t.difference !== '0').map((t) => `${t.currency}: debit ${t.debit} credit ${t.credit}`),
    ...trial.accounts.filter((a) => a.account.startsWith('assets:clearing:') && a.balance !== '0').map((a) => `${a.account} ${a.balance}`),
  ];

  const byId = new Map(views.map((v) => [v.payment_id, v]));
  const differing: string[] = [];
  for (const [id, events] of streams) {
    const view = byId.get(id);
    const expected = expectedRow(events);
    if (!view) {
      differing.push(`${id}: no row (stream at ${expected['status']} v${expected['version']})`);
      continue;
    }
    const actual = actualRow(view);
    const fields = Object.keys(expected).filter((k) => expected[k] !== actual[k]);
    if (fields.length > 0) differing.push(`${id}: ${fields.map((f) => `${f} ${actual[f]} ≠ ${expected[f]}`).join(', ')}`);
  }
  for (const v of views) if (!streams.has(v.payment_id)) differing.push(`${v.payment_id}: a row without a stream`);

  const rebuiltDiffers = await rebuildAndCompare(i.databaseUrl, i.log);

  // Refunds: every acknowledged one ended (succeeded, failed or rejected); never more back than was
  // taken; and the banks paid each at most once, as many as the log says succeeded.
  const { rows: endedRefunds } = await i.pg.query<{ id: string }>(
    `SELECT DISTINCT substr(stream_id, 8) AS id FROM es_events WHERE stream_id LIKE 'refund-%' AND type IN ('RefundSucceeded', 'RefundFailed', 'RefundRejected')`,
  );
  const ended = new Set(endedRefunds.map((r) => r.id));
  const refundsLost = i.refunds.filter((id) => !ended.has(id)).map((id) => `refund ${id} not ended`);
  const { rows: overRefunded } = await i.pg.query<{ stream_id: string; amount: string; refunded: string; held: string }>(
    `SELECT stream_id,
            max(CASE WHEN type = 'PaymentRequested' THEN (data->>'amountMinor')::numeric END)::text AS amount,
            coalesce(sum(CASE WHEN type = 'PaymentRefunded' THEN (data->>'amountMinor')::numeric END), 0)::text AS refunded,
            coalesce(sum(CASE WHEN type = 'PaymentRefundReserved' THEN (data->>'amountMinor')::numeric
                              WHEN type = 'PaymentRefundReleased' THEN -(data->>'amountMinor')::numeric END), 0)::text AS held
       FROM es_events WHERE stream_id LIKE 'payment-%' GROUP BY stream_id
     HAVING coalesce(sum(CASE WHEN type = 'PaymentRefunded' THEN (data->>'amountMinor')::numeric END), 0)
              > max(CASE WHEN type = 'PaymentRequested' THEN (data->>'amountMinor')::numeric END)
         OR coalesce(sum(CASE WHEN type = 'PaymentRefundReserved' THEN (data->>'amountMinor')::numeric
                              WHEN type = 'PaymentRefundReleased' THEN -(data->>'amountMinor')::numeric END), 0)
              > max(CASE WHEN type = 'PaymentRequested' THEN (data->>'amountMinor')::numeric END)`,
  );
  const paidTwice = [...bank.refundsPaid].filter(([, n]) => n > 1).map(([id, n]) => `refund ${id} paid ${n} times`);
  const succeeded = await countEvents(i.pg, 'RefundSucceeded');
  const paid = [...bank.refundsPaid.values()].reduce((a, n) => a + n, 0);
  const paidGap = paid === succeeded ? [] : [`banks paid ${paid} refunds, the log has ${succeeded} RefundSucceeded`];

  const { rows: types } = await i.pg.query<{ type: string; n: number }>(`SELECT type, count(*)::int AS n FROM es_events GROUP BY 1 ORDER BY 1`);
  return {
    checks: [
      check('acknowledged payments lost', lost),
      check('bank submissions duplicated', [...chargedTwice, ...chargeGap]),
      check('events duplicated', duplicated),
      check('trial balance off (per currency)', unbalanced),
      check('read-model rows ≠ fold of their stream', differing),
      check('read-model rows ≠ reporting rebuild', rebuiltDiffers),
      check('acknowledged refunds lost', refundsLost),
      check('refunded (or held) more than captured', overRefunded.map((r) => `${r.stream_id}: amount ${r.amount}, refunded ${r.refunded}, held ${r.held}`)),
      check('refunds paid twice by a bank', [...paidTwice, ...paidGap]),
    ],
    figures: {
      'payment streams': streams.size,
      'read-model rows': views.length,
      'bank charges': bank.charges,
      ...Object.fromEntries(types.map((t) => [`events ${t.type}`, t.n])),
      ...Object.fromEntries(Object.entries(bank.faults).map(([k, n]) => [`bank faults ${k}`, n])),
    },
  };
}

/** Payment and refund streams not yet terminal in the log, and payment rows the projection has not caught up with. */
export async function outstanding(pg: Pool): Promise<{ notTerminal: number; notProjected: number; byStatus: Record<string, number> }> {
  const { rows } = await pg.query<{ streams: number; terminal: number; projected: number; refunds: number; refunds_ended: number; unbooked: number }>(
    `SELECT
       (SELECT count(*)::int FROM es_streams WHERE stream_id LIKE 'payment-%' AND revision >= 0) AS streams,
       (SELECT count(DISTINCT stream_id)::int FROM es_events
         WHERE stream_id LIKE 'payment-%'
           AND (type IN ('PaymentSettled', 'PaymentDeclined', 'PaymentExpired') OR (type = 'PaymentRiskAssessed' AND data->>'decision' = 'reject'))) AS terminal,
       (SELECT count(*)::int FROM payments_v1 p JOIN es_streams s ON s.stream_id = p.stream_id WHERE p.version = s.revision) AS projected,
       (SELECT count(*)::int FROM es_streams WHERE stream_id LIKE 'refund-%' AND revision >= 0) AS refunds,
       (SELECT count(DISTINCT stream_id)::int FROM es_events
         WHERE stream_id LIKE 'refund-%' AND type IN ('RefundSucceeded', 'RefundFailed', 'RefundRejected')) AS refunds_ended,
       -- A refund's success is booked on its payment's stream afterwards (PaymentRefunded): wait for that too.
       (SELECT count(*)::int FROM es_events WHERE type = 'RefundSucceeded') - (SELECT count(*)::int FROM es_events WHERE type = 'PaymentRefunded') AS unbooked`,
  );
  const { streams, terminal, projected, refunds, refunds_ended, unbooked } = rows[0]!;
  const { rows: statuses } = await pg.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM payments_v1 GROUP BY 1');
  return { notTerminal: streams - terminal + (refunds - refunds_ended) + Math.max(0, unbooked), notProjected: streams - projected, byStatus: Object.fromEntries(statuses.map((s) => [s.status, s.n])) };
}
