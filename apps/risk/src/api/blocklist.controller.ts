import { Controller, Delete, Get, HttpCode, Inject, Param, Put, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CLOCK, type Clock } from '@pl/runtime';
import { Principal, RequireScopes, type VerifiedPrincipal } from '@pl/security';
import { ProblemException, ZodBody } from '@pl/service-kit';
import { Blocklist, type BlocklistEntry } from '../store/blocklist';
import { isPayerId, listPayerSchema, type ListPayerBody } from './risk-api.schemas';

/** The blocklist, for risk staff: every payment of a listed payer is rejected. */
@Controller('v1/risk/blocklist')
export class BlocklistController {
  constructor(
    private readonly blocklist: Blocklist,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @RequireScopes('risk:manage')
  async list(): Promise<{ data: BlocklistEntry[] }> {
    return { data: await this.blocklist.all() };
  }

  /** Lists a payer (201), or replaces the reason of an existing listing (200). */
  @Put(':payerId')
  @RequireScopes('risk:manage')
  async put(
    @Param('payerId') payerId: string,
    @Principal() principal: VerifiedPrincipal,
    @ZodBody(listPayerSchema) body: ListPayerBody,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<BlocklistEntry> {
    const { entry, created } = await this.blocklist.put({
      payerId: checkedPayerId(payerId),
      reason: body.reason,
      listedAt: this.clock.now().toISOString(),
      listedBy: `user:${principal.subject}`,
    });
    res.status(created ? 201 : 200);
    return entry;
  }

  @Delete(':payerId')
  @HttpCode(204)
  @RequireScopes('risk:manage')
  async remove(@Param('payerId') payerId: string): Promise<void> {
    if (!(await this.blocklist.remove(checkedPayerId(payerId)))) {
      throw new ProblemException({ status: 404, type: 'not-found', title: 'Payer not listed', detail: `payer ${payerId} is not on the blocklist` });
    }
  }
}

function checkedPayerId(payerId: string): string {
  if (!isPayerId(payerId)) {
    throw new ProblemException({
      status: 400,
      type: 'validation-error',
      title: 'Invalid request',
      detail: 'the request path has 1 invalid field',
      extra: { errors: [{ path: 'payerId', message: 'expected a payer id of 1 to 128 characters without surrounding spaces' }] },
    });
  }
  return payerId;
}
