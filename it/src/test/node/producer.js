"use strict";
// Enqueues --count jobs of class --class onto --queue with node-resque's Queue, each with one argument,
// the token PREFIX-i (i from 0). With --at=EPOCH_MS they are delayed jobs due then (Queue.enqueueAt).
// Prints {"enqueued":N,"millis":M} on success.
const { Queue } = require("node-resque");
const { parse, connection, deadline, fail } = require("./args");

const options = parse(["host", "port", "namespace", "queue", "class", "count", "prefix"]);
const count = Number(options.count);
const at = options.at === undefined ? undefined : Number(options.at);
deadline(Number(options.timeout ?? 120), "producer");

async function main() {
  const queue = new Queue({ connection: connection(options) });
  queue.on("error", (error) => fail(`producer: ${error}`));
  await queue.connect();
  const started = Date.now();
  // ioredis pipelines the commands of concurrent calls: a few hundred at a time.
  for (let first = 0; first < count; first += 200) {
    const batch = [];
    for (let i = first; i < Math.min(first + 200, count); i++) {
      const token = `${options.prefix}-${i}`;
      batch.push(at === undefined
        ? queue.enqueue(options.queue, options.class, [token])
        : queue.enqueueAt(at, options.queue, options.class, [token]));
    }
    await Promise.all(batch);
  }
  const millis = Date.now() - started;
  await queue.end();
  console.log(JSON.stringify({ enqueued: count, millis }));
}

main().catch((error) => fail(`producer: ${error.stack ?? error}`));
