/**
 * The one error the health engine throws for bad input. Shells (n8n nodes, portal routes) turn it into a 4xx or a
 * node error; its message names the field and the offending value so a person can fix the input.
 */
export class HealthInputError extends Error {
  override readonly name = 'HealthInputError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** Raised when a plan's content no longer matches the hash an approval names: the executor must not act. */
export class PlanIntegrityError extends Error {
  override readonly name = 'PlanIntegrityError';
}
