import './instrument';
import { runStandalone } from '@pl/runtime';
import { CatalogueError, type Catalogue } from './catalogue/catalogue';
import { loadCatalogue } from './catalogue/load-catalogue';
import { startRouting } from './start';

// The catalogue is configuration: a bad file stops start-up with its problems listed, before any port opens.
let catalogue: Catalogue;
try {
  catalogue = loadCatalogue(process.env);
} catch (error) {
  if (!(error instanceof CatalogueError)) throw error;
  process.stderr.write(`routing: Invalid configuration:\n${error.message}\n`);
  process.exit(1);
}

void runStandalone('routing', 3003, (options) => startRouting(options, catalogue));
