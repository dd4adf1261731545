package dev.remise.s3.api;

/**
 * The S3 face of {@link dev.remise.model.admin.BucketNames}: a broken rule is InvalidBucketName.
 */
public final class BucketNames {
  private BucketNames() {}

  /**
   * Checks a name for a bucket about to be created.
   *
   * @throws S3Exception {@link S3Error#INVALID_BUCKET_NAME} saying which rule the name breaks
   */
  public static void validate(String name) {
    dev.remise.model.admin.BucketNames.problem(name)
        .ifPresent(
            problem -> {
              throw new S3Exception(
                  S3Error.INVALID_BUCKET_NAME,
                  "The specified bucket is not valid: " + problem,
                  name);
            });
  }

  /** Whether {@link #validate} accepts the name. */
  public static boolean isValid(String name) {
    return dev.remise.model.admin.BucketNames.isValid(name);
  }
}
