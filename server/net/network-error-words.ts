/** What the system's network error codes mean, for messages a person reads ("cannot resolve x: no such host"). */
const WORDS: Record<string, string> = {
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the name lookup failed for now (no answer from DNS)',
  EAI_FAIL: 'the name lookup failed',
  ENODATA: 'the host has no address',
  ECONNREFUSED: 'the connection was refused (nothing listens on that port)',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  EPROTO: 'the TLS handshake failed',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate is signed by an unknown authority',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host name',
  HPE_INVALID_CONSTANT: 'it did not answer in HTTP',
  ERR_INVALID_HTTP_RESPONSE: 'it did not answer in HTTP',
};

/** The words for a Node network error (its code), or its own message when the code is not one we know. */
export function networkErrorWords(error: { code?: string; message: string }): string {
  return (error.code && WORDS[error.code]) || error.code || error.message;
}
