package dev.remise.s3.api;

import java.util.Objects;

/**
 * The {@code Owner} element of S3 responses. Remise has no AWS accounts; the owner is the access
 * key, as in Garage.
 *
 * @param id the canonical user ID ({@code <ID>})
 * @param displayName the display name ({@code <DisplayName>})
 */
public record Owner(String id, String displayName) {
  public Owner {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
  }
}
