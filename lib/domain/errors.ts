/** An expected refusal whose French message is shown to the user as is (ARCHITECTURE.md). */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}
