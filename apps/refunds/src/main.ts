import './instrument';
import { runStandalone } from '@pl/runtime';
import { startRefunds } from './start';

void runStandalone('refunds', 3005, startRefunds);
