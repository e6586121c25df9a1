import './instrument';
import { runStandalone } from '@pl/runtime';
import { startBankConnectors } from './start';

void runStandalone('bank-connectors', 3004, startBankConnectors);
