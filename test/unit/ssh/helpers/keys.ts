// Key pairs for the SSH transport tests.
import { utils } from "ssh2";
import { types } from "util";

/** A generated key pair: `private` in OpenSSH format, `public` as an authorized_keys line. */
export interface KeyPair {
  private: string;
  public: string;
}

/** Generates an ed25519 key pair, encrypted with `passphrase` when given. */
export function generateKeyPair(passphrase?: string): KeyPair {
  return validKeyPair(passphrase, () => passphrase
    ? utils.generateKeyPairSync("ed25519", { passphrase, cipher: "aes256-ctr", rounds: 2 })
    : utils.generateKeyPairSync("ed25519"));
}

/** Generates an unencrypted key pair of another type (host keys with several algorithms). */
export function generateTypedKeyPair(type: "rsa" | "ecdsa"): KeyPair {
  return validKeyPair(undefined, () => type === "rsa"
    ? utils.generateKeyPairSync("rsa", { bits: 2048 })
    : utils.generateKeyPairSync("ecdsa", { bits: 256 }));
}

/**
 * ssh2 1.17's generator writes about 1 in 250 ed25519 keys with a 31-byte public key (a leading zero byte
 * dropped), which neither ssh2 nor ssh-keygen can load: generate again until the key parses.
 */
function validKeyPair(passphrase: string | undefined, generate: () => KeyPair): KeyPair {
  for (;;) {
    const pair = generate();
    if (!types.isNativeError(utils.parseKey(pair.private, passphrase))) return pair;
  }
}
