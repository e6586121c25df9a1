import { busContract } from './contract/bus.contract';
import { InProcessBus } from './in-process-bus';

busContract('InProcessBus', async () => {
  const bus = new InProcessBus();
  return { bus, cleanup: () => bus.close() };
});
