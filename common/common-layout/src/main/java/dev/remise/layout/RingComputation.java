package dev.remise.layout;

/** A computed ring and what to show the operator about it. */
public record RingComputation(RingLayout layout, LayoutStatistics statistics) {}
