package dev.remise.admin.access;

/** CreateBucket's local alias: a name in one key's namespace, and what that key may do. */
public record LocalAliasRequest(String accessKeyId, String alias, Permissions allow) {}
