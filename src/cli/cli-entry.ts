/**
 * The file the CLI was started from (compiled, bundled or run by tsx): `ajar all` starts its worker
 * thread on that same file, which then runs the worker instead of a command.
 */
let entry: URL | undefined;

export function setCliEntry(url: URL): void {
  entry = url;
}

export const cliEntry = (): URL | undefined => entry;
