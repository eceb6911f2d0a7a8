import { describe, expect, it } from "vitest";

import { parseJitCommand } from "../../../src/domain/command/parse-jit-command.js";
import { DEFAULT_PORT_NAMES } from "../../../src/domain/command/port-names.js";
import { REQUEST_USAGE } from "../../../src/domain/command/usage.js";
import { AjarError } from "../../../src/domain/errors.js";

const ctx = { portNames: { ...DEFAULT_PORT_NAMES, postgres: 5432 } };
const parse = (text: string) => parseJitCommand(text, ctx);
const VM_ID =
  "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-prod-1";

function messageOf(text: string): string {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AjarError);
    expect((error as AjarError).code).toBe("INPUT.INVALID");
    return (error as AjarError).userMessage;
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe("parseJitCommand: sub-commands", () => {
  it.each(["", "   ", "\n"])("%j opens the modal", (text) => {
    expect(parse(text)).toEqual({ kind: "modal" });
  });

  it.each(["help", "HELP", "--help", "-h", "?", "help me"])("%j is help", (text) => {
    expect(parse(text)).toEqual({ kind: "help" });
  });

  it.each(["list", "ls", " List "])("%j lists", (text) => {
    expect(parse(text)).toEqual({ kind: "list" });
  });

  it("revoke, cancel and extend take a grant id", () => {
    expect(parse("revoke g-7kq2m4xzab")).toEqual({ kind: "revoke", grantId: "g-7kq2m4xzab" });
    expect(parse("cancel G-7KQ2M4XZAB")).toEqual({ kind: "cancel", grantId: "g-7kq2m4xzab" });
    expect(parse("extend g-7kq2m4xzab 30m")).toEqual({
      kind: "extend",
      grantId: "g-7kq2m4xzab",
      durationSeconds: 1800,
    });
    expect(parse("extend g-7kq2m4xzab by 1h 30m")).toEqual({
      kind: "extend",
      grantId: "g-7kq2m4xzab",
      durationSeconds: 5400,
    });
    expect(parse("extend g-7kq2m4xzab for PT15M")).toEqual({
      kind: "extend",
      grantId: "g-7kq2m4xzab",
      durationSeconds: 900,
    });
  });

  it.each([
    ["list all", '"/jit list" takes nothing after it.'],
    ["revoke", "Say which grant."],
    ["revoke 42", '"42" is not a grant id: they look like g-7kq2m4xzab.'],
    ["revoke g-123", "is not a grant id"],
    ["revoke g-7kq2m4xzab now", "takes only a grant id"],
    ["cancel g-7kq2m4xza1", "is not a grant id"],
    ["extend g-7kq2m4xzab", "Say how much longer you need"],
    ["extend g-7kq2m4xzab by", "Say how much longer you need"],
    ["extend g-7kq2m4xzab 90x", '"90x" is not a duration.'],
    ["extend g-7kq2m4xzab 30m please", 'Unexpected "please" after the duration.'],
  ])("%j is refused: %s", (text, fragment) => {
    const message = messageOf(text);
    expect(message).toContain(fragment);
    expect(message).toMatch(/Usage: \/jit (list|revoke|cancel|extend)/);
  });
});

describe("parseJitCommand: requests", () => {
  it("parses the full example", () => {
    expect(parse("ssh vm-prod-1 30m from 203.0.113.7 because deploy hotfix")).toEqual({
      kind: "request",
      port: 22,
      portLabel: "ssh",
      vm: { name: "vm-prod-1" },
      durationSeconds: 1800,
      source: "203.0.113.7/32",
      justification: "deploy hotfix",
    });
  });

  it("needs only a port and a VM", () => {
    expect(parse("rdp win-01")).toEqual({ kind: "request", port: 3389, portLabel: "rdp", vm: { name: "win-01" } });
  });

  it("accepts port numbers and labels them by name when one is known", () => {
    expect(parse("22 vm1")).toMatchObject({ port: 22, portLabel: "ssh" });
    expect(parse("8443 vm1")).toMatchObject({ port: 8443, portLabel: "8443" });
    expect(parse("65535 vm1")).toMatchObject({ port: 65_535 });
    expect(parse("SSH vm1")).toMatchObject({ port: 22, portLabel: "ssh" });
    expect(parse("postgres db-1")).toMatchObject({ port: 5432, portLabel: "postgres" });
    expect(parse("WinRMS vm1")).toMatchObject({ port: 5986, portLabel: "winrms" });
  });

  it("accepts a full VM resource id, normalising ARM's key casing", () => {
    expect(parse(`ssh ${VM_ID}`)).toMatchObject({ vm: { resourceId: VM_ID } });
    const typed = VM_ID.replace("/resourceGroups/", "/resourcegroups/").replace("/providers/", "/PROVIDERS/");
    expect(parse(`ssh ${typed}`)).toMatchObject({ vm: { resourceId: VM_ID } });
  });

  it("takes the optional parts in any order, with an optional 'for'", () => {
    const expected = { durationSeconds: 7200, source: "10.0.0.0/24", justification: "db migration" };
    expect(parse("ssh vm1 from 10.0.0.0/24 2h because db migration")).toMatchObject(expected);
    expect(parse("ssh vm1 for 2h from 10.0.0.0/24 because db migration")).toMatchObject(expected);
    expect(parse("ssh vm1 FROM 10.0.0.0/24 FOR PT2H BECAUSE db migration")).toMatchObject(expected);
  });

  it("joins a duration typed with spaces", () => {
    expect(parse("ssh vm1 1h 30m")).toMatchObject({ durationSeconds: 5400 });
    expect(parse("ssh vm1 1d 2h 3m 4s from 10.0.0.1")).toMatchObject({
      durationSeconds: 93_784,
      source: "10.0.0.1/32",
    });
  });

  it("keeps the reason verbatim, including keywords and punctuation", () => {
    expect(parse("ssh vm1 because  fix from   prod: INC-123, for 30m  ")).toMatchObject({
      justification: "fix from   prod: INC-123, for 30m",
    });
  });

  it("splits on any whitespace, including non-breaking spaces", () => {
    expect(parse("ssh\u00a0vm1\t30m")).toMatchObject({ vm: { name: "vm1" }, durationSeconds: 1800 });
  });

  it("canonicalises sources and keeps any-source tokens for policy to refuse", () => {
    expect(parse("ssh vm1 from ::ffff:203.0.113.7")).toMatchObject({ source: "203.0.113.7/32" });
    expect(parse("ssh vm1 from 2001:DB8::1")).toMatchObject({ source: "2001:db8::1/128" });
    expect(parse("ssh vm1 from *")).toMatchObject({ source: "*" });
    expect(parse("ssh vm1 from Internet")).toMatchObject({ source: "Internet" });
    expect(parse("ssh vm1 from 0.0.0.0/0")).toMatchObject({ source: "0.0.0.0/0" });
  });
});

describe("parseJitCommand: request errors", () => {
  it.each([
    [
      "sshh vm1",
      '"sshh" is not a port ajar knows. Use a port number (1–65535) or one of: postgres, rdp, ssh, winrm, winrms.',
    ],
    ["0 vm1", "Port 0 does not exist"],
    ["65536 vm1", "Port 65536 does not exist"],
    ["ssh,rdp vm1", "request one port at a time"],
    ["22-23 vm1", "port ranges cannot be requested"],
    ["vm-prod-1 ssh", "Put the port first: /jit ssh vm-prod-1."],
    ["ssh", "Name the VM after the port, e.g. /jit ssh vm-prod-1."],
    ["ssh from 1.2.3.4", "Name the VM after the port"],
    ["ssh vm_prod-", "cannot end with a period or hyphen"],
    ["ssh vm;reboot", 'contains ";"'],
    [
      "ssh subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/v",
      'A VM resource id starts with "/"',
    ],
    ["ssh /subscriptions/x/resourceGroups/rg", "is not a virtual machine id"],
    ["ssh vm1 90x", '"90x" is not a duration. Use a number followed by s, m, h or d, e.g. 30m, 2h, 1h30m.'],
    ["ssh vm1 30", '"30" has no unit.'],
    ["ssh vm1 45d", "longer than the 30-day maximum"],
    ["ssh vm1 30m 1h", "largest first"],
    ["ssh vm1 30m 2h from 1.2.3.4", "largest first"],
    ["ssh vm1 30m for 1h", "Give one duration."],
    ["ssh vm1 for", 'Say how long after "for"'],
    ["ssh vm1 for ever", '"ever" is not a duration.'],
    ["ssh vm1 from", 'Give an address after "from"'],
    ["ssh vm1 from 1.2.3.4 from 5.6.7.8", 'Give one "from" address.'],
    ["ssh vm1 from 10.0.0.5/24", "did you mean 10.0.0.0/24?"],
    ["ssh vm1 from my-laptop", '"my-laptop" is not an IP address or CIDR block'],
    ["ssh vm1 because", 'Say why after "because"'],
    ["ssh vm1 because    ", 'Say why after "because"'],
    ["ssh vm1 deploy hotfix", 'Unexpected "deploy". Put your reason after "because"'],
    [`ssh vm1 because ${"x".repeat(501)}`, "keep it under 500"],
  ])("%j → %s", (text, fragment) => {
    const message = messageOf(text);
    expect(message).toContain(fragment);
    expect(message.endsWith(REQUEST_USAGE)).toBe(true);
  });

  it("shows the full usage line", () => {
    expect(REQUEST_USAGE).toBe(
      "Usage: /jit <port> <vm> [duration] [at <time>|in <delay>] [from <ip|cidr|me>] [because <reason>] — e.g. /jit ssh vm-prod-1 30m from 203.0.113.7 because deploy hotfix",
    );
  });

  it("sub-command words win over port names", () => {
    expect(parseJitCommand("list", { portNames: { list: 1234 } })).toEqual({ kind: "list" });
  });
});
