import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '@pl/security';
import { intakeOpenApiDocument } from './openapi.document';

@Controller()
export class OpenApiController {
  private readonly document = intakeOpenApiDocument();

  /** Public like any API reference: it describes the API, it serves no data. */
  @Get('openapi.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  openapi() {
    return this.document;
  }
}
