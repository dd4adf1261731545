package dev.remise.rpc;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import feign.Request;
import feign.RetryableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaleConnectionRetryerTest {
  private static RetryableException failed(IOException cause) {
    Request request =
        Request.create(
            Request.HttpMethod.PUT, "http://node", Map.of(), null, StandardCharsets.UTF_8, null);
    return new RetryableException(
        -1, cause.getMessage(), Request.HttpMethod.PUT, cause, (Long) null, request);
  }

  @Test
  void aDeadPooledConnectionIsRetriedOnceAtOnce() {
    StaleConnectionRetryer retryer = new StaleConnectionRetryer();
    RetryableException eof = failed(new IOException("Unexpected end of file from server"));

    assertThatCode(() -> retryer.continueOrPropagate(eof)).doesNotThrowAnyException();
    assertThatThrownBy(() -> retryer.continueOrPropagate(eof)).isSameAs(eof);
    assertThatCode(
            () ->
                new StaleConnectionRetryer()
                    .continueOrPropagate(failed(new SocketException("Connection reset"))))
        .doesNotThrowAnyException();
  }

  @Test
  void aRefusedConnectionOrATimeoutIsNotRetried() {
    RetryableException refused = failed(new ConnectException("Connection refused"));
    RetryableException timeout = failed(new SocketTimeoutException("Read timed out"));

    assertThatThrownBy(() -> new StaleConnectionRetryer().continueOrPropagate(refused))
        .isSameAs(refused);
    assertThatThrownBy(() -> new StaleConnectionRetryer().continueOrPropagate(timeout))
        .isSameAs(timeout);
  }
}
