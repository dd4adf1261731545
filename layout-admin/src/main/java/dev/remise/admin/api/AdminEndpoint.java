package dev.remise.admin.api;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every operation of Garage's admin API v2 ({@code /v2/<Operation>}, from its OpenAPI document
 * v2.3.0), with its HTTP method and whether Remise serves it yet. The constants are spelled as the
 * operations so that {@link #name()} is the wire name and the {@code api_endpoint} metrics tag. A
 * known operation that is not built answers 501 naming it, so Garage tooling gets a clear "not yet"
 * instead of a 404 that reads like a typo.
 */
public enum AdminEndpoint {
  // Cluster
  GetClusterStatus(Method.GET, true),
  GetClusterHealth(Method.GET, true),
  ConnectClusterNodes(Method.POST, false),
  // Admin tokens
  ListAdminTokens(Method.GET, false),
  GetAdminTokenInfo(Method.GET, false),
  GetCurrentAdminTokenInfo(Method.GET, false),
  CreateAdminToken(Method.POST, false),
  UpdateAdminToken(Method.POST, false),
  DeleteAdminToken(Method.POST, false),
  // Layout
  GetClusterLayout(Method.GET, true),
  GetClusterLayoutHistory(Method.GET, true),
  UpdateClusterLayout(Method.POST, true),
  PreviewClusterLayoutChanges(Method.POST, true),
  ApplyClusterLayout(Method.POST, true),
  RevertClusterLayout(Method.POST, true),
  ClusterLayoutSkipDeadNodes(Method.POST, true),
  // Access keys
  ListKeys(Method.GET, true),
  GetKeyInfo(Method.GET, true),
  CreateKey(Method.POST, true),
  ImportKey(Method.POST, true),
  UpdateKey(Method.POST, false),
  DeleteKey(Method.POST, false),
  // Buckets
  ListBuckets(Method.GET, true),
  GetBucketInfo(Method.GET, true),
  CreateBucket(Method.POST, true),
  UpdateBucket(Method.POST, false),
  DeleteBucket(Method.POST, false),
  CleanupIncompleteUploads(Method.POST, false),
  InspectObject(Method.GET, false),
  // Permissions
  AllowBucketKey(Method.POST, true),
  DenyBucketKey(Method.POST, true),
  // Aliases
  AddBucketAlias(Method.POST, false),
  RemoveBucketAlias(Method.POST, false),
  // Nodes
  GetNodeInfo(Method.GET, false),
  CreateMetadataSnapshot(Method.POST, false),
  GetNodeStatistics(Method.GET, false),
  GetClusterStatistics(Method.GET, false),
  LaunchRepairOperation(Method.POST, true),
  // Workers
  ListWorkers(Method.POST, true),
  GetWorkerInfo(Method.POST, true),
  GetWorkerVariable(Method.POST, true),
  SetWorkerVariable(Method.POST, true),
  // Blocks
  ListBlockErrors(Method.GET, true),
  GetBlockInfo(Method.POST, true),
  RetryBlockResync(Method.POST, true),
  PurgeBlocks(Method.POST, true);

  private static final Map<String, AdminEndpoint> BY_NAME =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));

  private final Method method;
  private final boolean implemented;

  AdminEndpoint(Method method, boolean implemented) {
    this.method = method;
    this.implemented = implemented;
  }

  /** The operation named by the last path segment, exactly as Garage spells it. */
  public static Optional<AdminEndpoint> byName(String operation) {
    return Optional.ofNullable(BY_NAME.get(operation));
  }

  public Method method() {
    return method;
  }

  public boolean implemented() {
    return implemented;
  }

  /** Garage's v2 operations read with GET (query parameters) and change with POST (JSON body). */
  public enum Method {
    GET,
    POST
  }
}
