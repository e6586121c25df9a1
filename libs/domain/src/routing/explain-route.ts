import { formatMajor } from '../money';
import type { RoutablePayment } from './channel-profile';
import type { Candidate, Ranking } from './rank-channels';

const pts = (n: number): string => `${n.toFixed(1)} pts`;
const pct = (n: number): string => `${(n * 100).toFixed(1)} %`;

/**
 * One line per part of a candidate's score:
 *   "success rate 95.0 % over 0 outcomes (neutral prior): 475.0 pts"
 *   "latency 1000 ms (neutral prior): 125.0 pts"
 *   "effective rate 0.3800 % (fee 0.48 CNY on 125.50 CNY): 181.2 pts"
 *   "operator weight x1.00"
 */
export function candidateReasons(c: Omit<Candidate, 'reasons'>, samples: number, payment: RoutablePayment): string[] {
  const m = (n: bigint): string => `${formatMajor({ amountMinor: n, currency: payment.amount.currency })} ${payment.amount.currency}`;
  const prior = samples === 0 ? ' (neutral prior)' : '';
  const latencyPrior = c.stats.authorized === 0 ? ' (neutral prior)' : '';
  return [
    `success rate ${pct(c.stats.successRate)} over ${samples} outcome${samples === 1 ? '' : 's'}${prior}: ${pts(c.parts.success)}`,
    `latency ${Math.round(c.stats.latencyMs)} ms${latencyPrior}: ${pts(c.parts.latency)}`,
    `effective rate ${c.effectiveRateDisplay} (fee ${m(c.feeMinor)} on ${m(payment.amount.amountMinor)}): ${pts(c.parts.cost)}`,
    `operator weight x${c.parts.weight.toFixed(2)}`,
  ];
}

/** Runners-up named in a route's explanation: enough to show the backup paths, short enough to read. */
const RUNNERS_UP = 3;

/**
 * The `why` of a PaymentRouted event for the ranking's first candidate:
 *   "route ALIPAY (attempt 1): score 781.2, best of 3 candidates, 2 backups left"
 *   ...the four lines of candidateReasons...
 *   "runners-up: WECHAT_PAY 781.2, UNIONPAY 703.1"            (or "runners-up: none")
 *   "excluded: ICBC (method), SPDB (region+method)"            (only when some were)
 * Exclusion codes are those of EXCLUSION_CODES, joined by '+'.
 */
export function explainRoute(ranking: Ranking, attempt: number): string[] {
  const [chosen, ...rest] = ranking.candidates;
  if (!chosen) return [`no channel can carry this payment (attempt ${attempt})`, excludedLine(ranking)];
  const backups = rest.length;
  const lines = [
    `route ${chosen.channel} (attempt ${attempt}): score ${chosen.score.toFixed(1)}, best of ${ranking.candidates.length} candidate${ranking.candidates.length === 1 ? '' : 's'}, ${backups} backup${backups === 1 ? '' : 's'} left`,
    ...chosen.reasons,
    `runners-up: ${rest.length === 0 ? 'none' : rest.slice(0, RUNNERS_UP).map((c) => `${c.channel} ${c.score.toFixed(1)}`).join(', ')}`,
  ];
  if (ranking.excluded.length > 0) lines.push(excludedLine(ranking));
  return lines;
}

function excludedLine(ranking: Ranking): string {
  if (ranking.excluded.length === 0) return 'excluded: none';
  return `excluded: ${ranking.excluded.map((e) => `${e.channel} (${e.reasons.map((r) => r.code).join('+')})`).join(', ')}`;
}
