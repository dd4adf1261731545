package dev.remise.metadata.rpc;

/** A query parameter of a table RPC that cannot be parsed: answered with 400. */
final class BadRpcRequestException extends RuntimeException {
  BadRpcRequestException(String message) {
    super(message);
  }
}
