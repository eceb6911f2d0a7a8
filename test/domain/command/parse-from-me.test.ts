import { describe, expect, it } from "vitest";

import { parseJitCommand } from "../../../src/domain/command/parse-jit-command.js";
import { DEFAULT_PORT_NAMES } from "../../../src/domain/command/port-names.js";
import { AjarError } from "../../../src/domain/errors.js";

const parse = (text: string) => parseJitCommand(text, { portNames: DEFAULT_PORT_NAMES });

function messageOf(text: string): string {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AjarError);
    return (error as AjarError).userMessage;
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe("parseJitCommand: from me and move", () => {
  it("reads `from me` as a request for a link, in any order", () => {
    expect(parse("ssh vm-prod-1 30m from me because x")).toMatchObject({
      kind: "request",
      sourceFromMe: true,
      durationSeconds: 1800,
      justification: "x",
    });
    expect(parse("ssh vm-prod-1 from ME 1h")).toMatchObject({ sourceFromMe: true, durationSeconds: 3600 });
    expect(parse("ssh vm-prod-1 from my-ip")).not.toHaveProperty("source");
  });

  it("takes one source only", () => {
    expect(messageOf("ssh vm-prod-1 from me from 203.0.113.7")).toMatch(/one "from"/);
    expect(messageOf("ssh vm-prod-1 from 203.0.113.7 from me")).toMatch(/one "from"/);
  });

  it("parses move with me or an address", () => {
    expect(parse("move g-7kq2m4xzab from me")).toEqual({ kind: "move", grantId: "g-7kq2m4xzab", source: "me" });
    expect(parse("move G-7KQ2M4XZAB from 203.0.113.9")).toEqual({
      kind: "move",
      grantId: "g-7kq2m4xzab",
      source: "203.0.113.9/32",
    });
  });

  it("explains a malformed move", () => {
    expect(messageOf("move")).toMatch(/Say which grant[\s\S]*Usage: \/jit move/);
    expect(messageOf("move g-7kq2m4xzab")).toMatch(/from me/);
    expect(messageOf("move g-7kq2m4xzab from")).toMatch(/Give an address after "from"/);
    expect(messageOf("move g-7kq2m4xzab from 300.1.1.1")).toMatch(/not an IP address[\s\S]*Usage: \/jit move/);
    expect(messageOf("move g-7kq2m4xzab from me now")).toMatch(/Unexpected "now"/);
  });
});

describe("parseJitCommand: later starts", () => {
  it("reads at and in anywhere among the optional parts", () => {
    expect(parse("ssh vm-prod-1 2h at 14:00")).toMatchObject({
      durationSeconds: 7200,
      start: { kind: "time", hour: 14, minute: 0 },
    });
    expect(parse("ssh vm-prod-1 at 2026-12-02T14:00Z 2h because x")).toMatchObject({
      durationSeconds: 7200,
      start: { kind: "datetime", offsetMinutes: 0 },
      justification: "x",
    });
    expect(parse("ssh vm-prod-1 in 1h 30m for 2h from me")).toMatchObject({
      start: { kind: "in", seconds: 5400 },
      durationSeconds: 7200,
      sourceFromMe: true,
    });
  });

  it("explains a malformed start", () => {
    expect(messageOf("ssh vm-prod-1 at")).toMatch(/Say when after "at"/);
    expect(messageOf("ssh vm-prod-1 at noon")).toMatch(/not a start time/);
    expect(messageOf("ssh vm-prod-1 in soon")).toMatch(/duration|soon/i);
    expect(messageOf("ssh vm-prod-1 at 14:00 in 3h")).toMatch(/Give one start/);
  });
});
