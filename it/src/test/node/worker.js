"use strict";
// A node-resque Worker on --queue running jobs of class --class: each run adds 1 to the field named by
// its first argument in the hash NAMESPACE:test:node-runs. Ends once --count jobs succeeded (exit 0)
// or after --timeout seconds (exit 3). Prints {"succeeded":N,"failed":F,"millis":M}.
const { Queue, Worker } = require("node-resque");
const { parse, connection, deadline, fail } = require("./args");

const options = parse(["host", "port", "namespace", "queue", "class", "count"]);
const count = Number(options.count);
deadline(Number(options.timeout ?? 120), "worker");

async function main() {
  const recorder = new Queue({ connection: connection(options) });
  recorder.on("error", (error) => fail(`worker: ${error}`));
  await recorder.connect();
  const runs = recorder.connection.key("test", "node-runs");
  const jobs = {
    [options.class]: {
      perform: async (token) => {
        await recorder.connection.redis.hincrby(runs, String(token), 1);
        return token;
      },
    },
  };
  const worker = new Worker({ connection: connection(options), queues: [options.queue], timeout: 20,
    name: options.name ?? undefined }, jobs);
  let succeeded = 0;
  let failed = 0;
  const started = Date.now();
  const done = new Promise((resolve) => {
    worker.on("success", () => {
      succeeded++;
      if (succeeded >= count) resolve();
    });
  });
  worker.on("failure", (queue, job, failure) => {
    failed++;
    console.error(`worker: ${JSON.stringify(job)} failed: ${failure}`);
  });
  worker.on("error", (error) => console.error(`worker: ${error}`));
  await worker.connect();
  await worker.start();
  await done;
  const millis = Date.now() - started;
  await worker.end();
  await recorder.end();
  console.log(JSON.stringify({ succeeded, failed, millis }));
}

main().catch((error) => fail(`worker: ${error.stack ?? error}`));
