import { describe, expect, it } from "vitest";

import { AjarError } from "../../../src/domain/errors.js";
import { parseDuration } from "../../../src/domain/time/parse-duration.js";

function messageOf(text: string, options?: { maxSeconds?: number }): string {
  try {
    parseDuration(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(AjarError);
    expect((error as AjarError).code).toBe("INPUT.INVALID");
    return (error as AjarError).userMessage;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe("parseDuration", () => {
  it.each([
    ["90s", 90],
    ["30m", 1800],
    ["2h", 7200],
    ["1h30m", 5400],
    ["1d", 86_400],
    ["1d2h", 93_600],
    ["2h30m15s", 9015],
    ["1d1h1m1s", 90_061],
    ["30M", 1800],
    ["1H30M", 5400],
    ["1h 30m", 5400],
    ["  45m  ", 2700],
    ["1h0m", 3600],
    ["30d", 30 * 86_400],
  ])("compact %j → %i s", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    ["PT30M", 1800],
    ["PT1H30M", 5400],
    ["P1D", 86_400],
    ["P1DT2H", 93_600],
    ["PT45S", 45],
    ["PT3H", 10_800],
    ["pt5m", 300],
    ["P1W", 604_800],
  ])("ISO-8601 %j → %i s", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it("uses the example message for garbage", () => {
    expect(messageOf("90x")).toBe(
      '"90x" is not a duration. Use a number followed by s, m, h or d, e.g. 30m, 2h, 1h30m.',
    );
  });

  it.each([
    ["", "A duration is required"],
    ["30", "has no unit"],
    ["-5m", "must be positive"],
    ["1.5h", "whole numbers"],
    ["30m1h", "largest first"],
    ["1h1h", "largest first"],
    ["0m", "is zero"],
    ["0s", "is zero"],
    ["PT0S", "is zero"],
    ["31d", "longer than the 30-day maximum"],
    ["P1M", "months have no fixed length"],
    ["P1Y", "years and months"],
    ["P", "is not a duration"],
    ["PT", "is not a duration"],
    ["P1DT", "is not a duration"],
    ["PT1.5H", "whole numbers"],
    ["1 h", "is not a duration"],
    ["h", "is not a duration"],
    ["1h30", "is not a duration"],
    ["99999999999999999999m", "longer than"],
    ["1w", "is not a duration"],
  ])("refuses %j (%s)", (text, fragment) => {
    expect(messageOf(text)).toContain(fragment);
  });

  it("honours a caller's tighter bound", () => {
    expect(parseDuration("1d", { maxSeconds: 86_400 })).toBe(86_400);
    expect(messageOf("25h", { maxSeconds: 86_400 })).toContain("1-day maximum");
    expect(messageOf("2h", { maxSeconds: 5400 })).toContain("90-minute maximum");
  });
});
