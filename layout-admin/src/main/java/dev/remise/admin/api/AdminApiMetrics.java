package dev.remise.admin.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The admin API's meters, under Garage's names and tag so its dashboards read them: requests and
 * errors per operation, and their duration. Prometheus shows the counters with a {@code _total}
 * suffix and the timer in seconds ({@code api_admin_request_duration_seconds}). Paths that name no
 * operation share the tag {@value #UNKNOWN}, so a scanner cannot grow the series without bound.
 */
public final class AdminApiMetrics {
  static final String UNKNOWN = "Unknown";

  private final MeterRegistry registry;

  public AdminApiMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  Timer.Sample start() {
    return Timer.start(registry);
  }

  void record(String endpoint, int status, Timer.Sample sample) {
    sample.stop(
        Timer.builder("api_admin_request_duration")
            .description("Duration of admin API calls, per operation")
            .tag("api_endpoint", endpoint)
            .publishPercentileHistogram()
            .register(registry));
    Counter.builder("api_admin_request_counter")
        .description("Number of admin API calls, per operation")
        .tag("api_endpoint", endpoint)
        .register(registry)
        .increment();
    if (status >= 400) {
      Counter.builder("api_admin_error_counter")
          .description("Number of admin API calls that returned an error, per operation and status")
          .tag("api_endpoint", endpoint)
          .tag("status_code", Integer.toString(status))
          .register(registry)
          .increment();
    }
  }
}
