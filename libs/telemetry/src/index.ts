export { startTelemetry, currentTelemetry, type Telemetry, type TelemetryOptions } from './start-telemetry';
export {
  contextFromCarrier,
  recordError,
  SERVICE_ATTRIBUTE,
  traceCarrier,
  tracer,
  withSpan,
  type TraceCarrier,
  type CarrierLike,
  type WithSpanOptions,
} from './spans';
