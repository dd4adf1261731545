package dev.remise.s3.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreateBucketConfigurationTest {

  @Test
  void emptyBodyMeansNoConstraint() {
    assertThat(CreateBucketConfiguration.parse(new byte[0]).locationConstraint()).isNull();
    assertThat(CreateBucketConfiguration.parse(bytes(" \r\n\t")).locationConstraint()).isNull();
    assertThat(CreateBucketConfiguration.parse(null).locationConstraint()).isNull();
  }

  @Test
  void readsTheLocationConstraint() {
    String body =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
          <LocationConstraint>garage</LocationConstraint>
        </CreateBucketConfiguration>
        """;

    assertThat(CreateBucketConfiguration.parse(bytes(body)).locationConstraint())
        .isEqualTo("garage");
  }

  @Test
  void acceptsNoNamespaceAndIgnoresOtherElements() {
    String body =
        "<CreateBucketConfiguration><Location><Name>x</Name></Location>"
            + "<LocationConstraint> eu-west-1 </LocationConstraint><!-- note --><ObjectOwnership/>"
            + "</CreateBucketConfiguration>";

    assertThat(CreateBucketConfiguration.parse(bytes(body)).locationConstraint())
        .isEqualTo("eu-west-1");
  }

  @Test
  void emptyConstraintMeansNone() {
    String body = "<CreateBucketConfiguration><LocationConstraint/></CreateBucketConfiguration>";

    assertThat(CreateBucketConfiguration.parse(bytes(body)).locationConstraint()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not xml",
        "<CreateBucketConfiguration>",
        "<CreateBucketConfiguration></Other>",
        "<Other><LocationConstraint>x</LocationConstraint></Other>",
        "<CreateBucketConfiguration xmlns=\"urn:other\"></CreateBucketConfiguration>",
        "<CreateBucketConfiguration><LocationConstraint><b>x</b></LocationConstraint></CreateBucketConfiguration>",
        "<CreateBucketConfiguration><LocationConstraint>a</LocationConstraint>"
            + "<LocationConstraint>b</LocationConstraint></CreateBucketConfiguration>",
        "<CreateBucketConfiguration></CreateBucketConfiguration><Second/>",
        "<CreateBucketConfiguration><LocationConstraint>&undefined;</LocationConstraint></CreateBucketConfiguration>"
      })
  void refusesMalformedBodies(String body) {
    assertMalformed(body);
  }

  @Test
  void refusesExternalEntitiesWithoutReadingThem(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("secret");
    Files.writeString(secret, "eu-secret-1");
    String body =
        "<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">]><CreateBucketConfiguration><LocationConstraint>&xxe;</LocationConstraint>"
            + "</CreateBucketConfiguration>";

    assertMalformed(body);
  }

  @Test
  void refusesEntityExpansion() {
    String body =
        "<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
            + "<CreateBucketConfiguration><LocationConstraint>&b;</LocationConstraint>"
            + "</CreateBucketConfiguration>";

    assertMalformed(body);
  }

  private static void assertMalformed(String body) {
    assertThatThrownBy(() -> CreateBucketConfiguration.parse(bytes(body)))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.MALFORMED_XML));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
