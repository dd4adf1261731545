package dev.remise.cli.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.cli.check.Operation.Result;
import dev.remise.cli.check.Violation.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of the checker on a history small enough to read. Times are plain numbers. */
class ReadAfterWriteCheckerTest {
  static final Result OK = new Result.Ok();
  static final Result NOT_FOUND = new Result.NotFound();
  static final Result FAILED = new Result.Failed("HttpTimeoutException: request timed out");

  static Operation put(String value, long start, long end) {
    return Operation.put(0, "gw1", "k", value, start, end, OK);
  }

  static Operation failedPut(String value, long start, long end) {
    return Operation.put(0, "gw1", "k", value, start, end, FAILED);
  }

  static Operation delete(long start, long end) {
    return Operation.delete(0, "gw1", "k", start, end, OK);
  }

  static Operation failedDelete(long start, long end) {
    return Operation.delete(0, "gw1", "k", start, end, FAILED);
  }

  static Operation read(String value, long start, long end) {
    return Operation.get(1, "gw2", "k", start, end, new Result.Found(value));
  }

  static Operation readNotFound(long start, long end) {
    return Operation.get(1, "gw2", "k", start, end, NOT_FOUND);
  }

  static List<Violation> violations(Operation... history) {
    return ReadAfterWriteChecker.check(List.of(history)).violations();
  }

  @Test
  void aStaleValueAfterAnAcknowledgedOverwriteIsAViolation() {
    Operation v1 = put("v1", 0, 10);
    Operation v2 = put("v2", 20, 30);
    Operation stale = read("v1", 40, 50);

    assertThat(violations(v1, v2, stale))
        .containsExactly(new Violation(Type.STALE_READ, stale, v1, v2));
  }

  @Test
  void theLatestAcknowledgedValueIsFine() {
    assertThat(violations(put("v1", 0, 10), put("v2", 20, 30), read("v2", 40, 50))).isEmpty();
  }

  @Test
  void aWriteStillRunningWhenTheReadBeganMayBeSeenOrNot() {
    Operation v1 = put("v1", 0, 10);
    Operation v2 = put("v2", 20, 45);

    assertThat(violations(v1, v2, read("v1", 40, 50), read("v2", 40, 50))).isEmpty();
  }

  @Test
  void aWriteAcknowledgedTheInstantTheReadBeganDoesNotYetCount() {
    assertThat(violations(put("v1", 0, 10), put("v2", 20, 40), read("v1", 40, 50))).isEmpty();
    assertThat(violations(put("v1", 0, 10), put("v2", 20, 39), read("v1", 40, 50))).hasSize(1);
  }

  @Test
  void overlappingWritesMayTakeEffectInEitherOrder() {
    // v2 ran entirely inside v1: either may have been applied last.
    Operation v1 = put("v1", 0, 30);
    Operation v2 = put("v2", 10, 20);

    assertThat(violations(v1, v2, read("v1", 40, 50), read("v2", 40, 50))).isEmpty();
  }

  @Test
  void aFailedWriteSupersedesNothingAndItsValueMayBeReadAtAnyTime() {
    Operation v1 = put("v1", 0, 10);
    Operation lost = failedPut("v2", 20, 30);

    assertThat(
            violations(
                v1,
                lost,
                read("v1", 40, 50),
                read("v2", 40, 50),
                read("v1", 1_000, 1_010),
                read("v2", 1_000, 1_010)))
        .isEmpty();
  }

  @Test
  void aFailedWritesValueMayStillAppearAfterALaterAcknowledgedWrite() {
    // The failed write may take effect late, even after v3 was acknowledged: reading it is allowed.
    assertThat(
            violations(
                put("v1", 0, 10), failedPut("v2", 20, 30), put("v3", 40, 50), read("v2", 60, 70)))
        .isEmpty();
  }

  @Test
  void notFoundAfterAnAcknowledgedPutIsAViolation() {
    Operation v1 = put("v1", 0, 10);
    Operation missed = readNotFound(20, 30);

    assertThat(violations(v1, missed))
        .containsExactly(new Violation(Type.STALE_READ, missed, null, v1));
  }

  @Test
  void notFoundWhileTheFirstPutRunsIsFine() {
    assertThat(violations(put("v1", 0, 50), readNotFound(10, 20))).isEmpty();
  }

  @Test
  void notFoundAfterAnAcknowledgedDeleteIsFine() {
    assertThat(violations(put("v1", 0, 10), delete(20, 30), readNotFound(40, 50))).isEmpty();
  }

  @Test
  void aValueAfterAnAcknowledgedDeleteIsAViolation() {
    Operation v1 = put("v1", 0, 10);
    Operation deleted = delete(20, 30);
    Operation stale = read("v1", 40, 50);

    assertThat(violations(v1, deleted, stale))
        .containsExactly(new Violation(Type.STALE_READ, stale, v1, deleted));
  }

  @Test
  void notFoundExplainedByAFailedDeleteIsFine() {
    assertThat(violations(put("v1", 0, 10), failedDelete(20, 30), readNotFound(40, 50))).isEmpty();
  }

  @Test
  void notFoundAfterADeleteThatAnAcknowledgedPutSupersededIsAViolation() {
    Operation deleted = delete(20, 30);
    Operation v2 = put("v2", 40, 50);
    Operation stale = readNotFound(60, 70);

    assertThat(violations(put("v1", 0, 10), deleted, v2, stale))
        .containsExactly(new Violation(Type.STALE_READ, stale, deleted, v2));
  }

  @Test
  void notFoundIsExplainedByADeleteThatStartedBeforeTheReadEnded() {
    Operation v1 = put("v1", 0, 10);
    assertThat(violations(v1, delete(25, 60), readNotFound(20, 30))).isEmpty();
    // A delete that began only after the read ended cannot explain it.
    Operation missed = readNotFound(20, 30);
    assertThat(violations(v1, delete(35, 60), missed))
        .containsExactly(new Violation(Type.STALE_READ, missed, null, v1));
  }

  @Test
  void aValueNoWriteWroteIsAViolation() {
    Operation garbage = read("never-written", 40, 50);

    assertThat(violations(put("v1", 0, 10), garbage))
        .containsExactly(new Violation(Type.UNKNOWN_VALUE, garbage, null, null));
  }

  @Test
  void aValueWrittenToAnotherKeyIsAViolation() {
    Operation elsewhere = Operation.put(0, "gw1", "other", "v9", 0, 10, OK);
    Operation crossed = read("v9", 40, 50);

    assertThat(violations(elsewhere, crossed))
        .containsExactly(new Violation(Type.UNKNOWN_VALUE, crossed, elsewhere, null));
  }

  @Test
  void aValueWhosePutStartedAfterTheReadEndedIsAViolation() {
    Operation later = put("v1", 100, 110);
    Operation early = read("v1", 0, 10);

    assertThat(violations(later, early))
        .containsExactly(new Violation(Type.READ_BEFORE_WRITE, early, later, null));
  }

  @Test
  void failedReadsAreNeverViolations() {
    assertThat(
            violations(
                put("v1", 0, 10),
                put("v2", 20, 30),
                Operation.get(1, "gw2", "k", 40, 50, new Result.Failed("HTTP 503"))))
        .isEmpty();
  }

  @Test
  void keysAreCheckedIndependently() {
    Operation a = Operation.put(0, "gw1", "a", "va", 0, 10, OK);
    Operation b = Operation.get(1, "gw1", "b", 20, 30, NOT_FOUND);

    assertThat(ReadAfterWriteChecker.check(List.of(a, b)).violations()).isEmpty();
  }

  @Test
  void countsAddUp() {
    CheckReport report =
        ReadAfterWriteChecker.check(
            List.of(
                put("v1", 0, 10),
                failedPut("v2", 20, 30),
                delete(40, 50),
                failedDelete(60, 70),
                readNotFound(80, 90),
                read("v2", 80, 90),
                Operation.get(1, "gw2", "k", 80, 90, FAILED)));

    assertThat(report).isEqualTo(new CheckReport(7, 3, 2, 2, 1, 1, 1, 1, List.of()));
    assertThat(report.failed()).isEqualTo(3);
    assertThat(report.ok()).isTrue();
  }

  @Test
  void violationsAreListedInTheOrderTheReadsStarted() {
    List<Violation> found =
        violations(
            put("v1", 0, 10),
            put("v2", 20, 30),
            read("v1", 90, 95),
            read("v1", 40, 50),
            readNotFound(60, 70));

    assertThat(found).extracting(v -> v.read().start()).containsExactly(40L, 60L, 90L);
  }

  @Test
  void aValueWrittenTwiceIsRefused() {
    assertThatThrownBy(() -> violations(put("v1", 0, 10), put("v1", 20, 30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("v1");
  }

  @Test
  void operationsRefuseResultsTheirKindCannotHave() {
    assertThatThrownBy(() -> Operation.get(0, "gw", "k", 0, 1, OK))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Operation.put(0, "gw", "k", "v", 0, 1, NOT_FOUND))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Operation.delete(0, "gw", "k", 0, 1, new Result.Found("v")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Operation.put(0, "gw", "k", "v", 10, 5, OK))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
