import { startNestService, type ServiceHandle, type ServiceOptions } from '@pl/runtime';
import { openReadModel } from './read-model/data-source';
import { ReportingModule } from './reporting.module';

/** Starts reporting on a runtime: runs the read-model migrations, then serves and projects. */
export async function startReporting(options: ServiceOptions): Promise<ServiceHandle> {
  const readModel = await openReadModel(options.runtime.databaseUrl);
  const service = await startNestService('reporting', ReportingModule.forRoot(options.runtime, readModel, options.auth), options);
  return {
    app: service.app,
    close: async () => {
      await service.close();
      await readModel.destroy();
    },
  };
}
