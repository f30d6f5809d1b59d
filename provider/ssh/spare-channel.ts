// A session channel opened ahead on a pooled connection, so the next script on it needs no channel-open round
// trip: it sends its exec request and stdin at once and waits one round trip for the answer (issue 16).
//
// At most one spare per connection, opened in the same flight as an exec (so it costs no round trip of its
// own), only while the connection has fewer than sshd's MaxSessions default (10) session channels open, and
// gone with the connection when the pool closes it for idleness. Nothing is requested on a spare until it is
// used, so taking one is the same as opening a channel: a connection that died meanwhile surfaces at the exec
// request, which is never re-sent (SshExecError with mayHaveRun).
import type { Client, ClientChannel } from "ssh2";
import { openChannel } from "./exec";
import type { PoolEntry, SpareChannel } from "./pool-entry";
import { poolState } from "./pool-entry";
import { isChannelOpen } from "./ssh2-internals";

export type { SpareChannel };

/** sshd_config(5) MaxSessions default: session channels one connection may have open. */
export const MAX_SESSIONS = 10;

/** Takes the connection's open spare channel, if it has one that is still open. */
export function takeSpare(entry: PoolEntry): ClientChannel | undefined {
  const channel = entry.spare?.channel;
  if (!channel) return undefined;
  entry.spare = undefined;
  if (isChannelOpen(channel)) return channel;
  channel.close();
  return undefined;
}

/** Opens a spare channel on `client` unless the connection has one (or one coming), is dead, or is at MaxSessions. */
export function openSpare(entry: PoolEntry, client: Client): void {
  if (!poolState().spareChannels || entry.dead || entry.spare || entry.channelsInUse + 1 >= MAX_SESSIONS) return;
  const spare: SpareChannel = {};
  entry.spare = spare;
  openChannel(client).then(
    (channel) => {
      if (entry.spare !== spare || entry.dead) return channel.close();
      spare.channel = channel;
      // A spare the server closes (or that goes with the connection) is forgotten, not handed out.
      channel.once("close", () => {
        if (entry.spare === spare) entry.spare = undefined;
      });
    },
    () => {
      if (entry.spare === spare) entry.spare = undefined;
    },
  );
}
