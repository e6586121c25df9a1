// Problem bodies (RFC 9457) built here rather than with @pl/service-kit's ProblemException, because
// service-kit depends on this library (health routes are @Public). Its exception filter passes an
// HttpException whose response already has `type` and `title` through as the problem body.
const PROBLEM_BASE = 'https://payment-ledger.dev/problems/';

export interface SecurityProblem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly [member: string]: unknown;
}

export function securityProblem(status: number, slug: string, title: string, detail: string, extra: Record<string, unknown> = {}): SecurityProblem {
  return { ...extra, type: `${PROBLEM_BASE}${slug}`, title, status, detail };
}
