import { decodeJwt } from 'jose';
import { bearerToken } from './bearer-token';
import { clientIdOf } from './token-verifier';

/**
 * The client an `Authorization` header's token claims to be, read WITHOUT checking its signature.
 * Never an access decision: only a hint that decides whether a request deserves the full path
 * (which verifies the token) or can be refused cheaply, as load shedding does before the guard. A
 * forged claim gains nothing there: it only sends the request on to the verification.
 */
export function unverifiedClientId(authorization: string | string[] | undefined): string | undefined {
  const token = bearerToken(authorization);
  if (token === undefined) return undefined;
  try {
    const clientId = clientIdOf(decodeJwt(token));
    return clientId === '' ? undefined : clientId;
  } catch {
    return undefined;
  }
}
