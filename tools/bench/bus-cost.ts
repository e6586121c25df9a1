// The CPU the in-process bus costs per delivery, the way the embedded platform uses it: payment
// events (a generated lifecycle's, as toBusMessage makes them) published in runs like the relay's,
// delivered to six consumer groups that each handle several streams at a time (PER_STREAM_CONCURRENCY)
// and parse every event (fromBusMessage), as risk, routing, the connectors, reporting and intake's two
// subscribers do:
//   node -r @swc-node/register tools/bench/bus-cost.ts
// Three rounds of 6,000 payments (36,000 events, 216,000 deliveries). Figures in docs/benchmarks.md.
import { fromBusMessage, InProcessBus, PAYMENT_EVENTS_TOPIC, PER_STREAM_CONCURRENCY, toBusMessage, type OutgoingMessage } from '@pl/messaging';
import type { RecordedEvent } from '@pl/event-store';
import { paymentLifecycles } from '@pl/testing';

const PAYMENTS = 6_000;
const GROUPS = 6;
/** The relay publishes what one read of the log returned; the embedded platform's runs are short. */
const PUBLISH_RUN = 16;

function messages(): OutgoingMessage[] {
  const out: OutgoingMessage[] = [];
  let seq = 0n;
  const lifecycles = [...paymentLifecycles(PAYMENTS, 7)];
  // Interleaved as the log has them: many payments in flight, each one's events in order.
  for (let i = 0; lifecycles.some((l) => l.events.length > i); i += 1) {
    for (const lifecycle of lifecycles) {
      const event = lifecycle.events[i];
      if (!event) continue;
      seq += 1n;
      const recorded: RecordedEvent = {
        ...event,
        streamId: lifecycle.streamId,
        revision: BigInt(i),
        position: { commit: seq, prepare: seq },
        recordedAt: new Date(),
      };
      out.push(toBusMessage(recorded));
    }
  }
  return out;
}

async function round(all: readonly OutgoingMessage[]): Promise<{ cpuUs: number; deliveries: number; seconds: number }> {
  const bus = new InProcessBus();
  let deliveries = 0;
  let types = 0;
  for (let g = 0; g < GROUPS; g += 1) {
    await bus.subscribe({
      groupId: `group-${g}`,
      topics: [PAYMENT_EVENTS_TOPIC],
      concurrency: PER_STREAM_CONCURRENCY,
      handler: async (message) => {
        const event = fromBusMessage(message);
        if (event.type === 'PaymentRequested') types += 1;
        deliveries += 1;
        await Promise.resolve();
      },
    });
  }
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < all.length; i += PUBLISH_RUN) {
    await bus.publish(PAYMENT_EVENTS_TOPIC, all.slice(i, i + PUBLISH_RUN));
    // Let the consumers run between publishes, as the relay's reads of the log do.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const mark = bus.mark();
  while (!bus.handled(mark)) await new Promise((resolve) => setImmediate(resolve));
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  await bus.close();
  if (deliveries !== all.length * GROUPS || types !== PAYMENTS * GROUPS) {
    throw new Error(`expected ${all.length * GROUPS} deliveries and ${PAYMENTS * GROUPS} requests, got ${deliveries} and ${types}`);
  }
  return { cpuUs: used.user + used.system, deliveries, seconds };
}

async function main(): Promise<void> {
  const all = messages();
  console.log(`${all.length} events of ${PAYMENTS} payments, ${GROUPS} groups, runs of ${PUBLISH_RUN} published at a time`);
  for (let r = 1; r <= 3; r += 1) {
    const { cpuUs, deliveries, seconds } = await round(all);
    console.log(`round ${r}: ${(cpuUs / deliveries).toFixed(2)} µs CPU per delivery (bus, parse and handler), ${(deliveries / seconds).toFixed(0)} deliveries/s`);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
