import { isDomainError, type DomainError } from "../../server/services/errors";

/** The DomainError a service refused with; fails the test if it did not refuse (or threw something else). */
export async function domainRefusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}
