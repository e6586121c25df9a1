import './instrument';
import { runStandalone } from '@pl/runtime';
import { startReporting } from './start';

void runStandalone('reporting', 3006, startReporting);
