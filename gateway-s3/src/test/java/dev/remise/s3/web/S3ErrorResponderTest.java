package dev.remise.s3.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.Hash;
import dev.remise.replication.NoStorageNodesException;
import dev.remise.rpc.BlockClient;
import dev.remise.rpc.QuorumUnavailableException;
import dev.remise.rpc.RpcRejectedException;
import dev.remise.rpc.RpcUnavailableException;
import dev.remise.s3.api.S3Error;
import dev.remise.s3.api.S3Exception;
import dev.remise.sigv4.AuthFailure;
import dev.remise.sigv4.PayloadException;
import dev.remise.sigv4.PayloadFailure;
import dev.remise.sigv4.SigV4Exception;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class S3ErrorResponderTest {
  private static final Map<AuthFailure, S3Error> AUTH =
      Map.of(
          AuthFailure.SIGNATURE_DOES_NOT_MATCH, S3Error.SIGNATURE_DOES_NOT_MATCH,
          AuthFailure.INVALID_ACCESS_KEY_ID, S3Error.INVALID_ACCESS_KEY_ID,
          AuthFailure.AUTHORIZATION_HEADER_MALFORMED, S3Error.AUTHORIZATION_HEADER_MALFORMED,
          AuthFailure.MISSING_SECURITY_HEADER, S3Error.MISSING_SECURITY_HEADER,
          AuthFailure.ACCESS_DENIED, S3Error.ACCESS_DENIED,
          AuthFailure.REQUEST_TIME_TOO_SKEWED, S3Error.REQUEST_TIME_TOO_SKEWED,
          AuthFailure.INVALID_ARGUMENT, S3Error.INVALID_ARGUMENT);
  private static final Map<PayloadFailure, S3Error> PAYLOAD =
      Map.of(
          PayloadFailure.CONTENT_SHA256_MISMATCH, S3Error.X_AMZ_CONTENT_SHA256_MISMATCH,
          PayloadFailure.BAD_DIGEST, S3Error.BAD_DIGEST,
          PayloadFailure.INVALID_DIGEST, S3Error.INVALID_DIGEST,
          PayloadFailure.SIGNATURE_DOES_NOT_MATCH, S3Error.SIGNATURE_DOES_NOT_MATCH,
          PayloadFailure.INCOMPLETE_BODY, S3Error.INCOMPLETE_BODY,
          PayloadFailure.MALFORMED_CHUNK, S3Error.INVALID_REQUEST);

  @ParameterizedTest
  @EnumSource(AuthFailure.class)
  void everyAuthenticationFailureHasItsAwsCode(AuthFailure failure) {
    var f = S3ErrorResponder.toS3(new SigV4Exception(failure, "why"));
    assertThat(f.error()).isEqualTo(AUTH.get(failure));
    assertThat(f.message()).isEqualTo("why");
  }

  @ParameterizedTest
  @EnumSource(PayloadFailure.class)
  void everyPayloadFailureHasItsAwsCode(PayloadFailure failure) {
    assertThat(S3ErrorResponder.toS3(new PayloadException(failure, "why")).error())
        .isEqualTo(PAYLOAD.get(failure));
  }

  @Test
  void s3ExceptionsKeepTheirErrorAndMessage() {
    var f = S3ErrorResponder.toS3(new S3Exception(S3Error.NO_SUCH_KEY, "gone"));
    assertThat(f).isEqualTo(new S3ErrorResponder.Failure(S3Error.NO_SUCH_KEY, "gone"));
  }

  @Test
  void unreachableNodesAndMissingBlocksAre503NotInternalErrors() {
    URI node = URI.create("http://n");
    assertThat(S3ErrorResponder.toS3(new RpcUnavailableException(node, new IOException())).error())
        .isEqualTo(S3Error.SERVICE_UNAVAILABLE);
    assertThat(S3ErrorResponder.toS3(new RpcRejectedException(node, 403, "")).error())
        .isEqualTo(S3Error.SERVICE_UNAVAILABLE);
    assertThat(
            S3ErrorResponder.toS3(new BlockClient.BlockNotFoundException(new Hash(new byte[32])))
                .error())
        .isEqualTo(S3Error.SERVICE_UNAVAILABLE);
    assertThat(
            S3ErrorResponder.toS3(new QuorumUnavailableException("no quorum", List.of())).error())
        .isEqualTo(S3Error.SERVICE_UNAVAILABLE);
    assertThat(S3ErrorResponder.toS3(new NoStorageNodesException("no layout")).error())
        .isEqualTo(S3Error.SERVICE_UNAVAILABLE);
    assertThat(S3Error.SERVICE_UNAVAILABLE.status()).isEqualTo(503);
  }

  @Test
  void onlyUnexpectedFailuresAreInternalErrors() {
    var f = S3ErrorResponder.toS3(new NullPointerException("bug"));
    assertThat(f.error()).isEqualTo(S3Error.INTERNAL_ERROR);
    assertThat(f.message()).doesNotContain("bug");
  }
}
