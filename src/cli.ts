#!/usr/bin/env node
import { runCli } from "./cli/run-cli.js";
import { errorMessage } from "./domain/errors.js";

runCli(process.argv.slice(2), process.env).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(errorMessage(error));
    process.exitCode = 1;
  },
);
