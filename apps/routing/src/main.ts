import './instrument';
import { runStandalone } from '@pl/runtime';
import { startRouting } from './start';

void runStandalone('routing', 3003, startRouting);
