import type { Position } from '@pl/event-store';
import { MemoryCheckpointStore } from './checkpoint-store';
import { CheckpointsAfterHandling, type HandledWatermark } from './checkpoints-after-handling';

/** A bus whose marks are publish counts and whose consumers have handled the first `upTo` messages. */
class CountingBus implements HandledWatermark<number> {
  published = 0;
  upTo = 0;
  checks = 0;
  mark(): number {
    return this.published;
  }
  handled(mark: number): boolean {
    this.checks += 1;
    return mark <= this.upTo;
  }
}

const at = (n: number): Position => ({ commit: BigInt(n), prepare: BigInt(n) });

describe('checkpoints after handling', () => {
  it.each([
    [1_000, 0],
    [1_000, 1],
    [1_000, 377],
    [1_000, 999],
    [1_000, 1_000],
    [1, 0],
    [1, 1],
  ])('given %i positions waiting and the first %i handled, when flushed, then the newest handled one is written, found in a logarithmic number of checks', async (waiting, handledUpTo) => {
    const inner = new MemoryCheckpointStore();
    const bus = new CountingBus();
    const checkpoints = new CheckpointsAfterHandling(inner, bus, 60_000);
    for (let n = 1; n <= waiting; n += 1) {
      bus.published = n;
      await checkpoints.save('relay', at(n));
    }
    bus.upTo = handledUpTo;
    await checkpoints.flush();

    expect(await inner.load('relay')).toEqual(handledUpTo === 0 ? undefined : at(handledUpTo));
    expect(bus.checks).toBeLessThanOrEqual(Math.ceil(Math.log2(waiting + 1)));

    // The rest stays waiting and is written once handled.
    bus.upTo = waiting;
    await checkpoints.close();
    expect(await inner.load('relay')).toEqual(at(waiting));
  });
});
