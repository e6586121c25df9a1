/**
 * mulberry32: a tiny seeded generator in [0, 1). The same seed gives the same sequence on every run:
 * the bank sandbox draws its latency and failure dice from it when a test sets a seed, and the test
 * data builders and the crash harness draw their payments from it.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
