import type { Decider, DomainError } from '@pl/domain';

/**
 * Given / when / then over events for a decider (in the manner of Emmett's DeciderSpecification):
 *   spec.given([past events]).when(command).then([expected events])
 */
export function deciderSpec<S, C, E>(decider: Decider<S, C, E>) {
  return {
    given(events: readonly E[]) {
      const state = events.reduce(decider.evolve, decider.initialState());
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
              expect((caught as DomainError).code).toBe(code);
            },
          };
        },
      };
    },
  };
}
