import { openApiController } from '@pl/service-kit';
import { intakeOpenApiDocument } from './openapi.document';

export const OpenApiController = openApiController(intakeOpenApiDocument);
