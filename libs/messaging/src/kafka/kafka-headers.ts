import type { IHeaders } from 'kafkajs';

/** Kafka headers are bytes and may repeat; the port's are one UTF-8 string per name (the first wins). */
export function headersFromKafka(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined) out[name] = value.toString();
  }
  return out;
}
