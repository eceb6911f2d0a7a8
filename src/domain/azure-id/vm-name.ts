import { AjarError } from "../errors.js";

const ALLOWED = "letters, digits, hyphens (-), underscores (_) and periods (.)";

/** Checks a VM name typed by a person before it is ever put into an ARM path. Returns it unchanged. */
export function validateVmName(name: string): string {
  const fail = (what: string): never => {
    throw new AjarError("INPUT.INVALID", `${what} Azure VM names are 1–64 characters of ${ALLOWED}.`);
  };
  if (name === "") fail("A VM name is required.");
  const shown = name.length > 80 ? `${name.slice(0, 77)}...` : name;
  if (name.length > 64) fail(`"${shown}" is ${name.length} characters long, too long for a VM name.`);
  const bad = [...name].find((ch) => !/^[A-Za-z0-9._-]$/.test(ch));
  if (bad !== undefined) {
    const what = /\s/.test(bad) ? "a space" : `"${bad}"`;
    fail(`"${shown}" contains ${what}, which is not allowed in a VM name.`);
  }
  if (!/^[A-Za-z0-9]/.test(name)) fail(`"${shown}" must start with a letter or digit.`);
  if (/[.-]$/.test(name)) fail(`"${shown}" cannot end with a period or hyphen.`);
  return name;
}
