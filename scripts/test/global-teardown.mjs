export default async function globalTeardown() {
  const stops = globalThis.__PL_TEST_INFRA_STOP__ ?? [];
  for (const stop of stops.reverse()) await stop();
}
