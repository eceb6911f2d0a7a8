import { errorText, fail, pass, skip, warn, withTimeout, type CheckResult } from "./check.js";
import { readManifestScopes } from "./manifest-scopes.js";

export interface SlackCheckInput {
  botToken?: string;
  /** SLACK_API_URL; Slack's own API otherwise. */
  apiUrl?: string;
  manifestPath?: string;
  timeoutMs?: number;
}

const SLACK_API = "https://slack.com/api/";

/**
 * `auth.test` proves the token; Slack reports the token's granted scopes in the `x-oauth-scopes`
 * header of every answer, which is compared with what manifest.yml asks for (a scope added to the
 * manifest needs a reinstall before the token carries it).
 */
export async function checkSlack(input: SlackCheckInput): Promise<CheckResult[]> {
  if (!input.botToken) {
    return [
      fail(
        "slack auth",
        "SLACK_BOT_TOKEN is not set",
        "set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-…)",
      ),
      skip("slack scopes", "needs a bot token"),
    ];
  }
  const base = (input.apiUrl ?? SLACK_API).replace(/\/*$/, "/");
  let response: Response;
  let body: { ok?: boolean; error?: string; team?: string; user?: string };
  try {
    response = await withTimeout(input.timeoutMs ?? 5000, "Slack auth.test", () =>
      fetch(new URL("auth.test", base), { method: "POST", headers: { authorization: `Bearer ${input.botToken}` } }),
    );
    body = (await response.json()) as typeof body;
  } catch (error) {
    return [
      fail("slack auth", `${base}auth.test: ${errorText(error)}`, "check network access to Slack (or SLACK_API_URL)"),
      skip("slack scopes", "needs auth.test"),
    ];
  }
  if (!body.ok) {
    const fix =
      body.error === "invalid_auth" ||
      body.error === "not_authed" ||
      body.error === "token_revoked" ||
      body.error === "account_inactive"
        ? "copy the current Bot User OAuth Token (OAuth & Permissions page) into SLACK_BOT_TOKEN; reinstall the app if it was revoked"
        : "see https://api.slack.com/methods/auth.test for this error";
    return [
      fail("slack auth", `auth.test answered ${body.error ?? `HTTP ${response.status}`}`, fix),
      skip("slack scopes", "needs auth.test"),
    ];
  }
  const results = [pass("slack auth", `bot ${body.user ?? "?"} in ${body.team ?? "?"}`)];
  let wanted: string[];
  try {
    wanted = readManifestScopes(input.manifestPath);
  } catch (error) {
    results.push(
      warn(
        "slack scopes",
        `manifest not readable: ${errorText(error)}`,
        "pass --manifest <path to manifest.yml> to compare the token's scopes",
      ),
    );
    return results;
  }
  const header = response.headers.get("x-oauth-scopes");
  if (header === null) {
    results.push(
      warn(
        "slack scopes",
        "Slack sent no x-oauth-scopes header",
        `check by hand that the token has ${wanted.join(", ")}`,
      ),
    );
    return results;
  }
  const granted = new Set(
    header
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const missing = wanted.filter((s) => !granted.has(s));
  results.push(
    missing.length === 0
      ? pass("slack scopes", wanted.join(", "))
      : fail(
          "slack scopes",
          `token lacks ${missing.join(", ")}`,
          "add the scopes from manifest.yml (OAuth & Permissions → Bot Token Scopes), reinstall the app, then update SLACK_BOT_TOKEN",
        ),
  );
  return results;
}
