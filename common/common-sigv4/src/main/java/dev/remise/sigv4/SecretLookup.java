package dev.remise.sigv4;

import java.util.Optional;

/**
 * The port through which the verifier finds the secret key of an access key id. Empty means the key
 * does not exist (or is deleted), which the verifier reports as {@link
 * AuthFailure#INVALID_ACCESS_KEY_ID}.
 */
@FunctionalInterface
public interface SecretLookup {
  Optional<String> secretKeyFor(String accessKeyId);
}
