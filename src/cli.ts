#!/usr/bin/env node
import { isMainThread, workerData } from "node:worker_threads";

import { setCliEntry } from "./cli/cli-entry.js";
import { runCli } from "./cli/run-cli.js";
import { isWorkerThreadData } from "./cli/worker-thread-data.js";
import { errorMessage } from "./domain/errors.js";

if (isMainThread) {
  setCliEntry(new URL(import.meta.url));
  runCli(process.argv.slice(2), process.env).then(
    (code) => {
      if (code !== undefined) process.exitCode = code;
    },
    (error: unknown) => {
      console.error(errorMessage(error));
      process.exitCode = 1;
    },
  );
} else if (isWorkerThreadData(workerData)) {
  // `ajar all` started this file again as its worker thread.
  void import("./cli/worker-thread-main.js").then((thread) => thread.runWorkerThread());
}
