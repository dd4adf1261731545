package dev.remise.block;

/** A failure the RPC layer reports as a given {@link BlockRpcError}. */
final class BlockRpcException extends RuntimeException {
  private final BlockRpcError error;

  BlockRpcException(BlockRpcError error, String message) {
    super(message);
    this.error = error;
  }

  BlockRpcError error() {
    return error;
  }
}
