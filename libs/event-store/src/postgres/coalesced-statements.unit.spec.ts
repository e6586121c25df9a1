import { CoalescedStatements } from './coalesced-statements';

/** A `run` whose statements the test finishes by hand. */
function controlled<T>() {
  const statements: { calls: readonly T[]; finish: (error?: Error) => void }[] = [];
  const run = (calls: readonly T[]) =>
    new Promise<readonly string[]>((resolve, reject) => {
      statements.push({ calls, finish: (error) => (error ? reject(error) : resolve(calls.map((c) => `done ${String(c)}`))) });
    });
  return { statements, run };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesced statements', () => {
  it('sends a lone call at once, alone, and calls made in one tick together, in order', async () => {
    const { statements, run } = controlled<number>();
    const coalesced = new CoalescedStatements(run, { maxInFlight: 2, maxCalls: 100 });

    const lone = coalesced.call(1);
    await tick();
    expect(statements.map((s) => s.calls)).toEqual([[1]]);
    statements[0]!.finish();
    await expect(lone).resolves.toBe('done 1');

    const together = [coalesced.call(2), coalesced.call(3), coalesced.call(4)];
    await tick();
    // Two free slots: the three are shared between them, in the order they were made.
    expect(statements.slice(1).map((s) => s.calls)).toEqual([[2, 3], [4]]);
    for (const s of statements.slice(1)) s.finish();
    await expect(Promise.all(together)).resolves.toEqual(['done 2', 'done 3', 'done 4']);
  });

  it('holds the calls made while every slot is busy, and sends them together when one frees', async () => {
    const { statements, run } = controlled<string>();
    const coalesced = new CoalescedStatements(run, { maxInFlight: 1, maxCalls: 100 });
    const settled: string[] = [];
    const first = coalesced.call('a').then((r) => settled.push(r));
    await tick();
    const waiting = ['b', 'c', 'd'].map((c) => coalesced.call(c).then((r) => settled.push(r)));
    await tick();
    expect(statements.map((s) => s.calls)).toEqual([['a']]);
    // Nothing resolves before its own statement is done.
    expect(settled).toEqual([]);

    statements[0]!.finish();
    await first;
    await tick();
    expect(statements.map((s) => s.calls)).toEqual([['a'], ['b', 'c', 'd']]);
    expect(settled).toEqual(['done a']);
    statements[1]!.finish();
    await Promise.all(waiting);
    expect(settled).toEqual(['done a', 'done b', 'done c', 'done d']);
  });

  it('puts at most maxCalls calls in one statement', async () => {
    const { statements, run } = controlled<number>();
    const coalesced = new CoalescedStatements(run, { maxInFlight: 1, maxCalls: 2 });
    const all = [1, 2, 3, 4, 5].map((n) => coalesced.call(n));
    for (let i = 0; i < 3; i += 1) {
      await tick();
      statements[i]!.finish();
    }
    await expect(Promise.all(all)).resolves.toHaveLength(5);
    expect(statements.map((s) => s.calls)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('puts at most maxWeight in one statement, and a heavier call alone', async () => {
    const { statements, run } = controlled<number>();
    const coalesced = new CoalescedStatements(run, { maxInFlight: 1, maxCalls: 100, maxWeight: 10, weigh: (n: number) => n });
    const all = [4, 5, 2, 12, 3].map((n) => coalesced.call(n));
    for (let i = 0; i < 4; i += 1) {
      await tick();
      statements[i]!.finish();
    }
    await expect(Promise.all(all)).resolves.toHaveLength(5);
    expect(statements.map((s) => s.calls)).toEqual([[4, 5], [2], [12], [3]]);
  });

  it("fails every call of a failed statement with its error, and only those", async () => {
    const { statements, run } = controlled<number>();
    const coalesced = new CoalescedStatements(run, { maxInFlight: 1, maxCalls: 100 });
    const failed = [coalesced.call(1), coalesced.call(2)];
    await tick();
    const later = coalesced.call(3);
    statements[0]!.finish(new Error('connection lost'));
    await expect(failed[0]).rejects.toThrow('connection lost');
    await expect(failed[1]).rejects.toThrow('connection lost');
    await tick();
    statements[1]!.finish();
    await expect(later).resolves.toBe('done 3');
  });

  it('fails the calls when the statement returns a result count that does not match', async () => {
    const coalesced = new CoalescedStatements<number, string>(async () => ['only one'], { maxInFlight: 1, maxCalls: 100 });
    const calls = [coalesced.call(1), coalesced.call(2)];
    await expect(calls[0]).rejects.toThrow('returned 1 results for 2 calls');
    await expect(calls[1]).rejects.toThrow('returned 1 results for 2 calls');
  });
});
