import type { FastifyReply } from 'fastify';
import {
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { bearerToken } from './bearer-token';
import { attachPrincipal } from './principal';
import { policyOf } from './policy';
import { securityProblem } from './problems';
import { InvalidTokenError, KeySourceUnavailableError, type TokenVerifier } from './token-verifier';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

interface HttpRequestLike {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Deny by default: every HTTP route must declare @RequireScopes(...) or @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(@Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    // Only HTTP is guarded here; bus messages are not Nest transports in this project.
    if (ctx.getType() !== 'http') return true;
    const policy = policyOf(ctx.getHandler(), ctx.getClass());
    // Public, or signed: the route's own signature guard (installed by @RequireSignature) decides.
    if (policy === 'public' || (typeof policy === 'object' && 'signature' in policy)) return true;
    if (policy === 'none') {
      // A programming error, answered as a denial (never a 500) and logged loudly; tests enumerate these.
      this.logger.error(`${ctx.getClass().name}.${ctx.getHandler().name} declares no access policy (@RequireScopes or @Public): denied`);
      throw new ForbiddenException(securityProblem(403, 'forbidden', 'Forbidden', 'this route declares no access policy, so it is closed'));
    }
    const request = ctx.switchToHttp().getRequest<HttpRequestLike>();
    const response = ctx.switchToHttp().getResponse<FastifyReply>();
    const token = bearerToken(request.headers['authorization']);
    if (token === undefined) {
      // RFC 6750 §3.1: a request without credentials gets the challenge but no error code.
      response.header('WWW-Authenticate', 'Bearer realm="payment-ledger"');
      throw new UnauthorizedException(securityProblem(401, 'unauthorized', 'Unauthorized', 'send an access token: Authorization: Bearer <token>'));
    }
    let principal;
    try {
      principal = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        response.header('WWW-Authenticate', `Bearer realm="payment-ledger", error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"`);
        throw new UnauthorizedException(securityProblem(401, 'unauthorized', 'Unauthorized', error.message));
      }
      if (error instanceof KeySourceUnavailableError) {
        this.logger.error(error.message);
        throw new ServiceUnavailableException(
          securityProblem(503, 'service-unavailable', 'Service Unavailable', 'access tokens cannot be verified right now; retry later'),
        );
      }
      throw error;
    }
    const required = 'scopes' in policy ? policy.scopes : [];
    const missing = required.filter((scope) => !principal.scopes.includes(scope));
    if (missing.length > 0) {
      response.header('WWW-Authenticate', `Bearer realm="payment-ledger", error="insufficient_scope", scope="${required.join(' ')}"`);
      throw new ForbiddenException(
        securityProblem(403, 'forbidden', 'Forbidden', `the access token lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, {
          missingScopes: missing,
        }),
      );
    }
    attachPrincipal(request, principal);
    return true;
  }
}
