/**
 * Key → partition, stable across processes and runs (FNV-1a, 32 bit). Kafka's default partitioner
 * uses murmur2; only stability matters here, since in-process partitions never meet Kafka's.
 */
export function partitionFor(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
