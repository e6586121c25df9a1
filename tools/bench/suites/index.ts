import type { BenchSuite } from '../bench';
import { decisionsSuite } from './decisions';
import { eventStoreSuite } from './event-store';
import { rebuildSuite } from './rebuild';
import { intakeSuite } from './intake';
import { endToEndSuite } from './end-to-end';

/** Every suite `npm run bench` knows, in the order it runs them (`--only` picks some). */
export const SUITES: readonly BenchSuite[] = [
  eventStoreSuite,
  decisionsSuite,
  rebuildSuite,
  intakeSuite,
  endToEndSuite,
];
