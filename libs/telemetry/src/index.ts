export { startTelemetry, currentTelemetry, type Telemetry, type TelemetryOptions } from './start-telemetry';
export {
  contextFromCarrier,
  recordError,
  SERVICE_ATTRIBUTE,
  traceCarrier,
  tracer,
  withSpan,
  withSpanEach,
  type TraceCarrier,
  type CarrierLike,
  type WithSpanOptions,
} from './spans';
