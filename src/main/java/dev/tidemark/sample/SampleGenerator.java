package dev.tidemark.sample;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Writes a reproducible change feed of order events into date-partitioned raw folders, together
 * with the golden state a correct backfill must arrive at.
 *
 * <p>Raw rows are order events (order_id, customer_id, order_date, status, amount, currency,
 * updated_at, version) in JSON Lines. Golden rows repeat those 8 fields plus valid_from (inclusive)
 * and valid_to (exclusive, null while current): the newest (updated_at, version) of a key among
 * everything landed up to each landing date.
 *
 * <p>It works landing day by landing day: each day creates new orders and plans their whole
 * lifecycle and all its deliveries up front, buffering deliveries for later days. Only orders with
 * deliveries still due stay in memory; once an order's last delivery has landed, its golden rows
 * are final and are written out. That keeps memory bounded by a few days of feed, whatever the
 * number of days.
 */
public final class SampleGenerator {

  /** Order ids have 8 digits. */
  private static final long MAX_ORDERS = 99_999_999L;

  /**
   * One delivery of a version of a live order, waiting in its landing day's bucket. It points at
   * the version directly, saving pointer hops on the hot path.
   */
  private record Delivery(LiveOrder order, OrderVersion version) {}

  private final SampleSpec spec;
  private final Path rawDir;
  private final RowFormatter formatter;
  private final SampleCounts counts = new SampleCounts();
  private final List<List<Delivery>> buckets;
  // One stream per concern, so tuning e.g. the delivery quirks leaves every lifecycle unchanged.
  private final Random lifecycleRandom;
  private final Random deliveryRandom;
  private final Random shuffleRandom;
  private final StringBuilder line = new StringBuilder(256);
  private long liveOrders;

  private SampleGenerator(SampleSpec spec, Path rawDir) {
    this.spec = spec;
    this.rawDir = rawDir;
    this.formatter = new RowFormatter(spec.start(), spec.days());
    // Created on first use: only the few days ahead that deliveries can reach exist at a time.
    this.buckets = new ArrayList<>(Collections.nCopies(spec.days(), null));
    this.lifecycleRandom = new Random(mix(spec.seed(), 1));
    this.deliveryRandom = new Random(mix(spec.seed(), 2));
    this.shuffleRandom = new Random(mix(spec.seed(), 3));
  }

  /**
   * Writes {@code rawDir/dt=YYYY-MM-DD/part-NNNNN.json} for every landing date of {@code spec} and
   * {@code goldenDir/part-NNNNN.json}, after deleting old {@code dt=*} folders and golden part
   * files there, so the same spec always leaves byte-identical trees. Every landing date gets a
   * folder with {@code filesPerDay} part files, even if some are empty. Other files in the two
   * directories are left alone.
   */
  public static SampleSummary write(SampleSpec spec, Path rawDir, Path goldenDir)
      throws IOException {
    Objects.requireNonNull(spec, "Cannot write sample data: spec is null");
    Objects.requireNonNull(rawDir, "Cannot write sample data: rawDir is null");
    Objects.requireNonNull(goldenDir, "Cannot write sample data: goldenDir is null");
    long orders = ordersPerDay(spec) * spec.days();
    if (orders > MAX_ORDERS) {
      throw new IllegalArgumentException(
          "Cannot write sample data for "
              + spec
              + ": it needs "
              + orders
              + " orders but order ids have 8 digits (at most "
              + MAX_ORDERS
              + ")");
    }
    clean(rawDir, goldenDir);
    return new SampleGenerator(spec, rawDir).run(goldenDir);
  }

  /**
   * New orders per day so that a warm landing folder holds about {@code rowsPerDay} rows: every
   * order eventually delivers about {@link DeliveryPlanner#expectedDeliveriesPerOrder()} rows.
   */
  static long ordersPerDay(SampleSpec spec) {
    return Math.max(
        1, Math.round(spec.rowsPerDay() / DeliveryPlanner.expectedDeliveriesPerOrder()));
  }

  // close() is called early on purpose: it waits for the golden writer thread, so the row count
  // read next is final; the try block still closes it on failure.
  @SuppressWarnings("try")
  private SampleSummary run(Path goldenDir) throws IOException {
    long ordersPerDay = ordersPerDay(spec);
    long nextSeq = 1;
    try (GoldenWriter golden = new GoldenWriter(goldenDir, formatter)) {
      for (int day = 0; day < spec.days(); day++) {
        for (long i = 0; i < ordersPerDay; i++) {
          createOrder(nextSeq++, day);
        }
        List<Delivery> landing = bucket(day);
        buckets.set(day, null);
        shuffle(landing);
        writeLandingFolder(day, landing);
        List<LiveOrder> done = landDay(day, landing);
        for (LiveOrder order : done) {
          counts.equalTimestampPairs += order.equalTimestampPairs();
        }
        liveOrders -= done.size();
        golden.writeLater(done);
      }
      golden.close();
      counts.goldenRows = golden.rowsWritten();
    }
    if (liveOrders != 0) {
      throw new IllegalStateException(
          "Cannot finish the sample: " + liveOrders + " orders still expect deliveries (a bug)");
    }
    return counts.toSummary(spec.start(), spec.lastLandingDate());
  }

  /** Plans a new order and queues its deliveries; ones after the last landing day never land. */
  private void createOrder(long seq, int day) {
    OrderLifecycle lifecycle = OrderLifecycle.plan(seq, day, lifecycleRandom);
    List<DeliveryPlanner.PlannedDelivery> planned = DeliveryPlanner.plan(lifecycle, deliveryRandom);
    int inWindow = 0;
    for (DeliveryPlanner.PlannedDelivery delivery : planned) {
      if (delivery.landingDay() < spec.days()) {
        inWindow++;
      }
    }
    if (inWindow == 0) {
      return;
    }
    LiveOrder order = new LiveOrder(lifecycle, inWindow);
    liveOrders++;
    for (DeliveryPlanner.PlannedDelivery delivery : planned) {
      if (delivery.landingDay() < spec.days()) {
        OrderVersion version = lifecycle.version(delivery.versionIndex());
        bucket(delivery.landingDay()).add(new Delivery(order, version));
      }
    }
  }

  private List<Delivery> bucket(int day) {
    List<Delivery> bucket = buckets.get(day);
    if (bucket == null) {
      // Sized for a warm day (plus slack), so it rarely grows by copying; capped so an absurd
      // rowsPerDay does not allocate a giant array up front.
      bucket = new ArrayList<>((int) Math.min(spec.rowsPerDay() * 9L / 8 + 16, 1 << 22));
      buckets.set(day, bucket);
    }
    return bucket;
  }

  /** Fisher-Yates with our own seeded Random, so the order never depends on JDK internals. */
  private void shuffle(List<Delivery> rows) {
    for (int i = rows.size() - 1; i > 0; i--) {
      int j = shuffleRandom.nextInt(i + 1);
      rows.set(j, rows.set(i, rows.get(j)));
    }
  }

  /** Splits the shuffled rows into contiguous chunks, one per part file (some may be empty). */
  private void writeLandingFolder(int day, List<Delivery> rows) throws IOException {
    Path folder = rawDir.resolve("dt=" + formatter.date(day));
    Files.createDirectories(folder);
    int files = spec.filesPerDay();
    for (int part = 0; part < files; part++) {
      int from = (int) ((long) rows.size() * part / files);
      int to = (int) ((long) rows.size() * (part + 1) / files);
      try (JsonLinesWriter out =
          new JsonLinesWriter(folder.resolve(JsonLinesWriter.partFileName(part)))) {
        for (Delivery delivery : rows.subList(from, to)) {
          line.setLength(0);
          formatter.appendRaw(line, delivery.order().lifecycle, delivery.version());
          out.writeLine(line);
        }
      }
    }
    counts.rawRows += rows.size();
  }

  /** Updates every touched order with the day's deliveries; returns the finished ones by id. */
  private List<LiveOrder> landDay(int day, List<Delivery> rows) {
    List<LiveOrder> touched = new ArrayList<>(rows.size());
    for (Delivery delivery : rows) {
      if (delivery.order().land(day, delivery.version(), counts)) {
        touched.add(delivery.order());
      }
    }
    List<LiveOrder> done = new ArrayList<>(touched.size());
    for (LiveOrder order : touched) {
      if (order.endOfDay(day, counts)) {
        done.add(order);
      }
    }
    done.sort(Comparator.comparingLong(order -> order.seq));
    return done;
  }

  /** Removes earlier output, so leftovers of a bigger spec cannot survive a smaller one. */
  private static void clean(Path rawDir, Path goldenDir) throws IOException {
    Files.createDirectories(rawDir);
    Files.createDirectories(goldenDir);
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(rawDir, "dt=*")) {
      for (Path folder : folders) {
        deleteRecursively(folder);
      }
    }
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(goldenDir, "part-*.json")) {
      for (Path part : parts) {
        Files.delete(part);
      }
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException failure)
              throws IOException {
            if (failure != null) {
              throw failure;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /**
   * SplitMix64's finalizer: turns (seed, stream) into well-spread seeds. java.util.Random seeds
   * that differ by a small constant give correlated first draws, so we never use seed + k.
   */
  private static long mix(long seed, long stream) {
    long z = seed + stream * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
