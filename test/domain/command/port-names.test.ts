import { describe, expect, it } from "vitest";

import { DEFAULT_PORT_NAMES, resolvePort } from "../../../src/domain/command/port-names.js";

describe("ports", () => {
  it("has Defender's recommended management ports", () => {
    expect(DEFAULT_PORT_NAMES).toEqual({ ssh: 22, rdp: 3389, winrm: 5985, winrms: 5986 });
    expect(Object.isFrozen(DEFAULT_PORT_NAMES)).toBe(true);
  });

  it("resolves names case-insensitively, including mixed-case configured names", () => {
    expect(resolvePort("SSH", DEFAULT_PORT_NAMES)).toEqual({ port: 22, portLabel: "ssh" });
    expect(resolvePort("pg", { PG: 5432 })).toEqual({ port: 5432, portLabel: "pg" });
  });

  it("resolves numbers within 1–65535 only", () => {
    expect(resolvePort("1", {})).toEqual({ port: 1, portLabel: "1" });
    expect(resolvePort("3389", DEFAULT_PORT_NAMES)).toEqual({ port: 3389, portLabel: "rdp" });
    for (const bad of ["0", "65536", "-1", "1e3", "22.0", "999999", ""])
      expect(resolvePort(bad, {}), bad).toBeUndefined();
  });
});
