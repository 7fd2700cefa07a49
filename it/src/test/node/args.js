"use strict";
// Shared by the scripts: --name=value arguments, a connection from them, and a bound on run time.

/** The --name=value arguments; a name in `required` that is missing ends the process with code 2. */
function parse(required) {
  const options = {};
  for (const arg of process.argv.slice(2)) {
    const match = /^--([^=]+)=(.*)$/s.exec(arg);
    if (!match) fail(`not a --name=value argument: ${arg}`);
    options[match[1]] = match[2];
  }
  for (const name of required) {
    if (options[name] === undefined) fail(`--${name}=... is required`);
  }
  return options;
}

/** node-resque's connection options: only the Redis the caller named. */
function connection(options) {
  return {
    host: options.host,
    port: Number(options.port),
    namespace: options.namespace,
    // Give up instead of retrying forever when that Redis is gone.
    options: { maxRetriesPerRequest: 3, connectTimeout: 5000 },
  };
}

/** Ends the process with code 3 once `seconds` have passed, whatever it is doing. */
function deadline(seconds, what) {
  const timer = setTimeout(() => {
    console.error(`${what}: still running after ${seconds} s, giving up`);
    process.exit(3);
  }, seconds * 1000);
  timer.unref();
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

module.exports = { parse, connection, deadline, fail };
