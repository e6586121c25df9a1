import { widenXid } from './visibility';

describe('widening a 32-bit backend_xid against the snapshot xmax (xid8)', () => {
  it('places an id below xmax in the same epoch', () => {
    expect(widenXid(990n, 1000n)).toBe(990n);
  });

  it('ignores an id at or after xmax: handed out after the snapshot, it cannot lower the bound', () => {
    expect(widenXid(1000n, 1000n)).toBeUndefined();
    expect(widenXid(1005n, 1000n)).toBeUndefined();
  });

  it('places an id from the previous epoch just before a wraparound', () => {
    const xmax = (1n << 32n) + 5n; // epoch 1, low bits 5
    expect(widenXid((1n << 32n) - 10n, xmax)).toBe((1n << 32n) - 10n);
  });

  it('keeps the epoch of a later xmax', () => {
    const xmax = (7n << 32n) + 1_000n;
    expect(widenXid(400n, xmax)).toBe((7n << 32n) + 400n);
  });
});
