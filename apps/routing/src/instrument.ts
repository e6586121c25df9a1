// Loaded first by main.ts: the OpenTelemetry SDK starts before anything else in the process.
import { startTelemetry } from '@pl/telemetry';

startTelemetry({ serviceName: 'routing' });
