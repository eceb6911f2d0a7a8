import { describe, expect, it } from "vitest";

import { AjarError } from "../../../src/domain/errors.js";
import { validateStart } from "../../../src/domain/policy/validate-start.js";
import { needsTimeZone, parseAt, resolveStart } from "../../../src/domain/time/start-spec.js";

const now = new Date("2026-12-01T10:30:00Z");

describe("later starts", () => {
  it("reads a time of day and a date-time, with or without a zone", () => {
    expect(parseAt("14:00")).toEqual({ kind: "time", hour: 14, minute: 0 });
    expect(parseAt("9:05")).toEqual({ kind: "time", hour: 9, minute: 5 });
    expect(parseAt("2026-12-02T14:00Z")).toMatchObject({ kind: "datetime", day: 2, hour: 14, offsetMinutes: 0 });
    expect(parseAt("2026-12-02T14:00+01:00")).toMatchObject({ offsetMinutes: 60 });
    expect(parseAt("2026-12-02T14:00-0530")).toMatchObject({ offsetMinutes: -330 });
    expect(parseAt("2026-12-02 14:00")).not.toHaveProperty("offsetMinutes");
    expect(resolveStart(parseAt("2026-12-02T14:00:30Z"), now).toISOString()).toBe("2026-12-02T14:00:30.000Z");
    for (const bad of ["25:00", "14h", "tomorrow", "2026-13-02T14:00Z"]) expect(() => parseAt(bad)).toThrow(AjarError);
  });

  it("puts a time of day in the requester's time zone, today if still ahead, else tomorrow", () => {
    // 10:30 UTC is 11:30 in Amsterdam (UTC+1 in December) and 05:30 in New York (UTC-5).
    expect(resolveStart(parseAt("14:00"), now, "Europe/Amsterdam").toISOString()).toBe("2026-12-01T13:00:00.000Z");
    expect(resolveStart(parseAt("11:00"), now, "Europe/Amsterdam").toISOString()).toBe("2026-12-02T10:00:00.000Z");
    expect(resolveStart(parseAt("14:00"), now, "America/New_York").toISOString()).toBe("2026-12-01T19:00:00.000Z");
    expect(resolveStart(parseAt("14:00"), now, "UTC").toISOString()).toBe("2026-12-01T14:00:00.000Z");
    // An unknown zone falls back to UTC rather than failing the request.
    expect(resolveStart(parseAt("14:00"), now, "Mars/Olympus").toISOString()).toBe("2026-12-01T14:00:00.000Z");
  });

  it("honours daylight saving at the date asked for", () => {
    // Amsterdam is UTC+2 in summer.
    expect(resolveStart(parseAt("2027-07-01T14:00"), now, "Europe/Amsterdam").toISOString()).toBe(
      "2027-07-01T12:00:00.000Z",
    );
    expect(resolveStart(parseAt("2026-12-02T14:00Z"), now, "Europe/Amsterdam").toISOString()).toBe(
      "2026-12-02T14:00:00.000Z",
    );
  });

  it("adds a delay to now", () => {
    expect(resolveStart({ kind: "in", seconds: 3 * 3600 }, now).toISOString()).toBe("2026-12-01T13:30:00.000Z");
    expect(needsTimeZone({ kind: "in", seconds: 1 })).toBe(false);
    expect(needsTimeZone(parseAt("14:00"))).toBe(true);
    expect(needsTimeZone(parseAt("2026-12-02T14:00Z"))).toBe(false);
  });

  it("refuses a start in the past or beyond the lead time", () => {
    expect(() => validateStart(new Date("2026-12-01T10:00:00Z"), now)).toThrow(/in the past/);
    expect(() => validateStart(new Date("2026-12-08T10:31:00Z"), now)).toThrow(/more than 7d ahead/);
    expect(() => validateStart(new Date("2026-12-08T10:29:00Z"), now)).not.toThrow();
    expect(() => validateStart(new Date("2026-12-01T13:00:00Z"), now, 3600)).toThrow(/more than 1h ahead/);
  });
});
