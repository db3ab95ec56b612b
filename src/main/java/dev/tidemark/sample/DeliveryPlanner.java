package dev.tidemark.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Decides which landing folders each version of an order is delivered into. Most versions land
 * once, in the folder of their event day; the quirks a real change feed has are mixed in on purpose
 * so that a backfill has something to get wrong.
 */
final class DeliveryPlanner {

  /** One delivery of version {@code versionIndex} (0-based) into landing day {@code landingDay}. */
  record PlannedDelivery(int versionIndex, int landingDay) {}

  // Rates in permille of versions.
  private static final int LATE = 20; // lands 1-3 days after its event day
  private static final int DUPLICATE = 20; // delivered a second time, same folder or 1-2 later
  private static final int STALE = 10; // re-delivered after the next version has landed

  private DeliveryPlanner() {}

  /** Average deliveries per order, counting duplicates and stale re-deliveries. */
  static double expectedDeliveriesPerOrder() {
    double versions = OrderLifecycle.expectedVersions();
    return versions * (1 + DUPLICATE / 1000.0) + (versions - 1) * STALE / 1000.0;
  }

  /**
   * Plans every delivery of {@code order}, including ones after the last landing day; the caller
   * drops those. Draws come from {@code rnd} in a fixed order, so the plan is reproducible.
   */
  static List<PlannedDelivery> plan(OrderLifecycle order, Random rnd) {
    int[] primary = new int[order.versionCount()];
    for (int i = 0; i < primary.length; i++) {
      int late = rnd.nextInt(1000) < LATE ? 1 + rnd.nextInt(3) : 0;
      primary[i] = order.version(i).eventDay() + late;
    }
    List<PlannedDelivery> deliveries = new ArrayList<>(primary.length + 1);
    for (int i = 0; i < primary.length; i++) {
      deliveries.add(new PlannedDelivery(i, primary[i]));
      if (rnd.nextInt(1000) < DUPLICATE) {
        deliveries.add(new PlannedDelivery(i, primary[i] + rnd.nextInt(3)));
      }
      // An upstream replay resends an old version after its successor already landed.
      if (i + 1 < primary.length && rnd.nextInt(1000) < STALE) {
        deliveries.add(new PlannedDelivery(i, primary[i + 1] + 1 + rnd.nextInt(3)));
      }
    }
    return deliveries;
  }
}
