import { startNestService, type ServiceHandle, type ServiceOptions } from '@pl/runtime';
import type { Catalogue } from './catalogue/catalogue';
import { loadCatalogue } from './catalogue/load-catalogue';
import { RoutingModule } from './routing.module';

/** The catalogue defaults to ROUTING_CATALOGUE_FILE or the built-in one; an invalid file throws before anything starts. */
export const startRouting = (options: ServiceOptions, catalogue: Catalogue = loadCatalogue(process.env)): Promise<ServiceHandle> =>
  startNestService('routing', RoutingModule.forRoot(options.runtime, options.auth, catalogue), options);
