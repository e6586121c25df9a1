import type { BankChannel } from '@pl/bank-protocol';
import { ProblemException } from '@pl/service-kit';
import { Behaviours } from './behaviour';
import { CallbackSender } from './callback-sender';
import type { SandboxJournal } from './journal';
import { SimulatedLedger } from './ledger';
import { Timers } from './timers';

export const SANDBOX_STATE = Symbol('SANDBOX_STATE');

/**
 * Everything the sandbox knows, shared by its controllers: in memory, and its books also in a
 * journal when it has one. Built by `startBankSandbox` so in-process tests can reach it directly (and
 * so closing the app cancels its timers).
 */
export class SandboxState {
  readonly behaviours = new Behaviours();
  readonly ledger: SimulatedLedger;
  readonly timers = new Timers();
  readonly callbacks: CallbackSender;

  constructor(
    readonly now: () => Date = () => new Date(),
    journal?: SandboxJournal,
  ) {
    this.ledger = new SimulatedLedger(journal);
    this.callbacks = new CallbackSender(this.behaviours, this.ledger, this.timers, now);
  }

  /** Back to a fresh bank: default behaviour, empty books, zeroed stats. Scheduled callbacks still go out. */
  reset(): void {
    this.behaviours.reset();
    this.ledger.reset();
  }

  /** The secrets a request on this channel may be signed with (current, then previous during a rotation). */
  secretsOf(channel: BankChannel): string[] {
    const { secret, previousSecret } = this.behaviours.get(channel);
    return previousSecret === null ? [secret] : [secret, previousSecret];
  }

  /**
   * Runs `work` the way a flaky bank would: after the channel's latency; sometimes not at all (HTTP 500,
   * nothing recorded); sometimes processed but answered only after `timeoutMs`, i.e. after the client
   * has given up — the case that makes idempotent retries necessary.
   */
  async withFaults<T>(channel: BankChannel, work: () => T): Promise<T> {
    const behaviour = this.behaviours.get(channel);
    await this.timers.sleep(this.behaviours.latencyMs(channel));
    const stats = this.ledger.statsOf(channel);
    if (this.behaviours.roll(channel, behaviour.errorRate)) {
      stats.errors += 1;
      throw new ProblemException({ status: 500, type: 'bank-error', title: 'Bank error', detail: `${channel} failed to process the request (simulated)` });
    }
    const timesOut = this.behaviours.roll(channel, behaviour.timeoutRate);
    const result = work();
    // Nothing is answered before it is written: what the client hears, the bank still knows after a restart.
    await this.ledger.durable().catch((error: unknown) => {
      throw new ProblemException({ status: 500, type: 'bank-error', title: 'Bank error', detail: `${channel} processed the request but could not confirm it (${error instanceof Error ? error.message : String(error)})` });
    });
    if (timesOut) {
      stats.timeouts += 1;
      await this.timers.sleep(behaviour.timeoutMs);
    }
    return result;
  }

  async close(): Promise<void> {
    this.timers.close();
    await this.callbacks.idle();
  }
}
