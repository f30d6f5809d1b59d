// Key pairs for the SSH transport tests.
import { utils } from "ssh2";

/** A generated key pair: `private` in OpenSSH format, `public` as an authorized_keys line. */
export interface KeyPair {
  private: string;
  public: string;
}

/** Generates an ed25519 key pair, encrypted with `passphrase` when given. */
export function generateKeyPair(passphrase?: string): KeyPair {
  return passphrase
    ? utils.generateKeyPairSync("ed25519", { passphrase, cipher: "aes256-ctr", rounds: 2 })
    : utils.generateKeyPairSync("ed25519");
}

/** Generates an unencrypted key pair of another type (host keys with several algorithms). */
export function generateTypedKeyPair(type: "rsa" | "ecdsa"): KeyPair {
  return type === "rsa" ? utils.generateKeyPairSync("rsa", { bits: 2048 }) : utils.generateKeyPairSync("ecdsa", { bits: 256 });
}
