import { HttpException } from '@nestjs/common';

/** Problem `type` URIs are stable identifiers: clients branch on them, so slugs never change meaning. */
export const PROBLEM_TYPE_BASE = 'https://payment-ledger.dev/problems/';

export const problemType = (slug: string): string => `${PROBLEM_TYPE_BASE}${slug}`;

/** An RFC 9457 body. Extension members sit beside the standard ones. */
export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly [member: string]: unknown;
}

export interface ProblemInit {
  readonly status: number;
  /** A slug such as `not-found`, `conflict`, `idempotency-key-reused`; becomes `${PROBLEM_TYPE_BASE}<slug>`. */
  readonly type: string;
  /** Short, the same for every occurrence of this type. */
  readonly title: string;
  /** This occurrence, in words a client developer can act on. Never internals. */
  readonly detail?: string;
  /** Extension members (e.g. `differingFields`, `errors`); cannot replace the standard members. */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** Response headers to send with it, such as `Retry-After` on a 503. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The body a ProblemInit describes: its extension members, then the standard ones (which they cannot replace). */
export function problemBody(init: ProblemInit): ProblemBody {
  return {
    ...init.extra,
    type: problemType(init.type),
    title: init.title,
    status: init.status,
    ...(init.detail === undefined ? {} : { detail: init.detail }),
  };
}

/** Throw this from handlers and pipes; the ProblemFilter answers it as application/problem+json. */
export class ProblemException extends HttpException {
  readonly problem: ProblemBody;
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: ProblemInit) {
    const problem = problemBody(init);
    super(problem, init.status);
    this.problem = problem;
    this.headers = init.headers ?? {};
  }
}

/** True for response bodies that already are problems (e.g. thrown by @pl/security, which cannot depend on this library). */
export function isProblemBody(value: unknown): value is ProblemBody {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate['type'] === 'string' && candidate['type'].startsWith(PROBLEM_TYPE_BASE) && typeof candidate['title'] === 'string';
}
