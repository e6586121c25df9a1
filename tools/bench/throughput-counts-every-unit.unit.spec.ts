import { setTimeout as sleep } from 'node:timers/promises';
import { throughput } from './bench';

describe('throughput (the event-store suite counts its events with it)', () => {
  it('counts every unit that concurrent workers report, none lost to another worker finishing meanwhile', async () => {
    let calls = 0;
    const perWorker = new Map<number, number>();
    const result = await throughput(8, 200, async (worker) => {
      calls += 1;
      perWorker.set(worker, (perWorker.get(worker) ?? 0) + 1);
      await sleep(1 + (calls % 3)); // workers finish out of step, as appends to a database do
      return 3;
    });
    expect(perWorker.size).toBe(8);
    expect(calls).toBeGreaterThan(8 * 5);
    expect(result.units).toBe(calls * 3);
    expect(result.perSecond).toBeGreaterThan(0);
  });
});
