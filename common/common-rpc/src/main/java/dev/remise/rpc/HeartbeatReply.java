package dev.remise.rpc;

/**
 * layout-admin's answer to a {@link Heartbeat}: its current layout version and the digests of its
 * layout history and of its list of peers, so a node whose own copy differs knows to pull.
 *
 * @param layoutVersion the current layout version
 * @param layoutDigest hex digest of the whole layout history ({@code LayoutHistory.digest()})
 * @param peersDigest hex digest of the peer list ({@link PeerList#digest()}); null from a
 *     layout-admin that serves none
 */
public record HeartbeatReply(long layoutVersion, String layoutDigest, String peersDigest) {}
