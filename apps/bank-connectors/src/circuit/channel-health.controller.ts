import { Controller, Get } from '@nestjs/common';
import { RequireScopes } from '@pl/security';
import { ChannelBreakers, type ChannelHealth } from './channel-breakers';

/** What SRE watch: each channel's breaker as this connector sees it, with its last probe. */
@Controller('v1/channels')
export class ChannelHealthController {
  constructor(private readonly breakers: ChannelBreakers) {}

  @Get('health')
  @RequireScopes('payments:read')
  health(): { channels: ChannelHealth[] } {
    return { channels: this.breakers.health() };
  }
}
