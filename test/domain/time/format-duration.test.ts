import { describe, expect, it } from "vitest";

import { formatDuration } from "../../../src/domain/time/format-duration.js";
import { parseDuration } from "../../../src/domain/time/parse-duration.js";

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [45, "45s"],
    [60, "1m"],
    [5400, "1h 30m"],
    [93_600, "1d 2h"],
    [90_061, "1d 1h 1m 1s"],
    [86_400, "1d"],
    [59.9, "59s"],
    [-5, "0s"],
  ])("%d → %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it("is read back by parseDuration", () => {
    for (const seconds of [45, 5400, 93_600, 90_061]) expect(parseDuration(formatDuration(seconds))).toBe(seconds);
  });

  it("refuses non-finite input", () => {
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
    expect(() => formatDuration(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
