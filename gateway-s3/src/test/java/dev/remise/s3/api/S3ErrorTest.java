package dev.remise.s3.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class S3ErrorTest {

  @Test
  void tableHasAwsStatusesAndCodes() {
    Map<String, Integer> table =
        Arrays.stream(S3Error.values()).collect(Collectors.toMap(S3Error::code, S3Error::status));

    assertThat(table)
        .containsAllEntriesOf(
            Map.ofEntries(
                Map.entry("AccessDenied", 403),
                Map.entry("BadDigest", 400),
                Map.entry("BucketAlreadyExists", 409),
                Map.entry("BucketAlreadyOwnedByYou", 409),
                Map.entry("BucketNotEmpty", 409),
                Map.entry("EntityTooLarge", 400),
                Map.entry("EntityTooSmall", 400),
                Map.entry("IncompleteBody", 400),
                Map.entry("InternalError", 500),
                Map.entry("InvalidAccessKeyId", 403),
                Map.entry("InvalidArgument", 400),
                Map.entry("InvalidBucketName", 400),
                Map.entry("InvalidDigest", 400),
                Map.entry("InvalidPart", 400),
                Map.entry("InvalidPartOrder", 400),
                Map.entry("InvalidRange", 416),
                Map.entry("InvalidRequest", 400),
                Map.entry("InvalidURI", 400),
                Map.entry("AuthorizationHeaderMalformed", 400),
                Map.entry("MalformedXML", 400),
                Map.entry("MethodNotAllowed", 405),
                Map.entry("MissingContentLength", 411),
                Map.entry("MissingSecurityHeader", 400),
                Map.entry("NoSuchBucket", 404),
                Map.entry("NoSuchKey", 404),
                Map.entry("NoSuchUpload", 404),
                Map.entry("NotImplemented", 501),
                Map.entry("PreconditionFailed", 412),
                Map.entry("RequestTimeTooSkewed", 403),
                Map.entry("ServiceUnavailable", 503),
                Map.entry("SignatureDoesNotMatch", 403),
                Map.entry("XAmzContentSHA256Mismatch", 400),
                Map.entry("KeyTooLongError", 400),
                Map.entry("MetadataTooLarge", 400),
                Map.entry("InvalidObjectState", 403),
                Map.entry("SlowDown", 503)));
  }

  @Test
  void everyErrorHasAMessage() {
    assertThat(S3Error.values()).allSatisfy(e -> assertThat(e.defaultMessage()).isNotBlank());
  }

  @Test
  void exceptionFallsBackToTheDefaultMessage() {
    S3Exception e = new S3Exception(S3Error.NO_SUCH_BUCKET);

    assertThat(e.getMessage()).isEqualTo("The specified bucket does not exist.");
    assertThat(e.resource()).isNull();
    assertThat(e.getStackTrace()).isEmpty();
  }
}
