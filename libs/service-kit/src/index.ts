export { bootstrapService, configureApp, createHttpApp, DEFAULT_BODY_LIMIT, type HttpAppOptions, type BootstrapOptions, type ConfigureOptions, type BeforeRoutingHandler } from './bootstrap';
export { HealthController, HealthModule, type HealthCheck, type HealthOptions } from './health.module';
export { httpTracingHooks } from './http-tracing.hooks';
export { isProblemBody, PROBLEM_TYPE_BASE, problemBody, ProblemException, problemType, type ProblemBody, type ProblemInit } from './problem';
export { ProblemFilter, sendProblem, toProblem } from './problem.filter';
export { findLooseObject, ZodBody, ZodValidationPipe, type FieldError } from './zod-validation.pipe';
export { IDEMPOTENCY_KEY, requireIdempotencyKey } from './idempotency-key';
export { openApiController, openApiDocument, PROBLEM_SCHEMA, problemResponse, requestJsonSchema } from './openapi';
export { httpCall, type HttpAnswer, type HttpCall } from './http-client';
