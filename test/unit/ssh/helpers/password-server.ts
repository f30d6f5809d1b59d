// The usual transport-test setup: one in-process SSH server with a password user, no agent.
import { closeAllConnections } from "../../../../provider/ssh";
import { PASSWORD, USER } from "./fixtures";
import { TestSshServer } from "./test-server";

/**
 * Starts a {@link TestSshServer} accepting {@link USER}/{@link PASSWORD} before the file's tests (with
 * `SSH_AUTH_SOCK` unset, so no agent key is offered), hands it to `use`, and afterwards closes the
 * provider's pooled connections and the server.
 */
export function usePasswordServer(use: (server: TestSshServer) => void): void {
  let server: TestSshServer | undefined;
  beforeAll(async () => {
    delete process.env.SSH_AUTH_SOCK;
    server = await TestSshServer.start({ users: { [USER]: { password: PASSWORD } } });
    use(server);
  });
  afterAll(async () => {
    await closeAllConnections();
    await server?.close();
  });
}
