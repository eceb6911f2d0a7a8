import { Writable } from "node:stream";

import { describe, expect, it } from "vitest";

import { createLogger, maskSecrets } from "../../src/observability/logger.js";

const BOT = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx";
const APP = "xapp-1-A0123456789-1234567890123-abcdef0123456789";
const JWT = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJvaWQiOiIxMjM0NSJ9.c2lnbmF0dXJl";

/** A logger writing JSON lines into memory. */
function capture(level = "info") {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level, destination });
  return {
    logger,
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    raw: () => lines.join("\n"),
  };
}

describe("logger", () => {
  it("writes one JSON object per line with a level name, an ISO time and the service", () => {
    const { logger, records } = capture();
    logger.info({ grantId: "g-abcdefghij" }, "grant opened");
    logger.debug({}, "hidden at info");
    const [record, ...rest] = records();
    expect(rest).toEqual([]);
    expect(record).toMatchObject({ level: "info", service: "ajar", grantId: "g-abcdefghij", msg: "grant opened" });
    expect(new Date(String(record!.time)).toISOString()).toBe(record!.time);
  });

  it("redacts secrets under known keys, at the top and nested", () => {
    const { logger, raw, records } = capture();
    logger.info(
      {
        token: BOT,
        slack: { botToken: BOT, signingSecret: "s3cr3t-signing" },
        req: { headers: { authorization: `Bearer ${JWT}` } },
        SLACK_APP_TOKEN: APP,
      },
      "config",
    );
    const record = records()[0] as {
      token: string;
      slack: Record<string, string>;
      req: { headers: Record<string, string> };
      SLACK_APP_TOKEN: string;
    };
    expect(record.token).toBe("[REDACTED]");
    expect(record.slack).toEqual({ botToken: "[REDACTED]", signingSecret: "[REDACTED]" });
    expect(record.req.headers.authorization).toBe("[REDACTED]");
    expect(record.SLACK_APP_TOKEN).toBe("[REDACTED]");
    for (const secret of [BOT, APP, JWT, "s3cr3t-signing"]) expect(raw()).not.toContain(secret);
  });

  it.each([
    ["a bot token", `auth failed for ${BOT}`],
    ["an app token", `socket mode with ${APP}`],
    ["a bearer header", `ARM said 401 to Authorization: Bearer abc.def-ghi_jkl`],
    ["a JWT", `token ${JWT} expired`],
  ])("masks %s inside a message", (_what, message) => {
    const { logger, raw, records } = capture();
    logger.warn({}, message);
    expect(records()[0]!.msg).toContain("[REDACTED]");
    expect(raw()).not.toMatch(/xoxb-1234|xapp-1-A01|abc\.def-ghi|eyJhbGci/);
  });

  it("masks tokens quoted in errors, passed as err or as the first argument", () => {
    const { logger, raw, records } = capture();
    logger.error({ err: new Error(`invalid_auth for ${BOT}`) }, "slack call failed");
    logger.error(new Error(`ARM rejected Bearer ${JWT}`) as unknown as object, "arm call failed");
    expect(records().map((r) => r.err)).toEqual([
      "Error: invalid_auth for [REDACTED]",
      "Error: ARM rejected [REDACTED]",
    ]);
    expect(raw()).not.toMatch(/xoxb-1234|eyJhbGci/);
  });

  it("leaves ordinary text alone", () => {
    expect(maskSecrets("grant g-abcdefghij for vm-prod-1 opened by U0ALICE01")).toBe(
      "grant g-abcdefghij for vm-prod-1 opened by U0ALICE01",
    );
  });
});

describe("logger: token shapes outside known keys", () => {
  it("masks them in any field, however deep, and in capitalised headers", () => {
    const { logger, raw, records } = capture();
    logger.warn(
      {
        reason: `upstream said ${BOT}`,
        calls: [{ detail: `retry with ${APP}` }],
        request: { headers: { Authorization: "Basic dXNlcjpwYXNz" } },
      },
      "call failed",
    );
    const record = records()[0] as {
      reason: string;
      calls: { detail: string }[];
      request: { headers: { Authorization: string } };
    };
    expect(record.reason).toBe("upstream said [REDACTED]");
    expect(record.calls[0]!.detail).toBe("retry with [REDACTED]");
    expect(record.request.headers.Authorization).toBe("[REDACTED]");
    expect(raw()).not.toMatch(/xoxb-1234|xapp-1-A01|dXNlcjpwYXNz/);
  });
});
