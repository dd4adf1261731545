/**
 * The cluster layout: which storage nodes hold each of the 256 partitions, for the metadata ring
 * and for the block ring.
 *
 * <p>{@link dev.remise.layout.NodeRole} says what an operator assigned to a node; {@link
 * dev.remise.layout.LayoutComputer} turns the roles and each ring's {@link
 * dev.remise.layout.RingParameters} into an optimal {@link dev.remise.layout.RingLayout} (largest
 * partition size, then fewest partition copies moved) and both rings into one {@link
 * dev.remise.layout.LayoutVersion}; {@link dev.remise.layout.LayoutChecker} validates any ring,
 * ours or received; {@link dev.remise.layout.LayoutStatistics} is what the operator is shown.
 * {@link dev.remise.layout.LayoutHistory} holds the versions in use, the staged changes and the
 * update trackers, merges as a CRDT, and is persisted with {@link dev.remise.layout.LayoutCodec}.
 * The graph algorithms behind the computation are package-private.
 */
@NullMarked
package dev.remise.layout;

import org.jspecify.annotations.NullMarked;
