import './instrument';
import { runStandalone } from '@pl/runtime';
import { startIntake } from './start';

void runStandalone('intake', 3001, startIntake);
