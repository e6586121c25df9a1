/**
 * Messages are string-literal unions. Data is plain JSON (money travels as strings of digits),
 * so an event read back from any store or topic is the same value that was appended.
 */
export type Event<Type extends string, Data extends Record<string, unknown>> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

export type Command<Type extends string, Data extends Record<string, unknown>> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

/** A decider: the whole behaviour of an aggregate as three pure functions. */
export interface Decider<State, Cmd, Evt> {
  initialState(): State;
  decide(command: Cmd, state: State): Evt[];
  evolve(state: State, event: Evt): State;
}

/** A business rule said no. `code` is stable and machine-readable; services map it to a 4xx. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
