import { positionToString, type Position, type RecordedEvent } from '@pl/event-store';
import { postingRowsFor, type PostingRow } from '../projections/ledger-projection';
import { applyPaymentEvent } from '../projections/payment-projection';
import { ProjectionGapError } from '../projections/projection-gap-error';
import { applyRefundEvent, refundEventFor } from '../projections/refund-projection';
import type { PaymentRefundView } from '../read-model/payment-refund-view.entity';
import type { PaymentView } from '../read-model/payment-view.entity';

const PAYMENT_STREAM = 'payment-';
const REFUND_EVENTS = new Set(['PaymentRefundReserved', 'PaymentRefundReleased', 'PaymentRefunded']);

/** What one page changed, to be written in one transaction. */
export interface PageChanges {
  readonly payments: PaymentView[];
  readonly refunds: PaymentRefundView[];
  readonly postings: PostingRow[];
  readonly applied: number;
  /** The last applied event's position ("commit/prepare"), if any event was applied. */
  readonly checkpoint?: string;
}

/**
 * The rebuild's memory: the read-model rows the log is being folded into, page by page, with the
 * very functions the live projector (PaymentProjector.handle) applies one event per transaction:
 * applyPaymentEvent, refundEventFor + applyRefundEvent, postingRowsFor, and the same revision
 * guard (a revision below the row's next is a duplicate, one beyond it a gap). Rows stay cached
 * across pages (a payment's events are spread over the log) up to a bound; rows it does not hold
 * are loaded from the read model first (`missing` says which).
 */
export class ReadModelWorkingSet {
  private readonly payments = new Map<string, PaymentView>();
  private readonly refunds = new Map<string, PaymentRefundView>();
  private dirtyPayments = new Set<string>();
  private dirtyRefunds = new Set<string>();
  private postings: PostingRow[] = [];
  private applied = 0;
  private last?: Position;
  /** Ids whose rows were dropped from memory: only these (and all, when resuming) may be in the read model. */
  private readonly evicted = new Set<string>();

  /**
   * @param maxCachedRows rows kept between pages (the oldest go first)
   * @param fromEmpty the read model was empty at the start: a row never held here does not exist there
   */
  constructor(
    private readonly maxCachedRows: number,
    private readonly fromEmpty: boolean,
  ) {}

  /** Payment and refund ids this page touches whose rows may be in the read model but are not in memory. */
  missing(page: readonly RecordedEvent[]): { paymentIds: string[]; refundIds: string[] } {
    const paymentIds = new Set<string>();
    const refundIds = new Set<string>();
    const mayBeStored = (id: string) => !this.fromEmpty || this.evicted.has(id);
    for (const event of page) {
      if (!event.streamId.startsWith(PAYMENT_STREAM)) continue;
      const paymentId = event.streamId.slice(PAYMENT_STREAM.length);
      if (!this.payments.has(paymentId) && mayBeStored(paymentId)) paymentIds.add(paymentId);
      const refundId = REFUND_EVENTS.has(event.type) ? event.data['refundId'] : undefined;
      if (typeof refundId === 'string' && !this.refunds.has(refundId) && mayBeStored(refundId)) refundIds.add(refundId);
    }
    return { paymentIds: [...paymentIds], refundIds: [...refundIds] };
  }

  /** Rows read from the read model (as they were committed by earlier pages or runs). */
  load(payments: readonly PaymentView[], refunds: readonly PaymentRefundView[]): void {
    for (const row of payments) this.payments.set(row.paymentId, row);
    for (const row of refunds) this.refunds.set(row.refundId, row);
  }

  /** One event, exactly as the live projector would apply it; events of other streams are not projected. */
  apply(event: RecordedEvent): 'applied' | 'duplicate' | 'not-projected' {
    if (!event.streamId.startsWith(PAYMENT_STREAM)) return 'not-projected';
    const paymentId = event.streamId.slice(PAYMENT_STREAM.length);
    const row = this.payments.get(paymentId) ?? null;
    const expected = row ? BigInt(row.version) + 1n : 0n;
    if (event.revision < expected) return 'duplicate';
    if (event.revision > expected) throw new ProjectionGapError(`${event.streamId}: got revision ${event.revision}, expected ${expected}`);
    const next = applyPaymentEvent(row, event);
    if (next) this.touch(this.payments, this.dirtyPayments, paymentId, next);
    const refund = refundEventFor(row, event);
    if (refund) {
      const refundId = refund.data.refundId;
      const nextRefund = applyRefundEvent(this.refunds.get(refundId) ?? null, refund, event);
      if (nextRefund) this.touch(this.refunds, this.dirtyRefunds, refundId, nextRefund);
    }
    this.postings.push(...postingRowsFor(event));
    this.applied += 1;
    this.last = event.position;
    return 'applied';
  }

  /** What changed since the last call; then the cache is trimmed to its bound (oldest touched first). */
  takeChanges(): PageChanges {
    const changes: PageChanges = {
      payments: [...this.dirtyPayments].map((id) => this.payments.get(id)!),
      refunds: [...this.dirtyRefunds].map((id) => this.refunds.get(id)!),
      postings: this.postings,
      applied: this.applied,
      ...(this.last ? { checkpoint: positionToString(this.last) } : {}),
    };
    this.dirtyPayments = new Set();
    this.dirtyRefunds = new Set();
    this.postings = [];
    this.applied = 0;
    this.last = undefined;
    this.trim(this.payments);
    this.trim(this.refunds);
    return changes;
  }

  private touch<V>(rows: Map<string, V>, dirty: Set<string>, id: string, value: V): void {
    rows.set(id, value);
    dirty.add(id);
  }

  /** Oldest first (Map order is first insertion): a payment's events are mostly close together in the log. */
  private trim<V>(rows: Map<string, V>): void {
    for (const id of rows.keys()) {
      if (rows.size <= this.maxCachedRows) return;
      rows.delete(id);
      this.evicted.add(id);
    }
  }
}
