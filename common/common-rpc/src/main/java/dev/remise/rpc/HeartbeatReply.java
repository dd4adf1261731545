package dev.remise.rpc;

/**
 * layout-admin's answer to a {@link Heartbeat}: its current layout version and the digest of its
 * layout history, so a node whose own history differs knows to pull the layout.
 *
 * @param layoutVersion the current layout version
 * @param layoutDigest hex digest of the whole layout history ({@code LayoutHistory.digest()})
 */
public record HeartbeatReply(long layoutVersion, String layoutDigest) {}
