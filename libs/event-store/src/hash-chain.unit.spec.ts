import fc from 'fast-check';
import { someEvents } from './contract/fixtures';
import { buildEvents } from './event-metadata';
import { canonicalJson, GENESIS_HASH, verifyChain } from './hash-chain';
import type { JsonObject, RecordedEvent } from './port';

const context = { correlationId: 'c', causationId: 'cause', actor: 'test', occurredAt: '2026-11-22T10:00:00.000Z' };

const recorded = (streamId: string, count: number): RecordedEvent[] =>
  someEvents(streamId, count).map((e, i) => ({ ...e, streamId, revision: BigInt(i), position: { commit: 1n, prepare: BigInt(i) }, recordedAt: new Date(0) }));

describe('the per-stream hash chain', () => {
  it('encodes canonically: key order and whitespace do not matter', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('refuses bigint, which JSON cannot carry', () => {
    expect(() => canonicalJson({ amount: 1n })).toThrow(/bigint/);
  });

  it('verifies an untouched stream, starting from the genesis hash', () => {
    const events = recorded('payment-1', 4);
    expect(events[0]!.metadata.prevHash).toBe(GENESIS_HASH);
    expect(verifyChain(events)).toEqual({ ok: true, count: 4 });
  });

  it('names the revision whose data was edited', () => {
    const events = recorded('payment-1', 4);
    const edited = events.map((e, i) => (i === 2 ? { ...e, data: { ...e.data, n: 99 } } : e));
    expect(verifyChain(edited)).toMatchObject({ ok: false, revision: 2n, reason: expect.stringMatching(/altered/) });
  });

  it('detects an edited type or metadata field', () => {
    const events = recorded('payment-1', 2);
    expect(verifyChain([{ ...events[0]!, type: 'Other' }, events[1]!])).toMatchObject({ ok: false, revision: 0n });
    expect(verifyChain([{ ...events[0]!, metadata: { ...events[0]!.metadata, actor: 'mallory' } }, events[1]!])).toMatchObject({ ok: false, revision: 0n });
  });

  it('detects a deleted event', () => {
    const events = recorded('payment-1', 4);
    expect(verifyChain([events[0]!, events[1]!, events[3]!])).toMatchObject({ ok: false, revision: 2n, reason: expect.stringMatching(/missing/) });
  });

  it('detects reordering even when revisions are renumbered to hide it', () => {
    const events = recorded('payment-1', 3);
    const swapped = [events[0]!, { ...events[2]!, revision: 1n }, { ...events[1]!, revision: 2n }];
    expect(verifyChain(swapped)).toMatchObject({ ok: false, revision: 1n });
  });

  it('detects an event moved in from another stream', () => {
    const mine = recorded('payment-1', 2);
    const theirs = recorded('payment-2', 2);
    expect(verifyChain([mine[0]!, theirs[1]!])).toMatchObject({ ok: false, revision: 1n });
  });
});

describe('the hash chain, for any data (property-based)', () => {
  const jsonObject = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }) as fc.Arbitrary<JsonObject>;
  const streamOf = (data: JsonObject[]): RecordedEvent[] =>
    buildEvents('payment-p', undefined, data.map((d) => ({ type: 'T', data: d })), context).map((e, i) => ({
      ...e,
      streamId: 'payment-p',
      revision: BigInt(i),
      position: { commit: 1n, prepare: BigInt(i) },
      recordedAt: new Date(0),
    }));

  it('verifies every untouched stream and names the first edited revision', () => {
    fc.assert(
      fc.property(fc.array(jsonObject, { minLength: 1, maxLength: 6 }), fc.nat(), jsonObject, (data, at, replacement) => {
        const events = streamOf(data);
        expect(verifyChain(events)).toEqual({ ok: true, count: events.length });
        const i = at % events.length;
        fc.pre(canonicalJson(replacement) !== canonicalJson(events[i]!.data));
        const edited = events.map((e, j) => (j === i ? { ...e, data: replacement } : e));
        expect(verifyChain(edited)).toMatchObject({ ok: false, revision: BigInt(i) });
      }),
      { numRuns: 200 },
    );
  });

  it('encodes the same value the same way whatever the key order', () => {
    const reversed = (v: unknown): unknown =>
      v === null || typeof v !== 'object' ? v : Array.isArray(v) ? v.map(reversed) : Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)]));
    fc.assert(fc.property(fc.jsonValue(), (v) => canonicalJson(reversed(v)) === canonicalJson(v)));
  });
});
