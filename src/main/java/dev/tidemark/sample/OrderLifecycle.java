package dev.tidemark.sample;

import java.util.Arrays;
import java.util.Random;

/**
 * The whole life of one order, decided when it is created: versions v1..vn with their event times.
 * Version numbers and event times increase together, so comparing version indexes is the same as
 * comparing the (updated_at, version) sequence. Immutable.
 */
final class OrderLifecycle {

  private static final String[] CURRENCIES = {"EUR", "USD", "GBP"};
  private static final int HOUR_MS = 3_600_000;
  private static final int DAY_MS = (int) OrderVersion.DAY_MS;

  // Branch probabilities in permille. The expected number of versions below is derived from them.
  private static final int ABANDONED = 40; // stays "created"
  private static final int CANCELLED_UNPAID = 60;
  private static final int PAID_SAME_DAY = 700; // of paid orders; the rest pay the next day
  private static final int DISCOUNT_AT_PAYMENT = 250;
  private static final int STAYS_PAID = 60;
  private static final int CANCELLED_PAID = 40;
  private static final int LOST_IN_TRANSIT = 80; // shipped but never marked delivered
  private static final int SAME_TIMESTAMP_V2 = 50; // v2 carries exactly v1's updated_at

  final long seq;
  final int customerNo;
  final String currency;
  final int orderDay; // day index of v1; the order_date, which never changes
  // An array rather than a List: one pointer hop less per row matters at 10M shuffled rows.
  private final OrderVersion[] versions;

  private OrderLifecycle(long seq, int customerNo, String currency, OrderVersion[] versions) {
    this.seq = seq;
    this.customerNo = customerNo;
    this.currency = currency;
    this.versions = versions;
    this.orderDay = versions[0].eventDay();
  }

  int versionCount() {
    return versions.length;
  }

  /** Version {@code index + 1}. */
  OrderVersion version(int index) {
    return versions[index];
  }

  /** Average number of versions per order, used to size the number of new orders per day. */
  static double expectedVersions() {
    double paid = 1 - (ABANDONED + CANCELLED_UNPAID) / 1000.0;
    double shipped = paid * (1 - (STAYS_PAID + CANCELLED_PAID) / 1000.0);
    double delivered = shipped * (1 - LOST_IN_TRANSIT / 1000.0);
    double cancelled = CANCELLED_UNPAID / 1000.0 + paid * CANCELLED_PAID / 1000.0;
    return 1 + paid + shipped + delivered + cancelled;
  }

  /** Plans an order created on {@code day}; every draw comes from {@code rnd}, in a fixed order. */
  static OrderLifecycle plan(long seq, int day, Random rnd) {
    int customerNo = rnd.nextInt(100_000);
    String currency = CURRENCIES[rnd.nextInt(CURRENCIES.length)];
    int cents = baseAmountCents(rnd);
    boolean sameTimestampV2 = rnd.nextInt(1000) < SAME_TIMESTAMP_V2;
    OrderVersion[] versions = new OrderVersion[4];
    long t = day * OrderVersion.DAY_MS + rnd.nextInt(DAY_MS);
    versions[0] = new OrderVersion(1, OrderStatus.CREATED, cents, t);
    int count = planAfterCreation(versions, cents, t, sameTimestampV2, rnd);
    return new OrderLifecycle(seq, customerNo, currency, Arrays.copyOf(versions, count));
  }

  /** Fills versions[1..] after "created"; returns how many versions the order has. */
  private static int planAfterCreation(
      OrderVersion[] versions, int cents, long t, boolean sameTimestampV2, Random rnd) {
    int roll = rnd.nextInt(1000);
    if (roll < ABANDONED) {
      return 1;
    }
    if (roll < ABANDONED + CANCELLED_UNPAID) {
      // A fraud check may reject an order in the same instant it is created.
      t = sameTimestampV2 ? t : t + HOUR_MS + rnd.nextInt(19 * HOUR_MS);
      versions[1] = new OrderVersion(2, OrderStatus.CANCELLED, cents, t);
      return 2;
    }
    t = sameTimestampV2 ? t : paymentTime(t, rnd);
    if (rnd.nextInt(1000) < DISCOUNT_AT_PAYMENT) {
      // A voucher at checkout lowers the amount; keep it strictly positive.
      cents = Math.max(1, cents - cents * (5 + rnd.nextInt(16)) / 100);
    }
    versions[1] = new OrderVersion(2, OrderStatus.PAID, cents, t);

    roll = rnd.nextInt(1000);
    if (roll < STAYS_PAID) {
      return 2;
    }
    if (roll < STAYS_PAID + CANCELLED_PAID) {
      t += HOUR_MS + rnd.nextInt(23 * HOUR_MS);
      versions[2] = new OrderVersion(3, OrderStatus.CANCELLED, cents, t);
      return 3;
    }
    t = laterDay(t, 1 + rnd.nextInt(3), rnd);
    versions[2] = new OrderVersion(3, OrderStatus.SHIPPED, cents, t);
    if (rnd.nextInt(1000) < LOST_IN_TRANSIT) {
      return 3;
    }
    t = laterDay(t, 1 + rnd.nextInt(4), rnd);
    versions[3] = new OrderVersion(4, OrderStatus.DELIVERED, cents, t);
    return 4;
  }

  // Integers only: floating-point helpers like Math.pow may differ between JVMs and break
  // byte-identical output. Most baskets are small, a few are large; all stay below 10,000.00.
  private static int baseAmountCents(Random rnd) {
    return rnd.nextInt(1000) < 800 ? 100 + rnd.nextInt(20_000) : 20_000 + rnd.nextInt(480_000);
  }

  private static long paymentTime(long created, Random rnd) {
    long endOfDay = (Math.floorDiv(created, OrderVersion.DAY_MS) + 1) * OrderVersion.DAY_MS;
    int leftToday = (int) (endOfDay - created - 1);
    if (leftToday > 0 && rnd.nextInt(1000) < PAID_SAME_DAY) {
      return created + 1 + rnd.nextInt(leftToday);
    }
    return laterDay(created, 1, rnd);
  }

  /** A random time on the day {@code days} after the day of {@code t}; always after {@code t}. */
  private static long laterDay(long t, int days, Random rnd) {
    long dayStart = (Math.floorDiv(t, OrderVersion.DAY_MS) + days) * OrderVersion.DAY_MS;
    return dayStart + rnd.nextInt(DAY_MS);
  }
}
