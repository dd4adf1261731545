package dev.remise.model;

import dev.remise.core.Uuid;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.ObjectVersion.State;
import dev.remise.model.s3.S3Object;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated histories of one object key, and replicas built from them.
 *
 * <p>A scenario gives each of a few version uuids one timestamp (from a pool of three, so versions
 * often tie on the timestamp and are ordered by uuid) and one story, as in reality: the version is
 * written {@code Uploading}, then {@code Complete} with one fixed data, or {@code Aborted}, or it
 * is still in progress. When asked, a story may also abort a version after it completed, which
 * happens when AbortMultipartUpload races CompleteMultipartUpload, or when a PutObject whose commit
 * reached one replica but timed out writes {@code Aborted}. A write is one state of one story; a
 * replica is a few writes merged in the order they arrived, so every replica is a reachable state.
 */
public final class ObjectHistories {
  public static final Uuid BUCKET = ModelArbitraries.uuid(0x0b);
  public static final String KEY = "photos/cat.jpg";

  private static final int VERSION_UUIDS = 4;

  private ObjectHistories() {}

  /** How a version's life ends. */
  public enum Fate {
    IN_PROGRESS,
    COMPLETES,
    ABORTS,
    COMPLETES_THEN_ABORTED
  }

  /** The life of one version: the states it can be written in, in the order it goes through. */
  public record VersionStory(
      Uuid uuid, long timestamp, State.Uploading uploading, State.Complete complete, Fate fate) {

    public List<State> states() {
      List<State> states = new ArrayList<>();
      states.add(uploading);
      if (fate == Fate.COMPLETES || fate == Fate.COMPLETES_THEN_ABORTED) {
        states.add(complete);
      }
      if (fate == Fate.ABORTS || fate == Fate.COMPLETES_THEN_ABORTED) {
        states.add(new State.Aborted());
      }
      return states;
    }

    public ObjectVersion in(State state) {
      return new ObjectVersion(uuid, timestamp, state);
    }
  }

  /** The stories of every version of the key. */
  public record Scenario(List<VersionStory> stories) {

    /** One write: some state of some version. */
    public Arbitrary<ObjectVersion> writes() {
      return Arbitraries.of(stories).flatMap(s -> Arbitraries.of(s.states()).map(s::in));
    }

    /** A replica: the merge of the writes it received, in the order it received them. */
    public Arbitrary<S3Object> replicas() {
      return writes().list().ofMinSize(1).ofMaxSize(6).map(ObjectHistories::merged);
    }
  }

  /** A scenario and some of its writes, in arrival order. */
  public record Writes(Scenario scenario, List<ObjectVersion> writes) {}

  public static Arbitrary<Scenario> scenarios(boolean abortMayFollowCompletion) {
    Arbitrary<Fate> fates =
        abortMayFollowCompletion
            ? Arbitraries.of(Fate.class)
            : Arbitraries.of(Fate.IN_PROGRESS, Fate.COMPLETES, Fate.ABORTS);
    List<Arbitrary<VersionStory>> stories = new ArrayList<>();
    for (int u = 1; u <= VERSION_UUIDS; u++) {
      Uuid uuid = ModelArbitraries.uuid(u);
      stories.add(
          Combinators.combine(
                  Arbitraries.longs().between(1, 3),
                  ModelArbitraries.uploading(),
                  ModelArbitraries.data().map(State.Complete::new),
                  fates)
              .as((ts, up, done, fate) -> new VersionStory(uuid, ts, up, done, fate)));
    }
    return Combinators.combine(stories).as(Scenario::new);
  }

  /** {@code n} replicas of the same key, each holding some writes of one scenario. */
  public static Arbitrary<List<S3Object>> replicas(int n, boolean abortMayFollowCompletion) {
    return scenarios(abortMayFollowCompletion).flatMap(s -> s.replicas().list().ofSize(n));
  }

  public static Arbitrary<Writes> writes(boolean abortMayFollowCompletion) {
    return scenarios(abortMayFollowCompletion)
        .flatMap(s -> s.writes().list().ofMinSize(1).ofMaxSize(8).map(w -> new Writes(s, w)));
  }

  public static S3Object single(ObjectVersion v) {
    return new S3Object(BUCKET, KEY, List.of(v));
  }

  /** What a replica holds after receiving {@code writes} in this order. */
  public static S3Object merged(List<ObjectVersion> writes) {
    S3Object merged = single(writes.getFirst());
    for (ObjectVersion w : writes.subList(1, writes.size())) {
      merged = merged.merge(single(w));
    }
    return merged;
  }
}
