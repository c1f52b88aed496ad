/** A plan file that cannot be read: `reason` is one Vietnamese line for the user. */
export class PlanFileError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "PlanFileError";
  }
}
