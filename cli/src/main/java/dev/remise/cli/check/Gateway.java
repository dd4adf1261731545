package dev.remise.cli.check;

import dev.remise.cli.check.Operation.Result;

/**
 * One way into the store under test: an S3 gateway, or in tests a map. Each call answers as {@link
 * Operation} records it; an exception (connection refused, timeout) is recorded as a failure.
 */
public interface Gateway {
  /** How reports name it: the endpoint URL. */
  String name();

  /**
   * {@link Result.Found} or {@link Result.NotFound}, or {@link Result.Failed} on an error answer.
   */
  Result get(String key) throws Exception;

  /** {@link Result.Ok} once acknowledged, else {@link Result.Failed}. */
  Result put(String key, String value) throws Exception;

  /** {@link Result.Ok} once acknowledged (also for an absent key), else {@link Result.Failed}. */
  Result delete(String key) throws Exception;
}
