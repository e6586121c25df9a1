// Loaded first by main.ts: the OpenTelemetry SDK starts before anything else in the process, so
// the relay's publish spans join the traces that the event metadata carries.
import { startTelemetry } from '@pl/telemetry';

startTelemetry({ serviceName: 'relay' });
