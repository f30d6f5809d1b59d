import { dialProgressMessage, isTransientDialError, mayRetry, retryDelayMs } from "../../../provider/ssh/backoff";

test.each([
  [1, 100], [2, 150], [3, 225], [4, 338], [5, 506], [9, 2563], [10, 3844], [11, 5000], [50, 5000],
])("after failed attempt %i the next dial waits %i ms", (attempt, delay) => {
  expect(retryDelayMs(attempt)).toBe(delay);
});

test.each<[string, unknown, boolean]>([
  ["ECONNREFUSED", Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:22"), { code: "ECONNREFUSED" }), true],
  ["ETIMEDOUT", Object.assign(new Error("connect ETIMEDOUT"), { code: "ETIMEDOUT" }), true],
  ["ECONNRESET", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }), true],
  ["EHOSTUNREACH", Object.assign(new Error("connect EHOSTUNREACH"), { code: "EHOSTUNREACH" }), true],
  ["a handshake timeout before TCP connected (SYNs dropped)", new Error("Timed out while waiting for handshake"), true],
  ["a server that accepted TCP and stayed silent", Object.assign(new Error("did not complete the SSH handshake"), { permanent: true }), false],
  ["a peer hanging up mid-handshake", new Error("Connection lost before handshake"), true],
  ["a refused forwarded channel", new Error("(SSH) Channel open failure: Connection refused"), true],
  ["an unknown host name", Object.assign(new Error("getaddrinfo ENOTFOUND nas9"), { code: "ENOTFOUND" }), false],
  ["a protocol error", new Error("Bad packet length"), false],
  ["a non-error", "oops", false],
])("%s is transient = %p", (_name, error, expected) => {
  expect(isTransientDialError(error)).toBe(expected);
});

test.each([
  [1, 10, true], [9, 10, true], [10, 10, false], [1, 1, false], [1, 0, false], [1000, -1, true],
])("attempt %i under dialErrorLimit %i may retry = %p", (attempt, limit, expected) => {
  expect(mayRetry(attempt, limit)).toBe(expected);
});

test.each([
  [2, 10, 150, "Dial 2/10 to root@nas1:22 failed: boom; retrying in 150 ms"],
  [10, 10, undefined, "Dial 10/10 to root@nas1:22 failed: boom; giving up"],
  [4, -1, 338, "Dial 4 to root@nas1:22 failed: boom; retrying in 338 ms"],
])("progress for attempt %i of %i", (attempt, limit, delay, expected) => {
  expect(dialProgressMessage("root@nas1:22", attempt, limit, "boom", delay)).toBe(expected);
});
