import { Controller, Get, Header, type Type } from '@nestjs/common';
import { Public } from '@pl/security';
import { z } from 'zod';

/** JSON Schema of a zod schema, as a client must send it: the same object the API validates with. */
export function requestJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
}

/** The RFC 9457 problem body every service answers errors with. */
export const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: { type: { type: 'string', format: 'uri' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' } },
};

export const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

/** The frame of every service's OpenAPI 3.1 document: bearer tokens with scopes, the Problem schema. */
export function openApiDocument(info: { title: string; description: string }, schemas: Record<string, unknown>, paths: Record<string, unknown>) {
  return {
    openapi: '3.1.0',
    info: { ...info, version: '1' },
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'OAuth2 client-credentials access token with scopes' } },
      schemas: { ...schemas, Problem: PROBLEM_SCHEMA },
    },
    paths,
  };
}

/** `GET /openapi.json`, public like any API reference: it describes the API, it serves no data. */
export function openApiController(document: () => object): Type {
  @Controller()
  class OpenApiController {
    private readonly document = document();

    @Get('openapi.json')
    @Public()
    @Header('Cache-Control', 'public, max-age=300')
    openapi() {
      return this.document;
    }
  }
  return OpenApiController;
}
