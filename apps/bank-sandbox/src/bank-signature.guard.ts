import { Inject, Injectable, type CanActivate, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import { BankChannelSchema, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature, type BankChannel } from '@pl/bank-protocol';
import { ProblemException } from '@pl/service-kit';
import { SANDBOX_STATE, type SandboxState } from './sandbox-state';

interface SignedRequest {
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Set by Nest (`rawBody: true`) when a body was parsed; absent on GET. */
  readonly rawBody?: Buffer;
}

/** Channel names in paths; an unknown one is a 404, as a bank we do not have would be. */
export function parseChannel(value: string | undefined): BankChannel {
  const parsed = BankChannelSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ProblemException({ status: 404, type: 'not-found', title: 'Not Found', detail: `no such channel: ${value ?? ''}` });
}

export class ChannelPipe implements PipeTransform<string, BankChannel> {
  transform(value: string): BankChannel {
    return parseChannel(value);
  }
}

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(',') : value);

/**
 * Banks authenticate callers by HMAC, not by our JWTs: every request on /banks/:channel must be signed
 * with that channel's secret (or the previous one during a rotation) over the exact bytes received.
 * A request without a body is signed over the empty string.
 */
@Injectable()
export class BankSignatureGuard implements CanActivate {
  constructor(@Inject(SANDBOX_STATE) private readonly state: SandboxState) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<SignedRequest>();
    const channel = parseChannel(request.params['channel']);
    const result = verifySignature({
      secrets: this.state.secretsOf(channel),
      timestamp: single(request.headers[TIMESTAMP_HEADER]),
      signatureHeader: single(request.headers[SIGNATURE_HEADER]),
      rawBody: request.rawBody ?? '',
      now: this.state.now(),
    });
    if (result.ok) return true;
    throw new ProblemException({
      status: 401,
      type: 'invalid-signature',
      title: 'Invalid signature',
      detail: `the request signature is ${result.reason}`,
      extra: { reason: result.reason },
    });
  }
}
