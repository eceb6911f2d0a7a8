/**
 * One doctor finding. `ok` decides the exit code; `note` marks results that pass but deserve a look
 * (`warn`: could not be verified) or were not run because an earlier check failed (`skip`).
 */
export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
  note?: "warn" | "skip";
}

export const pass = (name: string, detail: string): CheckResult => ({ name, ok: true, detail });
export const fail = (name: string, detail: string, fix: string): CheckResult => ({ name, ok: false, detail, fix });
export const warn = (name: string, detail: string, fix: string): CheckResult => ({
  name,
  ok: true,
  detail,
  fix,
  note: "warn",
});
export const skip = (name: string, detail: string): CheckResult => ({ name, ok: true, detail, note: "skip" });

/** `PASS name (detail)` or `FAIL name — fix: … (found: …)`: one line per check, greppable by its first word. */
export function formatCheck(result: CheckResult): string {
  if (!result.ok) return `FAIL ${result.name} — fix: ${result.fix ?? "see the detail"} (found: ${result.detail})`;
  if (result.note === "warn") return `WARN ${result.name} — ${result.detail}; ${result.fix ?? ""}`.trimEnd();
  if (result.note === "skip") return `SKIP ${result.name} — ${result.detail}`;
  return `PASS ${result.name} (${result.detail})`;
}

export const errorText = (error: unknown): string => {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
};

/** A check must never hang the doctor: a dead endpoint becomes a failure after `ms`. */
export async function withTimeout<T>(ms: number, what: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
