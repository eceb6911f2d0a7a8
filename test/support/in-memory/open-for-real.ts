import { openGrant } from "../../../src/app/jobs/open-grant.js";
import type { Grant } from "../../../src/domain/grant/grant.js";
import type { Harness } from "./make-deps.js";

/** Stores an approved grant and opens it through the open job and the reconcile passes, as in production. */
export async function openForReal(h: Harness, grant: Grant): Promise<Grant> {
  await h.store.create(grant);
  await openGrant(h.deps, grant.id);
  await h.reconcile();
  const opened = h.store.current(grant.id);
  if (opened.status !== "active") throw new Error(`${grant.id} did not open: ${opened.status} ${opened.failure ?? ""}`);
  return opened;
}
