package dev.remise.model.s3;

import static dev.remise.model.ModelArbitraries.uuid;
import static dev.remise.model.ObjectHistories.merged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.model.CrdtLaws;
import dev.remise.model.ObjectHistories;
import dev.remise.model.ObjectHistories.VersionStory;
import dev.remise.model.s3.ObjectVersion.State;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The object merge (union of versions, then drop everything before the last complete one) is a CRDT
 * join on the states replicas can reach. Replicas are generated from shared histories (see {@link
 * ObjectHistories}): a version uuid has one timestamp and one story.
 */
class ObjectMergeTest {
  private static final ObjectTable TABLE = ObjectTable.INSTANCE;

  @Provide
  Arbitrary<List<S3Object>> replicas() {
    return ObjectHistories.replicas(3, false);
  }

  @Provide
  Arbitrary<List<S3Object>> replicasWithAbortAfterCompletion() {
    return ObjectHistories.replicas(3, true);
  }

  @Provide
  Arbitrary<ObjectHistories.Writes> writesWithAbortAfterCompletion() {
    return ObjectHistories.writes(true);
  }

  @Property
  void mergeIsCommutative(@ForAll("replicasWithAbortAfterCompletion") List<S3Object> r) {
    CrdtLaws.assertCommutative(TABLE, r.get(0), r.get(1));
  }

  @Property
  void mergeIsIdempotent(@ForAll("replicasWithAbortAfterCompletion") List<S3Object> r) {
    CrdtLaws.assertIdempotent(TABLE, r.get(0));
  }

  @Property
  void mergeIsAssociativeWhenNoVersionIsAbortedAfterCompleting(
      @ForAll("replicas") List<S3Object> r) {
    CrdtLaws.assertAssociative(TABLE, r.get(0), r.get(1), r.get(2));
  }

  /**
   * An abort can reach a version that already completed on some replica: AbortMultipartUpload
   * racing CompleteMultipartUpload, or PutObject writing Aborted after its Complete timed out on
   * quorum but reached one replica. Were Aborted to absorb Complete (Garage's rule), a replica that
   * first let the completion trim an older complete version would lose that version for good, while
   * a replica that saw the abort first would keep it. Complete therefore wins over a late abort.
   */
  @Property
  void mergeIsAssociativeEvenWhenAVersionIsAbortedAfterCompleting(
      @ForAll("replicasWithAbortAfterCompletion") List<S3Object> r) {
    CrdtLaws.assertAssociative(TABLE, r.get(0), r.get(1), r.get(2));
  }

  /** The smallest case of the property above: v1 complete, v2 (newer) complete then aborted. */
  @Example
  void replicasAgreeWhenAnAbortRacesTheCompletionOfTheNewestVersion() {
    ObjectVersion.Meta meta = new ObjectVersion.Meta(1, "e", ObjectVersion.Headers.none());
    State done = new State.Complete(new ObjectVersion.Data.Inline(meta, new byte[] {1}));
    S3Object olderComplete = ObjectHistories.single(new ObjectVersion(uuid(1), 1, done));
    S3Object newerComplete = ObjectHistories.single(new ObjectVersion(uuid(2), 2, done));
    S3Object newerAborted =
        ObjectHistories.single(new ObjectVersion(uuid(2), 2, new State.Aborted()));

    // Replica X: [v1 C] ⊔ [v2 C] trims v1, then the late abort changes nothing: [v2 C].
    // Replica Y: [v1 C] ⊔ [v2 Aborted] keeps v1 for now, then v2's completion trims it: [v2 C].
    CrdtLaws.assertAssociative(TABLE, newerComplete, olderComplete, newerAborted);
  }

  /**
   * The model of the merge: after merging any writes in any order, no version older than the last
   * complete one remains; the last complete one is the newest version any write completed (a late
   * abort never undoes a completion); every newer version is kept in its most advanced state
   * (Uploading < Aborted < Complete).
   */
  @Property
  void mergeKeepsTheNewestCompleteVersionAndDropsEverythingOlder(
      @ForAll("writesWithAbortAfterCompletion") ObjectHistories.Writes w) {
    S3Object result = merged(w.writes());
    List<ObjectVersion> versions = result.versions();

    assertThat(versions).isSortedAccordingTo(Comparator.naturalOrder());
    assertThat(versions).doesNotHaveDuplicates();
    for (int i = 1; i < versions.size(); i++) {
      assertThat(versions.get(i).isComplete()).as("complete version after the first").isFalse();
    }

    // Every version written, with the state all its writes merge to.
    TreeMap<ObjectVersion, ObjectVersion> expected = new TreeMap<>();
    Map<ObjectVersion, List<State>> statesByVersion =
        w.writes().stream()
            .collect(
                Collectors.groupingBy(
                    v -> new ObjectVersion(v.uuid(), v.timestamp(), new State.Aborted()),
                    Collectors.mapping(ObjectVersion::state, Collectors.toList())));
    statesByVersion.forEach(
        (k, states) ->
            expected.put(k, new ObjectVersion(k.uuid(), k.timestamp(), mostAdvanced(states))));
    Optional<ObjectVersion> newestCompleted =
        w.writes().stream().filter(ObjectVersion::isComplete).max(Comparator.naturalOrder());

    if (newestCompleted.isEmpty()) {
      assertThat(result.lastComplete()).isEmpty();
      assertThat(versions).containsExactlyElementsOf(expected.values());
      return;
    }
    ObjectVersion newest = newestCompleted.get();
    assertThat(result.lastComplete()).contains(newest);
    assertThat(result.lastComplete().get().state()).isEqualTo(storyOf(w, newest).complete());
    assertThat(versions).containsExactlyElementsOf(expected.tailMap(newest, true).values());
  }

  @Example
  void aNewerUploadIsKeptAfterTheCompleteVersionItWillReplace() {
    State done = new State.Complete(new ObjectVersion.Data.DeleteMarker());
    State uploading = new State.Uploading(false, ObjectVersion.Headers.none());
    ObjectVersion complete = new ObjectVersion(uuid(1), 5, done);
    ObjectVersion newer = new ObjectVersion(uuid(2), 6, uploading);
    ObjectVersion older = new ObjectVersion(uuid(3), 4, uploading);

    S3Object result = merged(List.of(newer, older, complete));

    assertThat(result.versions()).containsExactly(complete, newer);
  }

  @Example
  void versionsWithEqualTimestampsAreOrderedByUuid() {
    State done = new State.Complete(new ObjectVersion.Data.DeleteMarker());
    ObjectVersion low = new ObjectVersion(uuid(1), 5, done);
    ObjectVersion high = new ObjectVersion(uuid(2), 5, done);

    assertThat(merged(List.of(high, low)).versions()).containsExactly(high);
    assertThat(merged(List.of(low, high)).versions()).containsExactly(high);
  }

  /** Uploading < Aborted < Complete. */
  private static State mostAdvanced(List<State> states) {
    return states.stream()
        .filter(s -> s instanceof State.Complete)
        .findFirst()
        .or(() -> states.stream().filter(s -> s instanceof State.Aborted).findFirst())
        .orElse(states.getFirst());
  }

  private static VersionStory storyOf(ObjectHistories.Writes w, ObjectVersion v) {
    return w.scenario().stories().stream()
        .filter(s -> s.uuid().equals(v.uuid()))
        .findFirst()
        .orElseThrow();
  }
}
