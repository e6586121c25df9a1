/** Structurally the domain's Decider: the testing library must not depend on the domain it tests. */
export interface DeciderLike<S, C, E> {
  initialState(): S;
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
}

/**
 * Given / when / then over events for a decider (in the manner of Emmett's DeciderSpecification):
 *   spec.given([past events]).when(command).then([expected events])
 */
export function deciderSpec<S, C, E>(decider: DeciderLike<S, C, E>) {
  return {
    given(events: readonly E[]) {
      const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
      return {
        when(command: C) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: readonly E[]): void {
              expect(run()).toEqual(expected);
            },
            thenNothingHappens(): void {
              expect(run()).toEqual([]);
            },
            thenFails(code: string): void {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeDefined();
              expect((caught as { code?: unknown }).code).toBe(code);
            },
          };
        },
      };
    },
  };
}
