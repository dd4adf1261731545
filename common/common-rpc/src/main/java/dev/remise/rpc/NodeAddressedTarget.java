package dev.remise.rpc;

import feign.Request;
import feign.RequestTemplate;
import feign.Target;

/**
 * Feign's {@code Target.EmptyTarget} semantics, meterable: every call names its node with its
 * {@code URI} argument (addresses come from configuration, later from the layout) and a call
 * without one is refused. It differs only in {@link #url()}: feign-micrometer's {@code
 * MicrometerCapability} tags every meter with {@code host} taken from {@code Target.url()}, which
 * {@code EmptyTarget} refuses to answer (every metered call would fail); here it is {@code
 * http://<role>}, so meters are tagged with the role called.
 */
public record NodeAddressedTarget<T>(Class<T> type, String name) implements Target<T> {

  @Override
  public String url() {
    return "http://" + name;
  }

  @Override
  public Request apply(RequestTemplate input) {
    if (!input.url().startsWith("http")) {
      throw new UnsupportedOperationException(
          "a call to " + name + " must name its node with a URI argument");
    }
    return input.request();
  }
}
