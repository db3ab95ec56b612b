package dev.tidemark.sample;

/** Where an order is in its lifecycle: created → paid → shipped → delivered, or cancelled. */
enum OrderStatus {
  CREATED("created"),
  PAID("paid"),
  SHIPPED("shipped"),
  DELIVERED("delivered"),
  CANCELLED("cancelled");

  /** The lower-case value written to the {@code status} field. */
  final String json;

  OrderStatus(String json) {
    this.json = json;
  }
}
