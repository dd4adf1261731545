package dev.remise.block;

import dev.remise.core.Hash;
import dev.remise.core.background.Worker;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads and verifies every block on disk (Garage's scrub worker): a copy that fails its check is
 * renamed aside by the read and handed to {@code onCorrupt}, which queues a resync so a good copy
 * comes back from another node. A pass walks the data dirs one {@code <ab>/<cd>} sub-directory at a
 * time and rests {@code tranquility} × the time each block took (default 4), so it uses a bounded
 * share of the disk. It starts by itself every 25 days plus a random 0 to 10 days, unless disabled,
 * and can be started, paused (for at most 24 hours), resumed and cancelled. Its state, including a
 * checkpoint taken every minute, survives restarts ({@link State}).
 */
public final class ScrubWorker implements Worker {
  private static final Logger LOG = LoggerFactory.getLogger(ScrubWorker.class);
  private static final long INTERVAL_MILLIS = Duration.ofDays(25).toMillis();
  private static final long JITTER_MILLIS = Duration.ofDays(10).toMillis();
  private static final long MAX_PAUSE_MILLIS = Duration.ofHours(24).toMillis();
  private static final long CHECKPOINT_MILLIS = Duration.ofMinutes(1).toMillis();
  private static final int PREFIXES = 1 << 16;

  /** What an operator asks for (LaunchRepairOperation scrub). */
  public enum Command {
    START,
    PAUSE,
    RESUME,
    CANCEL
  }

  /**
   * The persisted state.
   *
   * @param running whether a pass is under way
   * @param dir the data dir the pass is in (index in configuration order)
   * @param prefix the sub-directory ({@code hash[0..2]}) the pass resumes at
   * @param pausedUntil epoch ms until which a pause lasts; 0 when not paused
   * @param lastCompleted epoch ms of the last complete pass; 0 if none
   * @param nextRun epoch ms of the next automatic pass
   * @param corruptions corrupt blocks found, all passes together
   */
  public record State(
      boolean running,
      int dir,
      int prefix,
      long pausedUntil,
      long lastCompleted,
      long nextRun,
      long corruptions) {
    byte[] encode() {
      return ByteBuffer.allocate(1 + 4 + 4 + 8 * 4)
          .put((byte) (running ? 1 : 0))
          .putInt(dir)
          .putInt(prefix)
          .putLong(pausedUntil)
          .putLong(lastCompleted)
          .putLong(nextRun)
          .putLong(corruptions)
          .array();
    }

    State at(int dir, int prefix) {
      return new State(true, dir, prefix, pausedUntil, lastCompleted, nextRun, corruptions);
    }

    State pausedUntil(long until) {
      return new State(running, dir, prefix, until, lastCompleted, nextRun, corruptions);
    }

    State withCorruption() {
      return new State(running, dir, prefix, pausedUntil, lastCompleted, nextRun, corruptions + 1);
    }

    State started() {
      return new State(true, 0, 0, 0, lastCompleted, nextRun, corruptions);
    }

    State stopped(long completedAt, long next) {
      return new State(false, 0, 0, 0, completedAt, next, corruptions);
    }

    static State decode(byte[] b) {
      ByteBuffer buf = ByteBuffer.wrap(b);
      return new State(
          buf.get() == 1,
          buf.getInt(),
          buf.getInt(),
          buf.getLong(),
          buf.getLong(),
          buf.getLong(),
          buf.getLong());
    }
  }

  private final BlockStore store;
  private final Consumer<Hash> onCorrupt;
  private final MetadataDb db;
  private final InstantSource clock;
  private final boolean automatic;
  private final Random random;
  private final AtomicInteger tranquility;
  private final AtomicReference<Command> command = new AtomicReference<>();
  private final Deque<Hash> pending = new ArrayDeque<>();
  private State state;
  private long lastCheckpoint;
  private long checkedThisPass;

  /**
   * @param automatic false when {@code disable-scrub} is set: only an operator starts a pass
   */
  public ScrubWorker(
      BlockStore store,
      Consumer<Hash> onCorrupt,
      MetadataDb db,
      InstantSource clock,
      boolean automatic,
      int tranquility,
      Random random) {
    this.store = store;
    this.onCorrupt = onCorrupt;
    this.db = db;
    this.clock = clock;
    this.automatic = automatic;
    this.random = random;
    this.tranquility = new AtomicInteger(tranquility);
    this.state =
        db.scrubState()
            .map(State::decode)
            .orElseGet(() -> new State(false, 0, 0, 0, 0, nextRunFrom(clock.millis()), 0));
  }

  @Override
  public String name() {
    return "block scrub";
  }

  /** Queues an operator's command; it takes effect at the worker's next step. */
  public void command(Command c) {
    command.set(c);
  }

  public int tranquility() {
    return tranquility.get();
  }

  /** Garage's {@code scrub-tranquility} worker variable. */
  public void setTranquility(int t) {
    if (t < 0) {
      throw new IllegalArgumentException("scrub-tranquility must not be negative, got " + t);
    }
    tranquility.set(t);
  }

  public synchronized State state() {
    return state;
  }

  @Override
  public synchronized WorkerState work() throws Exception {
    long now = clock.millis();
    applyCommand(now);
    if (!state.running()) {
      if (automatic && now >= state.nextRun()) {
        start();
      } else {
        return WorkerState.IDLE;
      }
    }
    if (state.pausedUntil() > now) {
      return WorkerState.IDLE;
    }
    if (pending.isEmpty() && !fillPending()) {
      finish(now);
      return WorkerState.IDLE;
    }
    Hash hash = pending.poll();
    long started = System.nanoTime();
    DataDir dir = store.dirs().get(state.dir());
    try {
      dir.read(hash);
    } catch (CorruptBlockException e) {
      state = state.withCorruption();
      LOG.warn(
          "scrub found block {} corrupt in {}: renamed aside, resync queued", hash, dir.dataDir());
      onCorrupt.accept(hash);
    }
    checkedThisPass++;
    if (now - lastCheckpoint >= CHECKPOINT_MILLIS) {
      save();
      lastCheckpoint = now;
    }
    long rest = (System.nanoTime() - started) * tranquility.get();
    if (rest > 0) {
      Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
    }
    return WorkerState.BUSY;
  }

  /** Loads the next non-empty sub-directory; false when the pass has seen every dir. */
  private boolean fillPending() throws Exception {
    List<DataDir> dirs = store.dirs();
    int dir = state.dir();
    int prefix = state.prefix();
    while (dir < dirs.size()) {
      while (prefix < PREFIXES) {
        List<Hash> hashes = dirs.get(dir).hashesWithPrefix(prefix);
        prefix++;
        if (!hashes.isEmpty()) {
          pending.addAll(hashes);
          state = state.at(dir, prefix);
          return true;
        }
      }
      dir++;
      prefix = 0;
    }
    return false;
  }

  private void applyCommand(long now) {
    Command c = command.getAndSet(null);
    if (c == null) {
      return;
    }
    switch (c) {
      case START -> {
        if (!state.running()) {
          start();
        }
      }
      case PAUSE -> state = state.pausedUntil(now + MAX_PAUSE_MILLIS);
      case RESUME -> state = state.pausedUntil(0);
      case CANCEL -> {
        pending.clear();
        state = state.stopped(state.lastCompleted(), nextRunFrom(now));
      }
    }
    save();
  }

  private void start() {
    pending.clear();
    checkedThisPass = 0;
    state = state.started();
    save();
    LOG.info("scrub pass started");
  }

  private void finish(long now) {
    state = state.stopped(now, nextRunFrom(now));
    save();
    LOG.info(
        "scrub pass complete: {} blocks checked, {} corrupt so far",
        checkedThisPass,
        state.corruptions());
  }

  private long nextRunFrom(long now) {
    return now + INTERVAL_MILLIS + (long) (random.nextDouble() * JITTER_MILLIS);
  }

  private void save() {
    db.rememberScrubState(state.encode());
  }

  @Override
  public synchronized String status() {
    if (!state.running()) {
      return "idle; last pass completed at %d, next at %d, %d corruptions found"
          .formatted(state.lastCompleted(), state.nextRun(), state.corruptions());
    }
    return "%s dir %d at %04x, %d blocks checked this pass, %d corruptions found"
        .formatted(
            state.pausedUntil() > clock.millis() ? "paused in" : "scrubbing",
            state.dir(),
            state.prefix(),
            checkedThisPass,
            state.corruptions());
  }
}
