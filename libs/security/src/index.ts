export { authOptionsFromEnv, devIssuerRequested, type AuthOptions, type JwksSource } from './auth-options';
export { AuthGuard, TOKEN_VERIFIER } from './auth.guard';
export { createDevIssuer, type DevIssuer } from './dev-issuer';
export { Principal, Public, RequireScopes, RequireSignature, policyOf, PUBLIC_METADATA, SCOPES_METADATA, SIGNATURE_METADATA, type RoutePolicy } from './policy';
export { principalOf, type VerifiedPrincipal } from './principal';
export { unverifiedClientId } from './unverified-client';
export { listRoutePolicies, type RoutePolicyEntry } from './route-policies';
export { AUTH_OPTIONS, SecurityModule } from './security.module';
export {
  ALLOWED_ALGORITHMS,
  createTokenVerifier,
  verifyEachTime,
  InvalidTokenError,
  KeySourceUnavailableError,
  scopesOf,
  type FreshVerification,
  type TokenVerifier,
} from './token-verifier';
