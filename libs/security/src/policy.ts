import { applyDecorators, createParamDecorator, SetMetadata, UseGuards, type CanActivate, type ExecutionContext, type Type } from '@nestjs/common';
import { principalOf, type VerifiedPrincipal } from './principal';

export const SCOPES_METADATA = 'pl:security:scopes';
export const PUBLIC_METADATA = 'pl:security:public';
export const SIGNATURE_METADATA = 'pl:security:signature';

/**
 * What a route demands: a bearer token with these scopes (all of them), a request signature
 * checked by the route's own guard (bank callbacks and bank APIs), nothing (public), or it forgot
 * to say ('none': denied).
 */
export type RoutePolicy = { readonly scopes: readonly string[] } | { readonly signature: string } | 'public' | 'none';

/** The caller's token must carry every one of these scopes. On a controller, applies to each route without its own policy. */
export const RequireScopes = (...scopes: [string, ...string[]]) => SetMetadata(SCOPES_METADATA, scopes);

/** No token needed. Only for health / liveness and API docs: the route-policy check lists every public route. */
export const Public = () => SetMetadata(PUBLIC_METADATA, true);

/**
 * Authenticated by a request signature (e.g. HMAC from a bank) instead of a bearer token. The
 * decorator installs the guard that verifies it, so a route cannot claim a signature it does not check.
 */
export const RequireSignature = (scheme: string, guard: Type<CanActivate>) => applyDecorators(SetMetadata(SIGNATURE_METADATA, scheme), UseGuards(guard));

/**
 * The route's policy. A method's own declaration wins over its controller's; on one target, scopes win
 * over @Public (the stricter reading of a contradiction). Used by the guard and by `listRoutePolicies`,
 * so what is reported is what is enforced.
 */
export function policyOf(handler: object, controller: object): RoutePolicy {
  return declaredOn(handler) ?? declaredOn(controller) ?? 'none';
}

function declaredOn(target: object): RoutePolicy | undefined {
  const scopes: unknown = Reflect.getMetadata(SCOPES_METADATA, target);
  if (Array.isArray(scopes) && scopes.length > 0) return { scopes: scopes.map(String) };
  const signature: unknown = Reflect.getMetadata(SIGNATURE_METADATA, target);
  if (typeof signature === 'string') return { signature };
  return Reflect.getMetadata(PUBLIC_METADATA, target) === true ? 'public' : undefined;
}

/** The verified caller of this request (set by the guard; undefined on @Public routes). */
export const Principal = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): VerifiedPrincipal | undefined => principalOf(ctx.switchToHttp().getRequest<object>()),
);
