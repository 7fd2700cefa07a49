"use strict";
// A node-resque Scheduler on the namespace for --seconds, then it ends (releasing its leader lock if it
// holds it). --name is its lock value, --lock-seconds its leaderLockTimeout, --poll-millis how often it
// polls. With --record=NAME the first argument of each job it moved is added to the set NAMESPACE:test:NAME.
// Prints {"transferred":N,"leaderTurns":L,"errors":E,"transferMillis":M}, M from
// the first transfer to the last.
const { Scheduler } = require("node-resque");
const { parse, connection, deadline, fail } = require("./args");

const options = parse(["host", "port", "namespace", "seconds", "name"]);
const seconds = Number(options.seconds);
deadline(seconds + 60, "scheduler");

async function main() {
  const scheduler = new Scheduler({
    connection: connection(options),
    name: options.name,
    timeout: Number(options["poll-millis"] ?? 100),
    leaderLockTimeout: Number(options["lock-seconds"] ?? 180),
  });
  let transferred = 0;
  let leaderTurns = 0;
  let errors = 0;
  let first;
  let last;
  const records = [];
  scheduler.on("transferredJob", (timestamp, job) => {
    transferred++;
    if (options.record !== undefined) {
      records.push(scheduler.connection.redis.sadd(scheduler.connection.key("test", options.record), String(job.args[0])));
    }
    last = Date.now();
    first = first ?? last;
  });
  scheduler.on("leader", () => leaderTurns++);
  scheduler.on("error", (error) => {
    errors++;
    console.error(`scheduler: ${error}`);
  });
  await scheduler.connect();
  await scheduler.start();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  await Promise.all(records);
  await scheduler.end();
  console.log(JSON.stringify({ transferred, leaderTurns, errors, transferMillis: first === undefined ? 0 : last - first }));
}

main().catch((error) => fail(`scheduler: ${error.stack ?? error}`));
