import './instrument';
import { runStandalone } from '@pl/runtime';
import { startRisk } from './start';

void runStandalone('risk', 3002, startRisk);
