import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { BankChannelSchema, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '@pl/bank-protocol';
import { CLOCK, type Clock } from '@pl/runtime';
import { ProblemException } from '@pl/service-kit';
import { CONNECTORS_CONFIG, type ConnectorsConfig } from '../config';
import { ConnectorStore } from '../payments/connector-store';

interface SignedRequest {
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Kept by the service bootstrap (`rawBody: true`): the HMAC covers these exact bytes. */
  readonly rawBody?: Buffer;
}

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(',') : value);

/**
 * Bank callbacks are authenticated by the bank's HMAC, not by our tokens: the channel's secrets (two
 * during a rotation), 5 minutes' tolerance, constant-time compare (verifySignature). A forged or
 * stale callback is refused with 401 and recorded, hashed, for the security team.
 */
@Injectable()
export class CallbackSignatureGuard implements CanActivate {
  private readonly logger = new Logger('bank-connectors callbacks');

  constructor(
    @Inject(CONNECTORS_CONFIG) private readonly config: ConnectorsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly store: ConnectorStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<SignedRequest>();
    const channel = BankChannelSchema.safeParse(request.params['channel']);
    if (!channel.success) {
      throw new ProblemException({ status: 404, type: 'not-found', title: 'Not Found', detail: `no such channel: ${request.params['channel'] ?? ''}` });
    }
    const rawBody = request.rawBody ?? Buffer.alloc(0);
    const now = this.clock.now();
    const result = verifySignature({
      secrets: this.config.secrets[channel.data],
      timestamp: single(request.headers[TIMESTAMP_HEADER]),
      signatureHeader: single(request.headers[SIGNATURE_HEADER]),
      rawBody,
      now,
    });
    if (result.ok) return true;
    const bodySha256 = createHash('sha256').update(rawBody).digest('hex');
    this.logger.warn(`rejected a ${channel.data} callback: signature ${result.reason} (body sha256 ${bodySha256})`);
    await this.store.recordRejectedCallback({ channel: channel.data, reason: result.reason, receivedAt: now, bodySha256 });
    throw new ProblemException({
      status: 401,
      type: 'invalid-signature',
      title: 'Invalid signature',
      detail: `the callback signature is ${result.reason}`,
      extra: { reason: result.reason },
    });
  }
}
