package dev.remise.table;

/**
 * How a table's entries are spread over the metadata nodes (garage-internals §3.9). The schema
 * declares it because it follows from what the table holds: the small tables every request reads
 * are copied everywhere, the rest is sharded.
 */
public enum TableReplication {
  /** On the nodes of the entry's ring partition: object, version, multipart_upload... */
  SHARDED,
  /** On every metadata node, majority quorums, one Merkle partition: buckets, keys, aliases. */
  FULL_COPY
}
