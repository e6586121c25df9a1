/** Who is calling, from a verified access token. */
export interface VerifiedPrincipal {
  /** `sub`. */
  readonly subject: string;
  /** `client_id` (RFC 9068), else `azp`, else the subject: the OAuth client that obtained the token. */
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** `jti`, when the issuer sets one. */
  readonly tokenId: string | undefined;
}

// A symbol, so nothing else that decorates the request (other middleware, body fields) can forge it.
const PRINCIPAL = Symbol('payment-ledger.principal');

type WithPrincipal = { [PRINCIPAL]?: VerifiedPrincipal };

export function attachPrincipal(request: object, principal: VerifiedPrincipal): void {
  (request as WithPrincipal)[PRINCIPAL] = principal;
}

/** The principal the guard verified for this request; undefined on public routes. */
export function principalOf(request: object): VerifiedPrincipal | undefined {
  return (request as WithPrincipal)[PRINCIPAL];
}
